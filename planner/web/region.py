"""The regional coordinator's pages: the region's coverage map and report, counts per centre.

A regional coordinator belongs to no centre's work: they see how many
families each centre has, how many are overdue and what each centre did in
a period, never a family's name, address or case code (152-FZ). The figures
come from ``services.region``, which reads each centre through a session
scoped to it.
"""

from __future__ import annotations

import io

import folium
from flask import Blueprint, current_app, render_template, send_file
from flask_babel import gettext as _

from planner import clock
from planner.services import coverage, region, reports
from planner.web import maps
from planner.web.auth import roles_required
from planner.web.coordinator import add_settlements
from planner.web.database import get_session
from planner.web.reports import asked_period, shortcuts

bp = Blueprint("region", __name__, url_prefix="/region")


def _today():
    return clock.today(current_app.config["TIMEZONE"])


@bp.get("/")
@roles_required("regional")
def index():
    report = region.region_report(get_session(), asked_period())
    return render_template("region/index.html", centres=region.region_coverage(get_session(), _today()),
                           report=report, tables=reports.to_json(report, _)["tables"],
                           shortcuts=shortcuts(_today()), levels=coverage.LEVELS, late=coverage.OVERDUE_COLOUR,
                           query={"from": report.start.isoformat(), "to": report.end.isoformat()})


@bp.get("/map")
@roles_required("regional")
def coverage_map():
    """Every centre's settlements with open cases and its district outlines, on one map."""
    session = get_session()
    rows = [row for centre in region.region_coverage(session, _today()) for row in centre.settlements]
    outlines = region.region_outlines(session)
    fmap = maps.new_map([row.location for row in rows] or [p for o in outlines.values() for p in o])
    maps.add_outlines(fmap, outlines)
    add_settlements(fmap, rows)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return maps.document(fmap)


@bp.get("/report.xlsx")
@roles_required("regional")
def workbook():
    report = region.region_report(get_session(), asked_period())
    buffer = io.BytesIO()
    reports.to_xlsx(report, buffer, _)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name=f"region-{report.start}-{report.end}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
