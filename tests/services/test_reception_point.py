"""A family received at a reception point: crews, families and the records say where to come.

The optimiser gathers an expedition's appointments at a reception point into
one call whose place is the venue's code; a plan that said "at home" would send
the family to wait at home and the specialists to its village.
"""

from __future__ import annotations

import pytest

from planner.models import Stop
from planner.services import feeds, notices
from planner.services.family_view import family_visits
from planner.services.outcomes import record_outcome
from planner.services.plans import route_calls
from planner.services.publishing import publish
from tests.services.calendars import parse
from tests.services.world import BASE_LAYOUT, make_plan, make_world

HALL = "ДК Красное, ул. Ленина, 5"


@pytest.fixture()
def plan(db):
    """The base plan with van1's two families received at the club's hall (venue ``dk-kr``)."""
    world = make_world(db)
    plan = make_plan(db, world, BASE_LAYOUT, 1)
    at_hall = next(r for r in plan.routes if r.vehicle.code == "van1")
    at_hall.calls = [{"place": "dk-kr", "arrive": "10:10", "depart": "13:10"}]
    for stop in at_hall.stops:
        stop.call = 0
    db.flush()
    publish(db, plan)
    return world, plan


def _stop(plan, case: str) -> Stop:
    return next(s for r in plan.routes for s in r.stops if s.visit_request.family.case_code == case)


def test_the_plan_shows_the_call_at_the_venue(db, plan):
    _, published = plan
    by_vehicle = {r.vehicle.code: route_calls(r) for r in published.routes}
    assert [c.place for c in by_vehicle["van1"]] == ["ДК Красное"]
    assert {c.place for c in by_vehicle["van2"]} == {"Красное"}  # home visits: the family's village


def test_the_crew_feed_sends_the_specialist_to_the_venue(db, plan):
    world, _ = plan
    events = parse(feeds.staff_feed(db, world.staff["sw1"]).body)
    reception = events["vr-1@planner.local"]
    assert reception["summary"].startswith("Приём F-001") and reception["location"] == HALL
    home = parse(feeds.staff_feed(db, world.staff["nar1"]).body)["vr-3@planner.local"]
    assert home["summary"].startswith("Визит F-003") and "ул. Садовая, 3" in home["location"]


def test_the_family_is_told_where_to_come(db, plan):
    world, _ = plan
    (seen,) = family_visits(db, world.families["F-001"].id)
    assert seen.place == HALL
    assert family_visits(db, world.families["F-003"].id)[0].place is None
    text = notices.render([{**seen.as_record(), "change": "new"}])
    assert f"место: {HALL}" in text and "примут: специалист по социальной работе, психолог" in text
    event = parse(feeds.family_feed(db, world.families["F-001"]).body)["vr-1@planner.local"]
    assert event["summary"] == "Приём специалистов центра" and event["location"] == HALL
    assert "Садовая" not in text + event["location"]  # still nothing of the family's own address


def test_a_told_family_hears_again_when_the_visit_moves_to_the_venue(db, plan):
    world, _ = plan
    (seen,) = family_visits(db, world.families["F-001"].id)
    told_at_home = {k: v for k, v in seen.as_record().items() if k != "place"}  # told before places
    news = notices._news(seen, told_at_home)
    assert news["change"] == "place"
    assert "Изменилось место: приём" in notices.render([news])
    assert notices._news(seen, seen.as_record()) is None


def test_an_outcome_at_the_venue_is_recorded_as_a_reception(db, plan):
    _, published = plan
    assert record_outcome(db, _stop(published, "F-001").id, "done").mode == "reception"
    assert record_outcome(db, _stop(published, "F-003").id, "done").mode == "home"
