"""The specialist's pages: their own schedule, and the outcome of each visit recorded from the road."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from planner import clock
from planner.models import OUTCOMES, Service, Staff, VisitRecord
from planner.services import outcomes
from planner.services.schedule import own_stop, recent_stops, staff_schedule
from planner.web import labels
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("specialist", __name__, url_prefix="/me")


def _me() -> Staff | None:
    return get_session().get(Staff, current_user.staff_id) if current_user.staff_id else None


def _today():
    return clock.today(current_app.config["TIMEZONE"])


@bp.get("/")
@roles_required("specialist")
def index():
    session = get_session()
    staff = _me()
    days = staff_schedule(session, staff, _today()) if staff else []
    recent = recent_stops(session, staff, _today()) if staff else []
    names = dict(session.execute(select(Staff.code, Staff.full_name)).all())
    return render_template("specialist/index.html", staff=staff, days=days, names=names, recent=recent)


@bp.route("/stops/<int:stop_id>", methods=["GET", "POST"])
@roles_required("specialist")
def outcome(stop_id: int):
    """One visit on a phone: what happened and a short note; a done visit moves the next due date."""
    session = get_session()
    staff = _me() or abort(404)
    stop = own_stop(session, staff, stop_id, _today()) or abort(404)
    record = session.scalar(select(VisitRecord).where(VisitRecord.stop_id == stop.id))
    if request.method == "POST":
        choice, note = request.form.get("outcome", ""), request.form.get("note", "").strip()[:400]
        made = choice == "done"
        if choice not in OUTCOMES:
            flash(_("Choose what happened."), "error")
        else:
            try:
                outcomes.record_outcome(
                    session, stop.id, choice, note, services=request.form.getlist("services") if made else [],
                    adults=_count("adults") if made else 0, children=_count("children") if made else 0)
            except ValueError:
                session.rollback()
                flash(_("Check the services and the numbers of people met."), "error")
            else:
                session.commit()
                flash(_("Saved: %(code)s — %(outcome)s.", code=stop.visit_request.family.case_code,
                        outcome=labels.OUTCOMES[choice]))
                return redirect(url_for("specialist.index", _anchor="to-record"))
    services = session.scalars(select(Service).where(Service.active).order_by(Service.name)).all()
    return render_template("specialist/outcome.html", stop=stop, outcomes=OUTCOMES, services=services,
                           record=record)


def _count(name: str) -> int:
    """A number of people from the form: empty is none; a bad or negative one is refused."""
    text = request.form.get(name, "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ValueError(f"{name}: not a whole number")
    return int(text)

