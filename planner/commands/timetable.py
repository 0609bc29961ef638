"""``planner timetable`` (a request file) and ``planner term`` (the database's terms)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from planner.cli import sessions_from
from planner.db import transaction
from planner.optimize.errors import SpecError
from planner.optimize.timetable import timetable_term, validate_timetable
from planner.services.timetable import TimetableError, fill_closed_dates, move_session, plan_term


def _fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(2)


def _read_json(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        _fail(f"{path}: {exc.strerror}")
    except json.JSONDecodeError as exc:
        _fail(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits, nesting too deep
        _fail(f"{path}: not a request JSON can hold ({type(exc).__name__})")


def _summary_line(answer: dict) -> str:
    s = answer["summary"]
    return (f"placed {s['placed']}/{s['sessions']} sessions, preferred {s['preferred_met']}/"
            f"{s['preferred_total']}, travel {s['travel_km']} km, {s['status']}, "
            f"gap {s['gap']}, {s['solve_seconds']} s")


@click.command("timetable")
@click.argument("request", type=click.Path(dir_okay=False))
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=None,
              help="Seconds for the solver (overrides the request's options.time_limit).")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the timetable here instead of printing it.")
@click.option("--check", "check", type=click.Path(dir_okay=False), default=None,
              help="Do not solve: check this timetable against REQUEST and list broken rules.")
def timetable(request: str, time_limit: float | None, out: str | None, check: str | None) -> None:
    """Timetable a term's group programmes from REQUEST.json (spec section 2).

    Without closed_dates in the request, the Russian production calendar's
    holidays are closed. A malformed request is refused with its JSON path
    (exit code 2).
    """
    doc = fill_closed_dates(_read_json(request))
    if time_limit is not None and isinstance(doc, dict):
        options = doc.get("options") if isinstance(doc.get("options"), dict) else {}
        doc = dict(doc, options=dict(options, time_limit=time_limit))
    try:
        if check:
            _report_check(validate_timetable(doc, _read_json(check)))
            return
        answer = timetable_term(doc)
    except SpecError as exc:
        _fail(f"{request}: {exc.path}: {exc.message}")
    text = json.dumps(answer, ensure_ascii=False, indent=2)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
        click.echo(_summary_line(answer), err=True)
    else:
        click.echo(text)


def _report_check(errors: list[str]) -> None:
    for line in errors:
        click.echo(line)
    click.echo(f"{len(errors)} broken rule(s)" if errors else "the timetable keeps every rule",
               err=True)
    if errors:
        raise SystemExit(1)


@click.group("term")
def term() -> None:
    """Timetable the database's group programmes for a term, and edit it."""


@term.command("plan")
@click.option("--code", required=True, help="Term code, e.g. 2027-spring.")
@click.option("--start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=20.0, show_default=True)
@click.pass_context
def plan(ctx: click.Context, code: str, start: dt.datetime, end: dt.datetime,
         time_limit: float) -> None:
    """Create or update term CODE and timetable every programme in it (locks kept)."""
    if end < start:
        _fail("--end is before --start")
    answer = _in_transaction(ctx, lambda db: plan_term(db, code, start.date(), end.date(),
                                                       time_limit=time_limit))
    _print_outcome(answer)


@term.command("move")
@click.option("--code", required=True, help="Term code.")
@click.option("--programme", required=True, help="Programme code.")
@click.option("--n", "n", required=True, type=click.IntRange(min=1), help="Session number.")
@click.option("--date", "date", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--start", default=None, help="New start HH:MM (default: unchanged).")
@click.option("--venue", default=None, help="New venue code (default: unchanged).")
@click.option("--staff", default=None, help="New people, staff codes separated by commas.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=20.0, show_default=True)
@click.pass_context
def move(ctx: click.Context, code: str, programme: str, n: int, date: dt.datetime,
         start: str | None, venue: str | None, staff: str | None, time_limit: float) -> None:
    """Move one session by hand, lock it there and re-solve the rest of the term."""
    people = [s.strip() for s in staff.split(",") if s.strip()] if staff else None
    answer = _in_transaction(ctx, lambda db: move_session(
        db, code, programme, n, date=date.date(), start=start, venue=venue, staff=people,
        time_limit=time_limit))
    _print_outcome(answer)


def _in_transaction(ctx: click.Context, work):
    try:
        with transaction(sessions_from(ctx)) as db:
            return work(db)
    except (TimetableError, SpecError) as exc:
        _fail(str(exc))


def _print_outcome(answer: dict) -> None:
    click.echo(_summary_line(answer))
    for item in answer["unplaced"]:
        click.echo(f"unplaced {item['programme']}: {item['missing']} "
                   f"({', '.join(item['reasons'])}) {item['detail']}", file=sys.stdout)

COMMANDS = (timetable, term)
