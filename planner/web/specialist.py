"""The specialist's pages: their own schedule for the next two weeks."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from planner import clock
from planner.models import Staff
from planner.services.schedule import staff_schedule
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("specialist", __name__, url_prefix="/me")


@bp.get("/")
@roles_required("specialist")
def index():
    session = get_session()
    staff = session.get(Staff, current_user.staff_id) if current_user.staff_id else None
    today = clock.today(current_app.config["TIMEZONE"])
    days = staff_schedule(session, staff, today) if staff else []
    return render_template("specialist/index.html", staff=staff, days=days)
