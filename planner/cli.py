"""The ``planner`` command line.

Each command is a thin shell over a service or an optimiser function; the
exit code is 0 on success, 2 on bad input (with the file, row or JSON path
that is wrong), 1 on anything else.
"""

from __future__ import annotations

import click

from planner import config
from planner.db import make_engine, upgrade


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database", envvar="PLANNER_DATABASE_URL", default=None,
              help="SQLAlchemy URL (default: sqlite file instance/planner.sqlite).")
@click.pass_context
def cli(ctx: click.Context, database: str | None) -> None:
    """Plan mobile brigades and group programmes of a family-support centre."""
    ctx.ensure_object(dict)
    ctx.obj["database_url"] = database or config.load().database_url


def engine_from(ctx: click.Context):
    """The engine of the database chosen on the command line."""
    return make_engine(ctx.find_root().obj["database_url"])


@cli.command("init-db")
@click.pass_context
def init_db(ctx: click.Context) -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    upgrade(engine_from(ctx))
    click.echo("database is at the newest schema")


from planner.commands.serve import serve  # noqa: E402

cli.add_command(serve)

from planner.commands.timetable import term, timetable  # noqa: E402

cli.add_command(timetable)
cli.add_command(term)

from planner.commands.data import export_command, import_command, load_demo  # noqa: E402

cli.add_command(import_command)
cli.add_command(load_demo)
cli.add_command(export_command)

from planner.commands.request import outcome, request  # noqa: E402

cli.add_command(request)
cli.add_command(outcome)

from planner.commands.bench import bench  # noqa: E402

cli.add_command(bench)

from planner.commands.users import create_admin, create_user_command  # noqa: E402

cli.add_command(create_admin)
cli.add_command(create_user_command)

from planner.commands.publish import publish_command  # noqa: E402

cli.add_command(publish_command)

from planner.commands.notices import notices  # noqa: E402

cli.add_command(notices)

from planner.commands.feeds import feeds  # noqa: E402

cli.add_command(feeds)

from planner.commands.solve import solve  # noqa: E402

cli.add_command(solve)

from planner.commands.demo import demo  # noqa: E402

cli.add_command(demo)
