"""The demo specialist is linked to someone the published week gives work."""

from __future__ import annotations

import datetime as dt

from planner.models import Plan, Route, Stop, User
from planner.services.users import create_user, link_demo_specialist
from tests.web.region import build_region


def _plan(db, region, staff: list[str]) -> Plan:
    plan = Plan(week="2026-W50", version=1, status="published")
    route = Route(vehicle=region["vehicle"], date=dt.date(2026, 12, 7), crew=staff, depart="08:30", return_="16:00")
    for seq, family in enumerate(region["families"][:3], start=1):
        route.stops.append(Stop(visit_request=family.visit_requests[0], seq=seq, arrive="09:00", start="09:30",
                                end="10:30", staff=staff[seq % len(staff):][:1] or staff[:1]))
    plan.routes.append(route)
    db.add(plan)
    db.commit()
    return plan


def test_the_demo_specialist_moves_to_the_busiest_person(db):
    region = build_region(db)
    create_user(db, "specialist", "demo-pass-1234", "specialist", "sw-01")
    plan = _plan(db, region, ["psy-01"])
    assert link_demo_specialist(db, plan).code == "psy-01"
    assert db.query(User).filter_by(username="specialist").one().staff.code == "psy-01"


def test_a_specialist_with_work_keeps_their_link(db):
    region = build_region(db)
    create_user(db, "specialist", "demo-pass-1234", "specialist", "sw-01")
    plan = _plan(db, region, ["psy-01", "sw-01"])
    assert link_demo_specialist(db, plan).code == "sw-01"
