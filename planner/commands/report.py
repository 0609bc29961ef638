"""``planner report``: the figures a centre sends to its region, as JSON, CSV or XLSX.

The same numbers as the web app's report page (``planner.services.reports``);
counts only, never a family's name.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import click
from babel.support import Translations

import planner
from planner.cli import sessions_from
from planner.db import transaction
from planner.services import reports
from planner.services.reports.tables import Translate, plain

DAY = click.DateTime(formats=["%Y-%m-%d"])
TRANSLATIONS = Path(planner.__file__).parent / "translations"


def _translate(lang: str) -> Translate:
    """The captions in ``lang``: Russian from the web app's catalogue, English as written."""
    if lang == "en":
        return plain
    return Translations.load(str(TRANSLATIONS), [lang]).gettext


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


def _period(start: dt.datetime | None, end: dt.datetime | None, period: str | None) -> reports.Period:
    if period:
        if start or end:
            _fail("give either --period or --from and --to")
        try:
            return reports.parse_period(period)
        except ValueError as error:
            _fail(f"--period: {error}")
    if not (start and end):
        _fail("give --from and --to (YYYY-MM-DD), or --period")
    try:
        return reports.Period(start.date(), end.date())
    except ValueError as error:
        _fail(f"--to: {error}")


@click.command("report")
@click.option("--from", "start", type=DAY, help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "end", type=DAY, help="Last day of the period (YYYY-MM-DD).")
@click.option("--period", help="Instead of the dates: a year (2026), quarter (2026-Q1) or month (2026-03).")
@click.option("--scope", default="centre", show_default=True,
              help="centre, district:CODE, programme:CODE or specialist:CODE.")
@click.option("--format", "kind", type=click.Choice(["json", "csv", "xlsx"]), default="json",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (required for xlsx).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True,
              help="Language of the captions (the numbers and the tables' keys stay the same).")
@click.pass_context
def report(ctx: click.Context, start, end, period, scope: str, kind: str, out: Path | None,
           lang: str) -> None:
    """The report of a period: trips, planning meetings, visits, services, families reached,
    group sessions and attendance, online consultations, cases opened and closed."""
    chosen = _period(start, end, period)
    if kind == "xlsx" and out is None:
        _fail("--format xlsx needs --out FILE.xlsx")
    with transaction(sessions_from(ctx)) as db:
        try:
            built = reports.build_report(db, chosen, reports.parse_scope(db, scope))
        except ValueError as error:
            _fail(f"--scope: {error}")
    translate = _translate(lang)
    if kind == "xlsx":
        with out.open("wb") as handle:
            reports.to_xlsx(built, handle, translate)
        click.echo(str(out))
        return
    if kind == "csv":
        buffer = io.StringIO()
        reports.to_csv(built, buffer, translate)
        text = buffer.getvalue()
    else:
        text = json.dumps(reports.to_json(built, translate), ensure_ascii=False, indent=1) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


COMMANDS = (report,)
