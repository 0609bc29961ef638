"""The head marks people ill or on leave and vehicles in repair; the plan pages show what breaks."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from planner import clock
from planner.models import Staff, Vehicle
from planner.services import absences, plans
from planner.services.production_calendar import week_of
from planner.web import week_forms
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("absences", __name__, url_prefix="/head/absences")


def _forms():
    session = get_session()
    absence, repair = week_forms.AbsenceForm(prefix="absence"), week_forms.RepairForm(prefix="repair")
    absence.staff_id.choices = week_forms.choices(
        (s.id, s.full_name) for s in session.scalars(select(Staff).where(Staff.active).order_by(Staff.full_name)))
    repair.vehicle_id.choices = week_forms.choices(
        (v.id, v.name) for v in session.scalars(select(Vehicle).where(Vehicle.active).order_by(Vehicle.name)))
    return absence, repair


def _page(absence, repair):
    session = get_session()
    today = clock.today(current_app.config["TIMEZONE"])
    if not absence.is_submitted():
        absence.start.data = absence.end.data = today
    if not repair.is_submitted():
        repair.start.data = repair.end.data = today
    people, vehicles = absences.upcoming(session, today)
    week_plans = [plan for week in (week_of(today), week_of(today + dt.timedelta(days=7)))
                  if (plan := plans.published_plan(session, week))]
    return render_template("head/absences.html", absence=absence, repair=repair, people=people,
                           vehicles=vehicles, breaks=[(plan, absences.broken(session, plan)) for plan in week_plans],
                           reasons=dict(week_forms.ABSENCE_REASONS + week_forms.REPAIR_REASONS))


@bp.get("/")
@roles_required("head")
def index():
    return _page(*_forms())


@bp.post("/staff")
@roles_required("head")
def add_absence():
    absence, repair = _forms()
    if absence.validate_on_submit():
        done = _recorded(absence, absences.mark_absent, get_session().get(Staff, absence.staff_id.data),
                         _("The absence is recorded. Plans made before do not know it: re-plan the weeks it touches."))
        if done:
            return done
    return _page(absence, repair)


@bp.post("/vehicles")
@roles_required("head")
def add_repair():
    absence, repair = _forms()
    if repair.validate_on_submit():
        done = _recorded(repair, absences.mark_repair, get_session().get(Vehicle, repair.vehicle_id.data),
                         _("The repair is recorded. Plans made before do not know it: re-plan the weeks it touches."))
        if done:
            return done
    return _page(absence, repair)


def _recorded(form, mark, subject, message: str):
    """Record ``form``'s days off for ``subject`` with ``mark``; the redirect, or None when the days are wrong."""
    session = get_session()
    try:
        mark(session, subject, form.start.data, form.end.data, form.reason.data)
    except absences.SpanError:
        session.rollback()
        form.end.errors.append(_("The last day is before the first."))
        return None
    session.commit()
    flash(message)
    return redirect(url_for("absences.index"))
