"""Calls on the pages: the head's card, the printed sheet, the map and the specialist's own visits."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import clock
from planner.models import Plan, Route, Stop
from planner.services.production_calendar import week_of


@pytest.fixture()
def split_plan(db, region) -> Plan:
    """A published trip to Ivanovka where the crew splits up: sw-01 and psy-01 serve two families at once."""
    day = clock.today() + dt.timedelta(days=1)
    plan = Plan(week=week_of(day), version=1, status="published")
    route = Route(vehicle=region["vehicle"], date=day, crew=["sw-01", "psy-01"], depart="09:00", return_="12:00",
                  calls=[{"place": "ivanovka", "arrive": "09:30", "depart": "11:10"}])
    first, second = region["families"][:2]
    second.visit_requests[0].roles = ["psychologist"]
    second.lat += 0.002  # another house of the village
    route.stops.append(Stop(visit_request=first.visit_requests[0], seq=1, arrive="09:30", start="09:35",
                            end="10:35", staff=["sw-01"], call=0))
    route.stops.append(Stop(visit_request=second.visit_requests[0], seq=2, arrive="09:30", start="09:35",
                            end="10:20", staff=["psy-01"], call=0))
    plan.routes.append(route)
    db.add(plan)
    db.commit()
    return plan


def test_the_heads_card_and_sheet_show_the_call_and_who_goes_where(as_role, split_plan, region):
    head = as_role("head")
    place = region["places"]["ivanovka"].name
    page = head.get(f"/head/plans/{split_plan.id}").get_data(as_text=True)
    call = page.split('class="call"')[1]
    assert place in call and "09:30" in call and "11:10" in call
    assert "C-001" in call and "C-002" in call and "Анна Соцработник" in call and "Борис Психолог" in call
    route = split_plan.routes[0]
    sheet = head.get(f"/head/plans/{split_plan.id}/routes/{route.id}/sheet").get_data(as_text=True)
    assert sheet.count('class="call"') == 1 and place in sheet and "11:10" in sheet


def test_the_map_draws_the_walks_from_the_call(as_role, split_plan):
    html = as_role("head").get(f"/head/plans/{split_plan.id}/map").get_data(as_text=True)
    assert "walk-line" in html and "route-line" in html and "11:10" in html


def test_a_specialist_sees_only_their_own_visits_of_the_trip(as_role, split_plan, region):
    page = as_role("specialist").get("/me/").get_data(as_text=True)
    assert region["places"]["ivanovka"].name in page and "11:10" in page
    assert "C-001" in page and "09:35–10:35" in page
    assert "C-002" not in page
