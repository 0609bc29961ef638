"""Publishing: status changes and per-visit change detection across plan versions."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from planner.models import PublishedEvent
from planner.services.publishing import PublishError, publish
from tests.services.world import BASE_LAYOUT, MONDAY, make_plan, make_world


@pytest.fixture()
def world(db):
    return make_world(db)


def _events(db) -> dict[str, PublishedEvent]:
    return {e.uid: e for e in db.scalars(select(PublishedEvent))}


def _key(world, case):
    return world.visits[case].key


def test_first_publication_makes_every_visit_new(db, world):
    plan = make_plan(db, world, BASE_LAYOUT, 1)
    result = publish(db, plan)
    assert plan.status == "published" and plan.published_at is not None
    assert sorted(result.new) == sorted(v.key for v in world.visits.values())
    assert result.previous is None and not result.moved and not result.removed
    events = _events(db)
    assert {e.kind for e in events.values()} == {"visit", "trip"}
    assert f"trip-van1-{MONDAY.isoformat()}" in events
    assert all(e.sequence == 0 for e in events.values())


def test_republishing_an_identical_version_changes_nothing(db, world):
    first = make_plan(db, world, BASE_LAYOUT, 1)
    publish(db, first)
    before = {uid: (e.sequence, e.last_modified) for uid, e in _events(db).items()}
    second = make_plan(db, world, BASE_LAYOUT, 2)
    result = publish(db, second)
    assert first.status == "superseded" and second.status == "published"
    assert result.previous is first
    assert len(result.unchanged) == 4 and not result.affected
    assert {uid: (e.sequence, e.last_modified) for uid, e in _events(db).items()} == before


def test_moved_visit_raises_sequence_and_others_stay(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van1", 0)][0] = ("F-001", "14:00", "15:00", ["sw1", "ps1"])
    result = publish(db, make_plan(db, world, layout, 2))
    assert result.moved == [_key(world, "F-001")]
    events = _events(db)
    assert events[_key(world, "F-001")].sequence == 1
    assert events[_key(world, "F-001")].start == "14:00"
    assert events[_key(world, "F-002")].sequence == 0


def test_crew_change_is_changed_not_moved(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van2", 1)][0] = ("F-003", "09:40", "10:40", ["nar1", "ps1"])
    result = publish(db, make_plan(db, world, layout, 2))
    # ps1 joins the car's crew, so the other stop of the trip reads differently too
    assert sorted(result.changed) == [_key(world, "F-003"), _key(world, "F-004")]
    assert not result.moved
    event = _events(db)[_key(world, "F-003")]
    assert event.sequence == 1 and set(event.audience) == {"nar1", "ps1"}


def test_removed_visit_is_cancelled_and_can_come_back(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    layout = copy.deepcopy(BASE_LAYOUT)
    del layout[("van2", 1)][1]
    result = publish(db, make_plan(db, world, layout, 2))
    key = _key(world, "F-004")
    assert result.removed == [key]
    assert _events(db)[key].status == "cancelled" and _events(db)[key].sequence == 1
    again = publish(db, make_plan(db, world, BASE_LAYOUT, 3))
    assert again.new == [key]
    assert _events(db)[key].status == "confirmed" and _events(db)[key].sequence == 2


def test_dropped_trip_is_cancelled(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    layout = {("van1", 0): BASE_LAYOUT[("van1", 0)] + BASE_LAYOUT[("van2", 1)]}
    result = publish(db, make_plan(db, world, layout, 2))
    assert _events(db)[f"trip-van2-{(MONDAY + dt.timedelta(days=1)).isoformat()}"].status == "cancelled"
    assert sorted(result.moved) == sorted([_key(world, "F-003"), _key(world, "F-004")])


def test_failed_plan_cannot_be_published(db, world):
    plan = make_plan(db, world, BASE_LAYOUT, 1)
    plan.status = "failed"
    with pytest.raises(PublishError):
        publish(db, plan)
