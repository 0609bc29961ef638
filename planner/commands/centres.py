"""``planner add-centre`` and ``planner centres``: the centres of a region's installation.

These two see the whole installation; every other command works in the centre named by
``--centre`` (or ``PLANNER_CENTRE``), which an installation of one centre does not need.
The regional coordinator does the same on the web (``/region/centres``).
"""

from __future__ import annotations

import click

from planner.cli import engine_from
from planner.db import session_factory, transaction
from planner.services.centres import add_centre as add, centre_rows
from planner.services.errors import CodedError


@click.command("add-centre")
@click.argument("code")
@click.argument("name")
@click.pass_context
def add_centre(ctx: click.Context, code: str, name: str) -> None:
    """Add a centre CODE called NAME (its data, users and plans are its own)."""
    try:
        with transaction(session_factory(engine_from(ctx))) as session:
            add(session, code, name)
    except CodedError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(2) from None
    click.echo(f"centre {code.strip()} ({name.strip()}) added")


@click.command("centres")
@click.pass_context
def list_centres(ctx: click.Context) -> None:
    """List the centres: code, name, accounts and open cases."""
    with transaction(session_factory(engine_from(ctx))) as session:
        for row in centre_rows(session):
            click.echo(f"{row.code}\t{row.name}\t{row.accounts} accounts\t{row.open_cases} open cases")


COMMANDS = (add_centre, list_centres)
