"""The report page of the head and the coordinator: a period's figures, charts, XLSX and print.

The figures come from ``planner.services.reports``; this module reads the
period and scope of the query string, translates the captions and hands
the tables and charts to the templates. Counts only, never a family's name.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, current_app, flash, render_template, request, send_file
from flask_babel import gettext as _
from sqlalchemy import select

from planner import clock
from planner.models import District, Programme, Staff
from planner.services import reports
from planner.services.reports import period as periods
from planner.web import charts
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _today() -> dt.date:
    return clock.today(current_app.config["TIMEZONE"])


def asked_period() -> reports.Period:
    """``?period=2026-Q4`` or ``?from=&to=``; the current quarter when absent or wrong."""
    try:
        if request.args.get("period"):
            return reports.parse_period(request.args["period"])
        if request.args.get("from") or request.args.get("to"):
            return reports.Period(dt.date.fromisoformat(request.args.get("from", "")),
                                  dt.date.fromisoformat(request.args.get("to", "")))
    except ValueError:
        flash(_("The period is not valid: give two dates, the second not before the first."), "error")
    return reports.quarter_of(_today())


def _scope() -> reports.Scope:
    try:
        return reports.parse_scope(get_session(), request.args.get("scope", "centre"))
    except ValueError:
        flash(_("There is no such district, programme or specialist; showing the whole centre."),
              "error")
        return reports.Scope()


def _report() -> reports.Report:
    return reports.build_report(get_session(), asked_period(), _scope())


def shortcuts(today: dt.date) -> list[tuple[str, reports.Period]]:
    this_quarter = reports.quarter_of(today)
    return [(_("This month"), periods.month(today.year, today.month)),
            (_("This quarter"), this_quarter),
            (_("Previous quarter"), reports.quarter_of(this_quarter.start - dt.timedelta(days=1))),
            (_("This year"), periods.year(today.year)),
            (_("Previous year"), periods.year(today.year - 1))]


def _scopes() -> list[tuple[str, str]]:
    """The scopes a reader can pick: the centre, each district, programme and specialist."""
    db = get_session()
    return ([("centre", _("Whole centre"))]
            + [(f"district:{d.code}", _("District: %(name)s", name=d.name))
               for d in db.scalars(select(District).order_by(District.name))]
            + [(f"programme:{p.code}", _("Programme: %(name)s", name=p.name))
               for p in db.scalars(select(Programme).order_by(Programme.name))]
            + [(f"specialist:{s.code}", _("Specialist: %(name)s (%(code)s)", name=s.full_name,
                                          code=s.code))
               for s in db.scalars(select(Staff).where(Staff.active).order_by(Staff.full_name))])


def _charts(report: reports.Report) -> list:
    """The charts people would rather look at than read: months, districts, programmes, closures."""
    def series(table, *names):
        return [(_(name), table.column(name)) for name in names]
    months, districts = report.table("months"), report.table("districts")
    programmes, closures = report.table("programmes"), report.table("closures")
    shown = [
        charts.columns(_("Trips per month"), months.column("Month"),
                       series(months, "Trips planned", "Trips made")),
        charts.columns(_("Services and home visits per month"), months.column("Month"),
                       series(months, "Services given", "Home visits", "Online consultations")),
    ]
    if districts.rows:
        shown.append(charts.rows(_("Coverage by district"), districts.column("District"),
                                 series(districts, "Families reached", "Children reached")))
    if programmes.rows:
        shown.append(charts.rows(_("Attendance per programme"), programmes.column("Programme"),
                                 series(programmes, "Attendance: adults", "Attendance: children")))
    if closures.rows:
        shown.append(charts.rows(_("Cases closed, by reason"),
                                 [_(reason) for reason in closures.column("Reason")],
                                 series(closures, "Cases")))
    return shown


def _page(template: str):
    report = _report()
    return render_template(template, report=report, tables=reports.to_json(report, _)["tables"],
                           charts=_charts(report), shortcuts=shortcuts(_today()), scopes=_scopes(),
                           query={"from": report.start.isoformat(), "to": report.end.isoformat(),
                                  "scope": report.scope})


@bp.get("/")
@roles_required("head", "coordinator")
def index():
    return _page("reports/index.html")


@bp.get("/print")
@roles_required("head", "coordinator")
def printable():
    """One document for A4: the centre's name, the period, the charts and every table."""
    return _page("reports/print.html")


@bp.get("/report.xlsx")
@roles_required("head", "coordinator")
def workbook():
    report = _report()
    buffer = io.BytesIO()
    reports.to_xlsx(report, buffer, _)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True,
                     download_name=f"report-{report.start}-{report.end}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
