"""``planner add-centre`` and ``planner centres``: the centres of a region's installation.

These two see the whole installation; every other command works in the centre named by
``--centre`` (or ``PLANNER_CENTRE``), which an installation of one centre does not need.
"""

from __future__ import annotations

import click
from sqlalchemy import func, select

from planner.cli import engine_from
from planner.db import session_factory, transaction
from planner.models import Centre, Family, User


@click.command("add-centre")
@click.argument("code")
@click.argument("name")
@click.pass_context
def add_centre(ctx: click.Context, code: str, name: str) -> None:
    """Add a centre CODE called NAME (its data, users and plans are its own)."""
    code, name = code.strip(), name.strip()
    if not code or not name or len(code) > 40 or len(name) > 200:
        raise click.BadParameter("give a code of at most 40 characters and a name of at most 200")
    with transaction(session_factory(engine_from(ctx))) as session:
        if session.scalar(select(Centre).where(Centre.code == code)) is not None:
            click.echo(f"error: code: centre {code!r} already exists", err=True)
            raise SystemExit(2)
        session.add(Centre(code=code, name=name))
    click.echo(f"centre {code} ({name}) added")


@click.command("centres")
@click.pass_context
def list_centres(ctx: click.Context) -> None:
    """List the centres: code, name, accounts and open cases."""
    with transaction(session_factory(engine_from(ctx))) as session:
        users = dict(session.execute(select(User.centre_id, func.count()).group_by(User.centre_id)).all())
        cases = dict(session.execute(select(Family.centre_id, func.count()).where(Family.status == "open")
                                     .group_by(Family.centre_id)).all())
        for centre in session.scalars(select(Centre).order_by(Centre.code)):
            click.echo(f"{centre.code}\t{centre.name}\t{users.get(centre.id, 0)} accounts\t"
                       f"{cases.get(centre.id, 0)} open cases")


COMMANDS = (add_centre, list_centres)
