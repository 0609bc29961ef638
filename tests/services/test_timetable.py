"""The term timetable over the database: plan, store, move by hand, re-solve."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from planner.models import Enrolment, Family, Programme, Session, Term, Venue
from planner.models.demand import ProtectedTime
from planner.optimize.timetable import validate_timetable
from planner.services.timetable import (
    TimetableError,
    build_request,
    move_session,
    plan_term,
    replan,
    unlock_session,
)

START, END = dt.date(2027, 2, 15), dt.date(2027, 3, 14)


@pytest.fixture()
def programmes(db, region):
    hall = Venue(code="hall", name="Зал", lat=54.0, lon=37.0, capacity=20,
                 weekly={d: [["09:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri")})
    families = [Family(case_code=f"C-{i}", settlement=region["village"], lat=54.1, lon=37.2,
                       people=3) for i in range(3)]
    lecture = Programme(code="lecture", name="Видеолекторий", kind="video_lecture", sessions=3,
                        cadence={"weekly": 1}, minutes=90, roles=["psychologist", "narcologist"],
                        venues=["hall"], same_staff=True, same_slot=True,
                        preferred={"weekdays": ["tue"], "start_between": []})
    club = Programme(code="club", name="Клуб", kind="club", sessions=4,
                     cadence={"min_gap_days": 5, "max_gap_days": 9}, minutes=90,
                     roles=["social_worker"], venues=["hall"], preferred={})
    old = Programme(code="old", name="Прошлый цикл", kind="club", sessions=2,
                    cadence={"weekly": 1}, minutes=60, roles=["social_worker"],
                    latest=dt.date(2026, 12, 20))
    db.add_all([hall, lecture, club, old, *families])
    db.add_all([Enrolment(programme=lecture, family=f) for f in families[:2]]
               + [Enrolment(programme=club, family=f) for f in families[1:]])
    db.flush()
    return {"lecture": lecture, "club": club}


def stored(db) -> dict:
    rows = db.scalars(select(Session).join(Term).where(Term.code == "2027-spring")).all()
    return {(s.programme.code, s.n): s for s in rows}


def test_plan_term_stores_a_valid_timetable(db, programmes):
    answer = plan_term(db, "2027-spring", START, END, time_limit=5)
    term = db.scalar(select(Term).where(Term.code == "2027-spring"))
    assert "2027-02-23" in term.closed_dates and "2027-03-08" in term.closed_dates
    assert answer["summary"]["placed"] == 7
    assert validate_timetable(build_request(db, term), answer) == []
    rows = stored(db)
    assert set(rows) == {("lecture", 1), ("lecture", 2), ("lecture", 3),
                         ("club", 1), ("club", 2), ("club", 3), ("club", 4)}
    lecture = rows["lecture", 1]
    assert sorted(lecture.staff) == ["nar-01", "psy-01"] and lecture.venue.code == "hall"
    assert lecture.date.weekday() in (1, 3)  # the hospital's narcologist comes Tue and Thu
    assert all(r.date.isoformat() not in term.closed_dates for r in rows.values())


def test_replanning_unchanged_keeps_sequences(db, programmes):
    plan_term(db, "2027-spring", START, END, time_limit=5)
    before = {k: (s.date, s.start, s.sequence) for k, s in stored(db).items()}
    replan(db, "2027-spring", time_limit=5)
    after = {k: (s.date, s.start, s.sequence) for k, s in stored(db).items()}
    assert after == before


def test_move_locks_the_session_and_resolves_the_rest(db, programmes, clock):  # the spring term still ahead
    plan_term(db, "2027-spring", START, END, time_limit=5)
    club2 = stored(db)["club", 2]
    near = (club2.date + dt.timedelta(days=d) for d in (1, -1, 2, -2))
    new_date = next(d for d in near if d.weekday() < 5 and d.isoformat() not in
                    ("2027-02-22", "2027-02-23", "2027-03-08"))
    sequence = club2.sequence
    answer = move_session(db, "2027-spring", "club", 2, date=new_date, start="16:00",
                          time_limit=5)
    row = stored(db)["club", 2]
    assert (row.date, row.start, row.end, row.locked) == (new_date, "16:00", "17:30", True)
    assert row.sequence == sequence + 1
    term = db.scalar(select(Term).where(Term.code == "2027-spring"))
    request = build_request(db, term)
    assert request["pinned"][0]["date"] == new_date.isoformat()
    assert validate_timetable(request, answer) == []
    unlock_session(db, "2027-spring", "club", 2)
    assert not stored(db)["club", 2].locked


def test_move_breaking_a_rule_is_refused(db, programmes, clock):
    plan_term(db, "2027-spring", START, END, time_limit=5)
    with pytest.raises(TimetableError, match="closed date 2027-02-23"):
        move_session(db, "2027-spring", "club", 1, date=dt.date(2027, 2, 23), time_limit=5)
    with pytest.raises(TimetableError, match="no session 9"):
        move_session(db, "2027-spring", "club", 9, date=dt.date(2027, 2, 24))


def test_protected_time_is_busy_for_the_timetable(db, programmes, region):
    db.add_all([ProtectedTime(code=f"meeting-{wd}", name="Планёрка", weekday=wd, start="09:00", end="18:00",
                              staff=["sw-01"]) for wd in ("mon", "tue", "wed", "thu")])
    db.flush()
    plan_term(db, "2027-spring", START, END, time_limit=5)
    club = [s for (p, _), s in stored(db).items() if p == "club"]
    assert club and all(s.date.weekday() == 4 for s in club)


def test_move_freezes_held_sessions_and_cancels_for_who_was_taken_off(db, programmes, clock):
    from planner.services.feeds import staff_feed
    from planner.models import Staff
    from tests.services.calendars import parse

    clock.set(dt.datetime(2027, 2, 10, 9, 0))
    plan_term(db, "2027-spring", START, END, time_limit=5)
    clock.set(dt.datetime(2027, 3, 1, 9, 0))  # two weeks held
    before = {k: (s.date, s.start, list(s.staff), s.sequence) for k, s in stored(db).items()}
    held = {k for k, s in stored(db).items() if s.date < dt.date(2027, 3, 1)}
    assert held and len(held) < len(before)
    lecture = sorted((k for k in before if k[0] == "lecture" and k not in held), key=lambda k: k[1])[0]
    old_date = before[lecture][0]
    new_date = next(old_date + dt.timedelta(days=d) for d in (2, 7, 9)
                    if (old_date + dt.timedelta(days=d)).isoformat() != "2027-03-08")
    taken_off = next(code for code in before[lecture][2] if code.startswith("psy"))
    stand_in = Staff(code="psy-02", full_name="Смирнова", roles=["psychologist"],
                     agency=db.get(Staff, 1).agency, depot=db.get(Staff, 1).depot)
    db.add(stand_in)
    db.flush()
    people = [c for c in before[lecture][2] if c != taken_off] + ["psy-02"]
    move_session(db, "2027-spring", *lecture, date=new_date, staff=people, time_limit=5)
    after = stored(db)
    assert {k: (s.date, s.start, list(s.staff), s.sequence) for k, s in after.items() if k in held} == \
        {k: before[k] for k in held}
    assert after[lecture].sequence == before[lecture][3] + 1 and after[lecture].date == new_date
    feed = parse(staff_feed(db, db.scalar(select(Staff).where(Staff.code == taken_off)),
                            today=dt.date(2027, 3, 1)).body)
    assert feed[next(uid for uid in feed if uid.startswith(f"session-{after[lecture].id}@"))]["status"] == \
        "CANCELLED"
    with pytest.raises(TimetableError, match="past"):
        move_session(db, "2027-spring", *sorted(held)[0], date=new_date, time_limit=5)
