"""The ``planner`` command line.

Each command is a thin shell over a service or an optimiser function; the
exit code is 0 on success, 2 on bad input (with the file, row or JSON path
that is wrong), 1 on anything else.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import click

from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from planner import clock, commands, config
from planner.db import make_engine, session_factory, upgrade
from planner.models import Centre, tenancy


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database", envvar="PLANNER_DATABASE_URL", default=None,
              help="SQLAlchemy URL (default: sqlite file instance/planner.sqlite).")
@click.option("--now", "start", default=None, metavar="WHEN",
              help="Run as if it were this ISO date or date-time (the clock ticks on from there).")
@click.option("--centre", envvar="PLANNER_CENTRE", default=None, metavar="CODE",
              help="The centre to work in, in an installation of several (default: the only one).")
@click.pass_context
def cli(ctx: click.Context, database: str | None, start: str | None, centre: str | None) -> None:
    """Plan mobile brigades and group programmes of a family-support centre."""
    ctx.ensure_object(dict)
    if start:
        clock.install(_clock_at(start))
    ctx.obj["database_url"] = database or config.load().database_url
    ctx.obj["centre"] = centre


def _clock_at(start: str) -> clock.OffsetClock:
    try:
        return clock.OffsetClock(dt.datetime.fromisoformat(start))
    except ValueError:
        raise click.BadParameter(f"{start!r} is not an ISO date or date-time", param_hint="--now")


def engine_from(ctx: click.Context):
    """The engine of the database chosen on the command line."""
    return make_engine(ctx.find_root().obj["database_url"])


def sessions_from(ctx: click.Context, engine=None) -> sessionmaker[Session]:
    """Sessions on the chosen database in the ``--centre`` given.

    Without ``--centre`` an installation of one centre works in that centre; one of several
    refuses, so no command reads or writes several centres' rows at once."""
    engine = engine or engine_from(ctx)
    sessions = session_factory(engine)
    code = ctx.find_root().obj.get("centre")
    if not code and not inspect(engine).has_table(Centre.__tablename__):
        return sessions  # no schema yet: the command says what it misses
    with sessions() as session:
        try:
            centre_id = tenancy.chosen(session, code)
        except tenancy.CentreUnknown as error:
            raise (click.BadParameter(str(error), param_hint="--centre") if code else click.UsageError(str(error)))
    return tenancy.scoped(sessions, centre_id)


@cli.command("init-db")
@click.pass_context
def init_db(ctx: click.Context) -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade(engine_from(ctx))
    click.echo("database is at the newest schema")


def _register_commands() -> None:
    """Add every ``COMMANDS`` of the modules in ``planner.commands`` (one module per command)."""
    for module in pkgutil.iter_modules(commands.__path__):
        for command in getattr(importlib.import_module(f"{commands.__name__}.{module.name}"), "COMMANDS", ()):
            cli.add_command(command)


_register_commands()

