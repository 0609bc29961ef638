"""The coordinator's coverage map: settlements by how overdue their families are.

The page holds the filters and a table; the map itself is a separate
document (``/coordinator/map``) shown in an iframe, so folium's page styles
stay out of the app's layout.
"""

from __future__ import annotations

import datetime as dt
import math

import folium
from flask import Blueprint, current_app, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from planner import clock
from planner.models import CATEGORIES, ROLES, District
from planner.services import coverage, plans
from planner.web import ids, maps, page_cache
from planner.web.auth import roles_required
from planner.web.database import get_session
from planner.web.i18n import week_label
from planner.services.production_calendar import week_days, week_of

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


def _filters() -> dict:
    """The filters of the query string, unknown values dropped."""
    category = request.args.get("category") or None
    role = request.args.get("role") or None
    return {
        "district_id": request.args.get("district", type=ids.number),
        "category": category if category in CATEGORIES else None,
        "role": role if role in ROLES else None,
    }


def _week(today) -> str:
    """The week whose published routes are drawn: ``?week=``, else this week or, once
    this week has no published plan yet, the coming one when that has."""
    week = request.args.get("week", "")
    try:
        week_days(week)
        return week
    except ValueError:
        this, coming = week_of(today), week_of(today + dt.timedelta(days=7))
        session = get_session()
        if plans.published_plan(session, this) is None and plans.published_plan(session, coming):
            return coming
        return this


def _rows():
    today = clock.today(current_app.config["TIMEZONE"])
    return today, coverage.settlement_coverage(get_session(), today, **_filters())


@bp.get("/")
@roles_required("coordinator", "head")
@page_cache.cached
def index():
    today, rows = _rows()
    districts = get_session().scalars(select(District).order_by(District.name)).all()
    week = _week(today)
    return render_template("coordinator/index.html", rows=rows, totals=coverage.district_totals(rows),
                           districts=districts, categories=CATEGORIES, roles=ROLES,
                           filters=_filters(), week=week, levels=coverage.LEVELS,
                           late=coverage.OVERDUE_COLOUR,
                           published=plans.published_plan(get_session(), week) is not None)


@bp.get("/map")
@roles_required("coordinator", "head")
@page_cache.cached
def coverage_map():
    today, rows = _rows()
    session = get_session()
    outlines = coverage.district_outlines(session)
    fmap = maps.new_map([row.location for row in rows] or [p for o in outlines.values() for p in o])
    maps.add_outlines(fmap, outlines)
    add_settlements(fmap, rows)
    _add_published_routes(fmap, session, _week(today))
    folium.LayerControl(collapsed=False).add_to(fmap)
    return maps.document(fmap)


def add_settlements(fmap, rows) -> None:
    """Settlements with open cases as circles: colour by the worst delay, size by the cases (counts only)."""
    layer = folium.FeatureGroup(name=_("Settlements with open cases")).add_to(fmap)
    for row in rows:
        text = _("%(name)s: %(cases)s cases, %(overdue)s overdue, worst %(days)s days",
                 name=row.name, cases=row.cases, overdue=row.overdue, days=max(row.worst_days, 0))
        marker = folium.CircleMarker(row.location, radius=5 + 3 * math.sqrt(row.cases), color=row.colour,
                                     fill=True, fill_opacity=0.7, weight=1, class_name="settlement-marker")
        marker.add_child(maps.tooltip(text)).add_child(maps.popup(text)).add_to(layer)


def _add_published_routes(fmap, session, week: str) -> None:
    plan = plans.published_plan(session, week)
    layer = folium.FeatureGroup(name=_("Published routes, %(week)s", week=week_label(week))).add_to(fmap)
    if plan is None:
        return
    vehicles: dict[int, int] = {}
    for route, path in plans.settlement_paths(session, plan):
        index = vehicles.setdefault(route.vehicle_id, len(vehicles))
        line = folium.PolyLine(path, color=maps.colour(index), weight=3, opacity=0.8,
                               class_name="route-line")
        line.add_child(maps.tooltip(f"{route.vehicle.name} · {format_date(route.date, 'EEE d MMM')}")).add_to(layer)
