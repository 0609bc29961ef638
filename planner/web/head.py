"""The department head's weekly plan: generate, review, adjust, compare, publish."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template, request

from planner.services import plans
from planner.web.auth import roles_required
from planner.web.database import get_session
from planner.web.timekeeping import iso_week, local_today, week_dates

bp = Blueprint("head", __name__, url_prefix="/head")


def _week() -> str:
    """The week asked for, else next week (what a head plans on a Thursday)."""
    week = request.args.get("week", "")
    try:
        week_dates(week)
        return week
    except ValueError:
        return iso_week(local_today(current_app.config["TIMEZONE"]) + dt.timedelta(days=7))


@bp.get("/")
@roles_required("head")
def index():
    week = _week()
    return render_template("head/index.html", week=week, dates=week_dates(week),
                           versions=plans.week_versions(get_session(), week))
