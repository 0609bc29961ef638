"""``planner request``: the week's plan request; ``planner outcome``: what happened at a stop."""

from __future__ import annotations

import json
from pathlib import Path

import click

from planner.cli import sessions_from
from planner.db import transaction
from planner.models import OUTCOMES
from planner.services.demand import build_request
from planner.services.outcomes import record_outcome
from planner.services.production_calendar import parse_week


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


@click.command("request")
@click.option("--week", required=True, help="ISO week, e.g. 2026-W50.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON here instead of standard output.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=None,
              help="Solver time limit in seconds written into the request's options.")
@click.pass_context
def request(ctx: click.Context, week: str, out: Path | None, time_limit: float | None) -> None:
    """Write the plan request of a week (spec section 1) from the database.

    Due visits are stored as visit requests, so running it again for the
    same week keeps every visit's id.
    """
    try:
        parse_week(week)
    except ValueError as error:
        _fail(f"--week: {error}")
    with transaction(sessions_from(ctx)) as db:
        try:
            document = build_request(db, week, time_limit=time_limit)
        except ValueError as error:
            _fail(f"--week: {error}")
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
    visits = document["visits"]
    click.echo(f"{week}: {len(document['dates'])} working days, {len(visits)} visits "
               f"({sum(v['mandatory'] for v in visits)} mandatory), {len(document['staff'])} staff, "
               f"{len(document['vehicles'])} vehicles", err=True)


@click.command("outcome")
@click.argument("stop_id", type=int)
@click.argument("result", metavar="OUTCOME", type=click.Choice(OUTCOMES))
@click.option("--note", default="", help="A short note for the case file.")
@click.option("--service", "services", multiple=True, metavar="CODE",
              help="A service of the catalogue given at the visit (repeat for several).")
@click.option("--adults", type=click.IntRange(min=0), default=None, help="Adults met.")
@click.option("--children", type=click.IntRange(min=0), default=None, help="Children met.")
@click.pass_context
def outcome(ctx: click.Context, stop_id: int, result: str, note: str, services: tuple[str, ...],
            adults: int | None, children: int | None) -> None:
    """Record what happened at a stop: done, absent (family not in), refused or moved;
    for a visit done also the services given and the people met."""
    with transaction(sessions_from(ctx)) as db:
        try:
            record = record_outcome(db, stop_id, result, note, services=services or None,
                                    adults=adults, children=children)
        except LookupError as error:
            _fail(f"STOP_ID: {error}")
        except ValueError as error:
            _fail(str(error))
        click.echo(f"stop {stop_id}: {result} on {record.date.isoformat()}")

COMMANDS = (request, outcome)
