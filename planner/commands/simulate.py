"""``planner simulate``: run the weeks forward on a copy of the database and see whether they add up."""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from planner.services.simulation import (
    ExtraVehicle,
    Overrides,
    WeekOutcome,
    simulate_copy,
    totals,
    weekdays,
)
from planner.services.simulation_chart import chart_html, chart_svg

HEADER = ("week", "asked", "mand", "served", "mand_out", "overdue", "od_days", "curator%", "idle%", "km/visit")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


def _extra(value: str) -> ExtraVehicle:
    like, _, days = value.partition(":")
    if not like or not days:
        raise ValueError(f"{value!r}: write VEHICLE:WEEKDAYS, e.g. uaz-1:wed")
    return ExtraVehicle(like, weekdays(days))


def _report(week: WeekOutcome, done: list[WeekOutcome]) -> None:
    """Print the week's line (under the header when it is the first) and keep it."""
    if not done:
        click.echo(" ".join(f"{name:>9}" for name in HEADER))
    done.append(week)
    click.echo(_line(week))


def _line(w: WeekOutcome) -> str:
    cells = (w.week, w.asked, w.mandatory, w.served, w.mandatory_left_out, w.overdue_families, w.overdue_days,
             f"{100 * w.curator_share:.0f}", f"{100 * w.idle_share:.0f}", f"{w.km_per_visit:.1f}")
    return " ".join(f"{cell!s:>9}" for cell in cells)


@click.command("simulate")
@click.option("--weeks", type=click.IntRange(1, 104), required=True, help="How many weeks to run.")
@click.option("--from", "first_week", default=None,
              help="First ISO week, e.g. 2026-W48 (default: the week after the visit history).")
@click.option("--time-limit", type=click.FloatRange(min=1), default=None,
              help="Solver seconds per week (default 20).")
@click.option("--absent", type=click.FloatRange(0, 1), default=None, help="Share of families not at home (0.07).")
@click.option("--refused", type=click.FloatRange(0, 1), default=None, help="Share refusing the visit (0.03).")
@click.option("--seed", type=int, default=None, help="Seed of the outcomes and the solver (0).")
@click.option("--extra-vehicle", "extras", multiple=True, metavar="VEHICLE:WEEKDAYS",
              help="One more vehicle like VEHICLE on those weekdays, e.g. uaz-1:wed (repeatable).")
@click.option("--overrides", "overrides_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON file with absent_share, refused_share, time_limit, seed, extra_vehicles.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("simulation"),
              show_default=True, help="Folder for simulation.json, simulation.svg and simulation.html.")
@click.pass_context
def simulate(ctx: click.Context, weeks: int, first_week: str | None, time_limit: float | None,
             absent: float | None, refused: float | None, seed: int | None, extras: tuple[str, ...],
             overrides_file: Path | None, out: Path) -> None:
    """Plan, publish and record outcomes week by week on a copy of the database, in one centre (--centre).

    Prints and writes per week: visits asked for, served, mandatory left
    out, overdue families and days, share of routine visits with the
    family's curator, idle rider-days, km per visit. The database itself is
    not changed.
    """
    try:
        data = json.loads(overrides_file.read_text(encoding="utf-8")) if overrides_file else {}
        if not isinstance(data, dict):
            raise ValueError("the file must hold one JSON object")
        options = {"absent_share": absent, "refused_share": refused, "time_limit": time_limit, "seed": seed}
        data.update({key: value for key, value in options.items() if value is not None})
        overrides = Overrides.from_dict(data)
        overrides = Overrides(**{**overrides.__dict__,
                                 "extra_vehicles": overrides.extra_vehicles + tuple(map(_extra, extras))})
    except (ValueError, json.JSONDecodeError) as error:
        _fail(f"{overrides_file or '--extra-vehicle'}: {error}")
    url = ctx.find_root().obj["database_url"]
    results = []
    try:
        results = simulate_copy(url, first_week, weeks, overrides, centre=ctx.find_root().obj.get("centre"),
                                report=lambda w: _report(w, results))
    except ValueError as error:
        _fail(str(error))
    except SQLAlchemyError as error:
        _fail(f"cannot read {make_url(url).render_as_string(hide_password=True)}: "
              f"{str(getattr(error, 'orig', None) or error).splitlines()[0]}")
    first_week = results[0].week
    out.mkdir(parents=True, exist_ok=True)
    summary = totals(results)
    document = {"from": first_week, "weeks": [w.as_dict() for w in results], "totals": summary,
                "overrides": {**overrides.__dict__,
                              "extra_vehicles": [e.__dict__ for e in overrides.extra_vehicles]}}
    (out / "simulation.json").write_text(json.dumps(document, ensure_ascii=False, indent=1, default=list) + "\n",
                                         encoding="utf-8")
    (out / "simulation.svg").write_text(chart_svg(results), encoding="utf-8")
    (out / "simulation.html").write_text(
        chart_html(results, f"Симуляция: {weeks} нед. с {first_week}"), encoding="utf-8")
    click.echo(f"mandatory served from week 3: >= {100 * summary['min_mandatory_served_share_from_week_3']:.1f} %;"
               f" curator on routine visits {100 * summary['curator_share']:.1f} %;"
               f" idle rider-days {100 * summary['idle_share']:.1f} %; written to {out}/")


COMMANDS = (simulate,)
