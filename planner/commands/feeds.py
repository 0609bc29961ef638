"""``planner feeds token``: issue or revoke the secret URL of a calendar feed."""

from __future__ import annotations

import click
from sqlalchemy import select

from planner.cli import sessions_from
from planner.db import transaction
from planner.models import Family, Programme, Staff, Vehicle
from planner.services import tokens

SUBJECTS = {"staff": (Staff, Staff.code), "vehicle": (Vehicle, Vehicle.code),
            "programme": (Programme, Programme.code), "family": (Family, Family.case_code)}


@click.group("feeds")
def feeds() -> None:
    """Calendar feeds of specialists, vehicles, programmes and families."""


@feeds.group("token")
def token() -> None:
    """Secret feed URLs: only their digest is stored, so a URL is shown once."""


@token.command("issue")
@click.argument("kind", type=click.Choice(list(SUBJECTS)))
@click.argument("code")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the web app is reachable from phones.")
@click.pass_context
def issue(ctx: click.Context, kind: str, code: str, base_url: str) -> None:
    """Issue a new URL for KIND CODE (staff/vehicle/programme code, family case code); the old one stops working."""
    with transaction(sessions_from(ctx)) as session:
        secret = tokens.issue(session, kind, _subject(session, kind, code).id)
    base = base_url.rstrip("/")
    click.echo(f"{base}/feeds/{secret}.ics")
    if kind == "family":
        click.echo(f"{base}/family/{secret}")


@token.command("revoke")
@click.argument("kind", type=click.Choice(list(SUBJECTS)))
@click.argument("code")
@click.pass_context
def revoke(ctx: click.Context, kind: str, code: str) -> None:
    """Revoke the URL of KIND CODE: calendar apps get 404 from then on."""
    with transaction(sessions_from(ctx)) as session:
        count = tokens.revoke(session, kind, _subject(session, kind, code).id)
    click.echo(f"revoked {count} token(s)")


def _subject(session, kind: str, code: str):
    model, column = SUBJECTS[kind]
    subject = session.scalars(select(model).where(column == code)).first()
    if subject is None:
        click.echo(f"no {kind} with code {code!r}", err=True)
        raise SystemExit(2)
    return subject

COMMANDS = (feeds,)
