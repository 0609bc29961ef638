"""Editing a plan by hand: the head's two ways to move or remove one visit, and undo.

- **Directly** (``edit_directly``): the new draft is the plan with that one stop
  moved or removed; every other route stays exactly as it was and only the
  routes the stop leaves and joins are timed again (``retime``). The
  optimiser's validator then says what the edit breaks (``EDIT_BREAKS`` of the
  draft); the head sees it before publishing.
- **Pin and re-plan** (``mark_for_replan``): the move becomes a pin, the removal
  an exclusion, and the week is re-planned from the version with the change
  penalty: times and crews are fitted again, other visits may move.

Either way the draft's adjustments remember the change (``edit``), so undo
deletes that draft and gives the version it came from its adjustments back.
The caller commits.
"""

from __future__ import annotations

import copy
import re

from sqlalchemy.orm import Session

from planner.models import Plan
from planner.services import pins, planning, plans, retime
from planner.services.retime import HandEdit

ACTIONS = ("move", "remove")
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d\Z")


class EditError(ValueError):
    """The edit is refused; ``code`` says why, ``problems`` (pin problems) or ``reasons``
    (spec reason codes) say more."""

    def __init__(self, code: str, problems: list[pins.PinProblem] = (), reasons: list[str] = ()) -> None:
        super().__init__(code)
        self.code, self.problems, self.reasons = code, list(problems), list(reasons)


def choice(plan: Plan, action: str, visit: str, date: str = "", vehicle: str = "", start: str = "") -> HandEdit:
    """The head's choice, checked against the plan: a visit of it, one of its days and vehicles."""
    visits = {v["id"]: v for v in plan.request.get("visits", [])}
    if action not in ACTIONS or visit not in visits:
        raise EditError("NO_VISIT")
    if visits[visit].get("done"):
        raise EditError("DONE")
    if action == "move" and (date not in plan.request.get("dates", []) or
                             vehicle not in {v["id"] for v in plan.request.get("vehicles", [])}):
        raise EditError("NO_PLACE")
    if start and not CLOCK.match(start):
        raise EditError("BAD_TIME")
    if action == "remove":
        return HandEdit("remove", visit)
    return HandEdit("move", visit, date, vehicle, start or None)


def pin_problems(plan: Plan, edit: HandEdit) -> list[pins.PinProblem]:
    """Why a pin of the moved visit cannot hold (the re-plan would leave it out)."""
    return pins.pin_problems(plan.request, plan.adjustments, edit.visit, edit.date, edit.vehicle)


def mark_for_replan(plan: Plan, edit: HandEdit) -> None:
    """Pin or remove the visit in the version's adjustments for the re-plan that follows."""
    if edit.action == "move" and (problems := pin_problems(plan, edit)):
        raise EditError("PIN", problems=problems)
    plan.adjustments = dict(_with(plan.adjustments, edit), edit=_record(plan, edit))


def edit_directly(session: Session, plan: Plan, edit: HandEdit, author_id: int | None) -> Plan:
    """The draft with only ``edit`` done, its broken rules in ``adjustments.edit.breaks``."""
    try:
        request, answer = retime.edited(plan.request, plan.result, edit)
    except retime.CannotPlace as refused:
        raise EditError("CANNOT_PLACE", reasons=refused.reasons) from None
    if edit.action == "remove":
        visit = next(v for v in plan.request["visits"] if v["id"] == edit.visit)
        answer["unassigned"].append({"visit": edit.visit, "reasons": ["REMOVED_BY_HEAD"], "detail": "",
                                     "priority": visit.get("priority", 1), "mandatory": visit.get("mandatory", False)})
    record = dict(_record(plan, edit), direct=True,
                  breaks=retime.new_breaks((plan.request, plan.result), (request, answer)))
    adjustments = dict(_with(plan.adjustments, edit), edit=record)
    return planning.store_answer(session, plan.week, request, answer, author_id, adjustments)


def breaks(plan: Plan) -> list[str]:
    """The validator's sentences on what this draft's direct hand edit broke (none otherwise)."""
    edit = plan.adjustments.get("edit") or {}
    return list(edit.get("breaks", [])) if edit.get("base") != plan.id else []


def undo(session: Session, plan: Plan) -> Plan:
    """Delete a draft made by a hand change; answer the version it was made from."""
    base = plans.edited_from(session, plan)
    if plan.status != "draft" or base is None:
        raise EditError("NOT_EDITED")
    base.adjustments = copy.deepcopy(plan.adjustments["edit"]["before"])
    planning.discard_draft(session, plan)
    return base


def _with(adjustments: dict, edit: HandEdit) -> dict:
    """``adjustments`` with the visit pinned where it moved, or removed (the next re-plan keeps the change)."""
    changed = copy.deepcopy(adjustments)
    changed.pop("edit", None)
    visit = edit.visit
    if edit.action == "move":
        changed.setdefault("pins", {})[visit] = {"date": edit.date, "vehicle": edit.vehicle}
        changed["removed"] = [v for v in changed.get("removed", []) if v != visit]
    else:
        changed["removed"] = sorted(set(changed.get("removed", [])) | {visit})
        changed.get("pins", {}).pop(visit, None)
    return changed


def _record(plan: Plan, edit: HandEdit) -> dict:
    return {"action": edit.action, "visit": edit.visit, "date": edit.date, "vehicle": edit.vehicle,
            "start": edit.start or "", "base": plan.id, "before": copy.deepcopy(plan.adjustments)}
