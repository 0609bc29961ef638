"""Editing a plan by hand: move one visit (day, brigade, time) or remove it; undo the change.

Two choices, said on the page: «Move now» changes only that stop (the routes
it leaves and joins are timed again, nothing is re-planned) and the validator
says what the change breaks before it is published; «Move and re-plan»
pins the visit (or removes it) and re-plans the week from the version with
the change penalty. The work is ``planner.services.editing``'s; this view
reads the form and says the outcome.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.models import Plan
from planner.services import editing
from planner.web.auth import roles_required
from planner.web.database import get_session
from planner.web.edit_words import Names, refusal
from planner.web.head import DEFAULT_CHANGE_PENALTY, jobs

bp = Blueprint("editing", __name__, url_prefix="/head/plans")


def _plan(plan_id: int) -> Plan:
    return get_session().get(Plan, plan_id) or abort(404)


def _refused(plan: Plan, error: editing.EditError, anchor: str | None = "adjust"):
    get_session().rollback()
    flash(refusal(error, Names.of(get_session())), "error")
    return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor=anchor))


def _change(plan: Plan) -> editing.HandEdit:
    form = request.form
    return editing.choice(plan, form.get("action", ""), form.get("visit", ""), form.get("date", ""),
                          form.get("vehicle", ""), form.get("start", "").strip())


@bp.post("/<int:plan_id>/edit")
@roles_required("head")
def edit(plan_id: int):
    """Only this stop changes: a new draft at once, what it breaks on its page."""
    session = get_session()
    plan = _plan(plan_id)
    try:
        draft = editing.edit_directly(session, plan, _change(plan), current_user.id)
    except editing.EditError as error:
        return _refused(plan, error)
    session.commit()
    return redirect(url_for("head.plan_page", plan_id=draft.id, _anchor="hand-change"))


@bp.post("/<int:plan_id>/edit-and-replan")
@roles_required("head")
def edit_and_replan(plan_id: int):
    """The move becomes a pin (the removal an exclusion) and the week is re-planned around it."""
    session = get_session()
    plan = _plan(plan_id)
    try:
        editing.mark_for_replan(plan, _change(plan))
    except editing.EditError as error:
        return _refused(plan, error)
    session.commit()
    job = jobs().start(plan.week, current_user.id, time_limit=current_app.config["PLAN_TIME_LIMIT"],
                       base_plan_id=plan.id, change_penalty=DEFAULT_CHANGE_PENALTY)
    return redirect(url_for("head.job_page", job_id=job.id))


@bp.post("/<int:plan_id>/undo")
@roles_required("head")
def undo(plan_id: int):
    """Delete this draft made by a hand change and go back to the version it was made from."""
    session = get_session()
    plan = _plan(plan_id)
    try:
        base = editing.undo(session, plan)
    except editing.EditError as error:
        return _refused(plan, error, anchor=None)
    session.commit()
    flash(_("The hand change is undone."))
    return redirect(url_for("head.plan_page", plan_id=base.id))
