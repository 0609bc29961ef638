"""The left-out list counts a visit overdue from the day it fell due, not from its deadline."""

from __future__ import annotations

import copy
import datetime as dt

from planner.models import Plan, VisitRequest
from planner.services.production_calendar import week_days
from tests.web.test_head import head, plan_id  # noqa: F401 - fixtures


def test_a_visit_due_before_the_week_is_overdue_though_its_deadline_is_ahead(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    visit = plan.result["routes"][0]["stops"][0]["visit"]
    result = copy.deepcopy(plan.result)
    result["routes"][0]["stops"] = result["routes"][0]["stops"][1:]
    result["unassigned"].append({"visit": visit, "reasons": ["OUTCOMPETED"], "detail": ""})
    plan.result = result
    first = week_days(plan.week)[0]
    row = db.get(VisitRequest, int(visit.removeprefix("vr-")))
    row.due, row.deadline = first - dt.timedelta(days=9), first + dt.timedelta(days=3)
    db.commit()
    page = head.get(f"/head/plans/{plan_id}").get_data(as_text=True)
    left_out = page.split('id="unassigned"')[1].split("</table>")[0]
    assert "просрочен на 9 дн." in left_out
    row.due = first + dt.timedelta(days=1)
    db.commit()
    assert "просрочен" not in head.get(f"/head/plans/{plan_id}").get_data(as_text=True).split(
        'id="unassigned"')[1].split("</table>")[0]
