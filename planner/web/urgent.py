"""Urgent visits from the web: the head or a coordinator enters one; the head re-plans the week.

A head's entry starts the re-plan of the running week at once, from its
published version with the default change penalty, so she goes straight to
the progress page, then reviews what moved and publishes. A coordinator's
entry waits on the head's weekly page until she re-plans.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from planner import clock
from planner.models import Family, Settlement
from planner.services import plans, urgent
from planner.web import week_forms
from planner.web.auth import roles_required
from planner.web.database import get_session
from planner.web.head import DEFAULT_CHANGE_PENALTY, jobs

bp = Blueprint("urgent", __name__, url_prefix="/urgent")

ERRORS = {
    "family": lambda: _("The family's case is closed or its consent is withdrawn."),
    "roles": lambda: _("Choose who must come."),
    "deadline": lambda: _("Choose a date from today on that has a working day before it."),
}


@bp.route("/new", methods=["GET", "POST"])
@roles_required("head", "coordinator")
def new():
    session = get_session()
    form = week_forms.UrgentVisitForm()
    form.family_id.choices = week_forms.choices(
        (family.id, f"{family.case_code} · {family.settlement.name}")
        for family in session.scalars(select(Family).join(Settlement).where(Family.status == "open")
                                      .order_by(Family.case_code)))
    today = clock.today(current_app.config["TIMEZONE"])
    if form.validate_on_submit():
        try:
            visit = urgent.add_urgent_visit(
                session, session.get(Family, form.family_id.data), roles=form.roles.data,
                deadline=form.deadline.data, duration=form.duration.data, note=form.note.data or "", today=today)
        except urgent.UrgentVisitError as error:
            session.rollback()
            getattr(form, "family_id" if error.field == "family" else error.field).errors.append(ERRORS[error.field]())
        else:
            session.commit()
            return _after_entry(visit, today)
    elif not form.is_submitted():
        form.deadline.data = today
    return render_template("urgent/new.html", form=form, week=urgent.running_week(today))


def _after_entry(visit, today):
    """A head re-plans the running week at once; a coordinator hands over to the head."""
    week = urgent.running_week(today)
    if current_user.role != "head":
        flash(_("The urgent visit for %(code)s is entered; the head of department re-plans the week.",
                code=visit.family.case_code))
        return redirect(url_for("coordinator.index"))
    base = plans.published_plan(get_session(), week)
    job = jobs().start(week, current_user.id, time_limit=current_app.config["PLAN_TIME_LIMIT"],
                        base_plan_id=base.id if base else None,
                        change_penalty=DEFAULT_CHANGE_PENALTY if base else None)
    flash(_("The urgent visit for %(code)s is entered; the week is being re-planned from its published "
            "version. Review what moved, then publish.", code=visit.family.case_code))
    return redirect(url_for("head.job_page", job_id=job.id))
