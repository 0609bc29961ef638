"""Recorded outcomes move the next due date; plans alone do not."""

import datetime as dt

import pytest

from planner.models import Family, VisitRecord, VisitRequest
from planner.services.demand import build_request
from planner.services.outcomes import record_outcome
from tests.services.world import published_stop

pytestmark = pytest.mark.usefixtures("routine_rules")

D = dt.date.fromisoformat


@pytest.fixture()
def planned(db, region):
    """A СОП family last visited 27 November, its W50 visit planned on Tuesday 8 December."""
    family = Family(case_code="C-1", settlement=region["village"], lat=54.1, lon=37.2,
                    category="sop", curator=region["curator"], intake_date=D("2026-11-27"))
    db.add(family)
    db.add(VisitRecord(family=family, date=D("2026-11-27"), purpose="first_visit", outcome="done"))
    db.flush()
    (visit,) = build_request(db, "2026-W50")["visits"]
    request = db.get(VisitRequest, int(visit["id"].removeprefix("vr-")))
    return published_stop(db, region["vehicle"], request, D("2026-12-08"), "2026-W50")


def only_visit(request):
    (visit,) = request["visits"]
    return visit


def test_planned_but_unrecorded_visit_leaves_the_family_overdue(db, planned):
    visit = only_visit(build_request(db, "2026-W51"))
    assert visit["mandatory"] and visit["priority"] == 100


def test_done_moves_the_next_due_date(db, planned):
    record = record_outcome(db, planned.id, "done", note="всё хорошо")
    assert (record.date, record.purpose, record.staff) == (D("2026-12-08"), "routine", ["sw-01"])
    assert planned.visit_request.status == "done" and planned.outcome == "done"
    visit = only_visit(build_request(db, "2026-W51"))  # due 15 December, from 13 December
    assert (visit["priority"], visit["mandatory"]) == (50, False)
    assert visit["dates"][0] == "2026-12-14"


@pytest.mark.parametrize("outcome", ["absent", "refused", "moved"])
def test_visit_not_made_keeps_the_family_due(db, planned, outcome):
    record_outcome(db, planned.id, outcome)
    assert only_visit(build_request(db, "2026-W51"))["mandatory"]


def test_replanning_the_week_keeps_a_served_visit_pinned(db, planned):
    record_outcome(db, planned.id, "done")
    visit = only_visit(build_request(db, "2026-W50"))
    assert visit["id"] == planned.visit_request.key
    assert visit["done"] and visit["pinned"] == {"date": "2026-12-08", "vehicle": "uaz-1",
                                                 "start": "10:30"}


def test_refused_visit_leaves_the_replanned_week(db, planned):
    record_outcome(db, planned.id, "refused")
    assert build_request(db, "2026-W50")["visits"] == []


def test_absent_family_is_planned_again_the_same_week(db, planned):
    record_outcome(db, planned.id, "absent")
    assert only_visit(build_request(db, "2026-W50"))["id"] == planned.visit_request.key


def test_correcting_an_outcome_rewrites_the_same_record(db, planned):
    record_outcome(db, planned.id, "done")
    record_outcome(db, planned.id, "absent")
    assert db.query(VisitRecord).filter(VisitRecord.stop_id == planned.id).one().outcome == "absent"
    assert planned.visit_request.status == "open"


def test_bad_outcome_or_stop_is_refused(db, planned):
    with pytest.raises(ValueError, match="outcome"):
        record_outcome(db, planned.id, "maybe")
    with pytest.raises(LookupError):
        record_outcome(db, 9999, "done")
