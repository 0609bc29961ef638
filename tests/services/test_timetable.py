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


def test_move_locks_the_session_and_resolves_the_rest(db, programmes):
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


def test_move_breaking_a_rule_is_refused(db, programmes):
    plan_term(db, "2027-spring", START, END, time_limit=5)
    with pytest.raises(TimetableError, match="closed date 2027-02-23"):
        move_session(db, "2027-spring", "club", 1, date=dt.date(2027, 2, 23), time_limit=5)
    with pytest.raises(TimetableError, match="no session 9"):
        move_session(db, "2027-spring", "club", 9, date=dt.date(2027, 2, 24))


def test_protected_time_is_busy_for_the_timetable(db, programmes, region):
    db.add_all([ProtectedTime(name="Планёрка", weekday=wd, start="09:00", end="18:00",
                              staff=["sw-01"]) for wd in ("mon", "tue", "wed", "thu")])
    db.flush()
    plan_term(db, "2027-spring", START, END, time_limit=5)
    club = [s for (p, _), s in stored(db).items() if p == "club"]
    assert club and all(s.date.weekday() == 4 for s in club)
