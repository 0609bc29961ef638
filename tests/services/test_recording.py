"""What happened is recorded: services and people of a visit, contacts, sessions, closures."""

import datetime as dt

import pytest

from planner.models import (
    Family, Programme, Service, Session, SessionRecord, Term, VisitRequest,
)
from planner.services.attendance import record_session
from planner.services.cases import close_case, record_follow_up, schedule_follow_ups, years_after
from planner.services.outcomes import record_contact, record_outcome
from tests.services.world import published_stop

D = dt.date.fromisoformat


@pytest.fixture()
def family(db, region):
    family = Family(case_code="C-1", settlement=region["village"], lat=54.1, lon=37.2,
                    category="sop", intake_date=D("2025-03-01"), people=4)
    db.add_all([family, Service(code="legal", name="Юрист", role="lawyer"),
                Service(code="talk", name="Беседа"), Service(code="old", name="Старая", active=False)])
    db.flush()
    return family


@pytest.fixture()
def stop(db, region, family):
    request = VisitRequest(family=family, purpose="routine", origin="cadence", week="2026-W10")
    return published_stop(db, region["vehicle"], request, D("2026-03-03"), "2026-W10")


def test_a_visit_made_keeps_its_services_and_people(db, stop):
    record = record_outcome(db, stop.id, "done", services=["legal", "talk"], adults=2, children=1)
    assert (record.services, record.adults, record.children, record.mode) == \
        (["legal", "talk"], 2, 1, "home")
    again = record_outcome(db, stop.id, "done", note="уточнено")
    assert again is record and (record.services, record.adults) == (["legal", "talk"], 2)


def test_the_old_call_still_records_a_plain_outcome(db, stop):
    record = record_outcome(db, stop.id, "done")
    assert (record.services, record.adults, record.children) == ([], 0, 0)


def test_a_visit_not_made_gives_nothing(db, stop):
    record_outcome(db, stop.id, "done", services=["talk"], adults=1)
    record = record_outcome(db, stop.id, "absent")
    assert (record.services, record.adults, record.children) == ([], 0, 0)
    with pytest.raises(ValueError, match="absent"):
        record_outcome(db, stop.id, "absent", services=["talk"])


@pytest.mark.parametrize(("services", "match"), [(["nope"], "nope"), (["old"], "old")])
def test_unknown_or_inactive_services_are_refused(db, stop, services, match):
    with pytest.raises(ValueError, match=match):
        record_outcome(db, stop.id, "done", services=services)


def test_negative_people_are_refused(db, stop):
    with pytest.raises(ValueError, match="children"):
        record_outcome(db, stop.id, "done", children=-1)


def test_an_online_consultation_is_a_contact_made(db, family):
    record = record_contact(db, family.id, D("2026-03-05"), services=["talk"], adults=1)
    assert (record.mode, record.outcome, record.purpose, record.stop_id) == \
        ("online", "done", "routine", None)
    with pytest.raises(ValueError, match="mode"):
        record_contact(db, family.id, D("2026-03-05"), mode="phone-booth")
    with pytest.raises(LookupError):
        record_contact(db, 9999, D("2026-03-05"))


@pytest.fixture()
def session(db):
    programme = Programme(code="club", name="Клуб", kind="club")
    term = Term(code="t", start=D("2026-01-12"), end=D("2026-05-29"))
    session = Session(term=term, programme=programme, n=1, date=D("2026-03-04"),
                      start="15:00", end="16:30")
    db.add(session)
    db.flush()
    return session


def test_a_session_held_keeps_its_attendance(db, session):
    record = record_session(db, session.id, True, families=5, adults=6, children=8)
    assert (record.programme_id, record.date, record.held) == \
        (session.programme_id, D("2026-03-04"), True)
    record_session(db, session.id, False, note="карантин")
    (only,) = db.query(SessionRecord).all()
    assert (only.held, only.families, only.adults, only.children) == (False, 0, 0, 0)


def test_a_session_not_held_has_no_attendance(db, session):
    with pytest.raises(ValueError, match="not held"):
        record_session(db, session.id, False, families=1)
    with pytest.raises(ValueError, match="negative"):
        record_session(db, session.id, True, adults=-2)
    with pytest.raises(LookupError):
        record_session(db, 9999, True)


def test_closing_a_case_sets_follow_ups_at_one_and_three_years(db, family):
    close_case(db, family.id, D("2026-02-27"), "improved")
    assert (family.status, family.closed_date, family.closure_reason) == \
        ("closed", D("2026-02-27"), "improved")
    assert [(f.years, f.due) for f in family.follow_ups] == \
        [(1, D("2027-02-27")), (3, D("2029-02-27"))]
    first = family.follow_ups[0]
    record_follow_up(db, first.id, D("2027-03-02"), "child_in_family")
    close_case(db, family.id, D("2026-03-10"), "goals_met")
    assert [(f.years, f.due, f.date) for f in family.follow_ups] == \
        [(1, D("2027-02-27"), D("2027-03-02")), (3, D("2029-03-10"), None)]


def test_bad_closures_and_follow_ups_are_refused(db, family):
    with pytest.raises(ValueError, match="reason"):
        close_case(db, family.id, D("2026-02-27"), "bored")
    with pytest.raises(ValueError, match="before the intake"):
        close_case(db, family.id, D("2024-02-27"), "improved")
    close_case(db, family.id, D("2026-02-27"), "improved")
    follow_up = family.follow_ups[0]
    with pytest.raises(ValueError, match="result"):
        record_follow_up(db, follow_up.id, D("2027-03-01"), "fine")
    with pytest.raises(ValueError, match="before the closure"):
        record_follow_up(db, follow_up.id, D("2026-01-01"), "not_reached")


def test_a_leap_day_closure_is_followed_up_on_the_28th():
    assert years_after(D("2028-02-29"), 1) == D("2029-02-28")


def test_a_reopened_case_keeps_only_the_follow_ups_made(db, family):
    close_case(db, family.id, D("2025-04-10"), "improved")
    record_follow_up(db, family.follow_ups[0].id, D("2026-04-12"), "child_in_family")
    family.status = "open"
    schedule_follow_ups(family)
    db.flush()
    assert [(f.years, f.date) for f in family.follow_ups] == [(1, D("2026-04-12"))]
