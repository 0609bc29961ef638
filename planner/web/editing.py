"""Editing a plan by hand: move a visit to another day or brigade, remove it, undo the last change.

A hand change is never written into the routes as is: times, travel and
crews must still fit. The change becomes an adjustment (a pin for a move, a
removal) and the version is re-planned from itself with the change penalty,
so every other visit keeps its place unless the change needs it; the
optimiser's own validator checks the answer. The new version says what the
change did (what else moved, what fell out and why); undo deletes that draft
and takes the change back out of the adjustments.
"""

from __future__ import annotations

import copy

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from planner.models import Plan
from planner.services import pins, planning, plans
from planner.web.auth import roles_required
from planner.web.database import get_session
from planner.web.head import DEFAULT_CHANGE_PENALTY, describe_pin_problem, jobs

bp = Blueprint("editing", __name__, url_prefix="/head/plans")


def _plan(plan_id: int) -> Plan:
    return get_session().get(Plan, plan_id) or abort(404)


@bp.post("/<int:plan_id>/edit")
@roles_required("head")
def edit(plan_id: int):
    session = get_session()
    plan = _plan(plan_id)
    action, visit = request.form.get("action", ""), request.form.get("visit", "")
    date, vehicle = request.form.get("date", ""), request.form.get("vehicle", "")
    if action not in ("move", "remove") or visit not in {v["id"] for v in plan.request.get("visits", [])}:
        flash(_("Choose a visit of this plan."), "error")
        return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))
    adjustments = copy.deepcopy(plan.adjustments)
    if action == "move":
        if date not in plan.request.get("dates", []) or \
                vehicle not in {v["id"] for v in plan.request.get("vehicles", [])}:
            flash(_("Choose a visit of this plan, one of its days and a vehicle."), "error")
            return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))
        problems = pins.pin_problems(plan.request, adjustments, visit, date, vehicle)
        if problems:
            flash(_("The visit cannot be moved there: %(why)s",
                    why=" ".join(describe_pin_problem(p, session) for p in problems)), "error")
            return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))
        adjustments.setdefault("pins", {})[visit] = {"date": date, "vehicle": vehicle}
        adjustments["removed"] = [v for v in adjustments.get("removed", []) if v != visit]
    else:
        adjustments["removed"] = sorted(set(adjustments.get("removed", [])) | {visit})
        adjustments.get("pins", {}).pop(visit, None)
    adjustments["edit"] = {"action": action, "visit": visit, "date": date, "vehicle": vehicle, "base": plan.id,
                           "before": copy.deepcopy(plan.adjustments)}
    plan.adjustments = adjustments
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
    base = plans.edited_from(session, plan)
    if plan.status != "draft" or base is None:
        flash(_("Only a draft made by a hand change can be undone."), "error")
        return redirect(url_for("head.plan_page", plan_id=plan.id))
    base.adjustments = copy.deepcopy(plan.adjustments["edit"]["before"])
    planning.discard_draft(session, plan)
    session.commit()
    flash(_("The hand change is undone."))
    return redirect(url_for("head.plan_page", plan_id=base.id))
