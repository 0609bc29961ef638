"""``planner solve REQUEST.json``: the weekly brigade plan of a plan request."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from planner.optimize.errors import SpecError


@click.command("solve")
@click.argument("request_file", metavar="REQUEST.json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds to search (default: options.time_limit of the request, else 30).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Seed of the search (default: options.seed).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, writable=True, path_type=Path), default=None,
              help="Write the plan here instead of printing it.")
def solve(request_file: Path, time_limit: float | None, seed: int | None, out_file: Path | None) -> None:
    """Plan crews, routes and visit times for the week in REQUEST.json (spec section 1).

    A malformed request is refused with the JSON path of the bad field and exit code 2.
    """
    from planner.optimize.brigade import plan_week

    request = _override(_read(request_file), time_limit=time_limit, seed=seed)
    try:
        plan = plan_week(request)
    except SpecError as err:
        _fail(f"{request_file}: {err.path}: {err.message}")
    text = json.dumps(plan, ensure_ascii=False, indent=2)
    if out_file is None:
        click.echo(text)
    else:
        out_file.write_text(text + "\n", encoding="utf-8")
        summary = plan["summary"]
        click.echo(f"{out_file}: {summary['served']} of {summary['visits']} visits, "
                   f"priority {summary['priority_served']}/{summary['priority_total']}, cost {summary['cost']}")


def _override(request, **options):
    """The request with the command line's options in place of its own."""
    given = {k: v for k, v in options.items() if v is not None}
    if not given or not isinstance(request, dict) or not isinstance(request.get("options", {}), dict):
        return request  # nothing to change, or the spec check will name what is wrong
    return {**request, "options": {**request.get("options", {}), **given}}


def _read(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        _fail(f"{path}: cannot read: {err}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        _fail(f"{path}: line {err.lineno}, column {err.colno}: invalid JSON: {err.msg}")
    except (ValueError, RecursionError) as err:  # a number of over 4,300 digits, nesting too deep
        _fail(f"{path}: not a request JSON can hold ({type(err).__name__})")


def _fail(message: str):
    click.echo(message, err=True)
    sys.exit(2)

COMMANDS = (solve,)
