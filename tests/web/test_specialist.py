"""The specialist's own schedule: published days only, their own only."""

from __future__ import annotations

import datetime as dt

from planner import clock
from planner.models import Plan, Route, Stop
from planner.services.production_calendar import week_of


def _plan(db, region, status: str, crew: list[str]) -> Plan:
    day = clock.today() + dt.timedelta(days=1)
    plan = Plan(week=week_of(day), version=1 if status == "published" else 2, status=status)
    route = Route(vehicle=region["vehicle"], date=day, crew=crew, depart="08:30", return_="16:00")
    family = region["families"][0]
    route.stops.append(Stop(visit_request=family.visit_requests[0], seq=1, arrive="09:30",
                            start="10:00", end="11:00", staff=crew))
    plan.routes.append(route)
    db.add(plan)
    db.commit()
    return plan


def test_specialist_sees_their_published_day(as_role, region, db):
    _plan(db, region, "published", ["sw-01"])
    page = as_role("specialist").get("/me/").get_data(as_text=True)
    assert "C-001" in page and "Секретова" not in page


def test_drafts_and_other_peoples_days_are_not_shown(as_role, region, db):
    _plan(db, region, "draft", ["sw-01"])
    _plan(db, region, "published", ["psy-01"])
    page = as_role("specialist").get("/me/").get_data(as_text=True)
    assert "C-001" not in page
