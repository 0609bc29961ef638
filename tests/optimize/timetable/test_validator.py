"""The validator catches each broken rule in a hand-made timetable."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from planner.optimize.timetable import validate_timetable
from tests.optimize.timetable.conftest import programme, request, solve

CAMP = {"id": "camp", "kind": "camp", "sessions": 1, "days": 3, "roles": ["nurse"],
        "participants": ["f2"], "earliest": "2027-03-22", "latest": "2027-03-28"}


def base_request() -> dict:
    art = programme("art", sessions=3, roles=["psychologist", "social_pedagogue"],
                    staff_pool=["psy-1", "psy-2", "ped-1"], same_staff=True, same_slot=True,
                    participants=["f1"], venues=["hall"], latest="2027-03-21",
                    preferred={"weekdays": ["tue"], "start_between": ["10:00", "10:00"]})
    club = programme("club", sessions=3, roles=["social_worker"], participants=["f1", "f2"],
                     preferred={"weekdays": ["wed"], "start_between": ["10:00", "10:00"]})
    return request(art, club, CAMP, closed_dates=["2027-03-08"])


@pytest.fixture(scope="module")
def valid():
    doc = base_request()
    answer = solve(doc)
    assert answer["summary"]["placed"] == 7
    return doc, answer


def session(answer: dict, pid: str, n: int) -> dict:
    return next(s for s in answer["sessions"] if s["programme"] == pid and s["n"] == n)


def _closed(doc, ans):
    session(ans, "art", 2)["date"] = "2027-03-08"


def _outside(doc, ans):
    session(ans, "art", 3)["date"] = "2027-03-23"


def _length(doc, ans):
    session(ans, "club", 1)["end"] = "12:00"


def _foreign_venue(doc, ans):
    doc["venues"].append({"id": "other", "location": [54.0, 37.0], "capacity": 50})
    session(ans, "art", 1)["venue"] = "other"


def _capacity(doc, ans):
    doc["venues"][0]["capacity"] = 5
    doc["venues"].append({"id": "big", "location": [54.0, 37.0], "capacity": 50})


def _venue_hours(doc, ans):
    doc["venues"][0]["weekly"] = {"mon": [["09:00", "19:00"]]}


def _roles(doc, ans):
    session(ans, "club", 1)["staff"] = ["psy-2"]


def _pool(doc, ans):
    doc["programmes"][1]["staff_pool"] = ["sw-1"]
    for s in ans["sessions"]:
        if s["programme"] == "club":
            s["staff"] = ["sw-2"]


def _twice(doc, ans):
    s = session(ans, "camp", 1)
    s["staff"] = s["staff"] * 2


def _absent(doc, ans):
    doc["staff"][3]["absent"] = [s["date"] for s in ans["sessions"]]
    doc["staff"][4]["absent"] = doc["staff"][3]["absent"]


def _busy(doc, ans):
    s = session(ans, "art", 1)
    doc["busy"] = [{"staff": s["staff"][0], "date": s["date"], "start": "00:00", "end": "23:00"}]


def _hours(doc, ans):
    for person in doc["staff"]:
        person["weekly"] = {"sat": [["09:00", "18:00"]]}


def _same_staff(doc, ans):
    s = session(ans, "art", 2)
    s["staff"] = ["psy-2" if p == "psy-1" else "psy-1" if p == "psy-2" else p for p in s["staff"]]


def _same_slot(doc, ans):
    s = session(ans, "art", 2)
    s["start"], s["end"] = "15:00", "16:30"


def _cadence(doc, ans):
    doc["programmes"][0]["latest"] = "2027-03-28"
    second = dt.date.fromisoformat(session(ans, "art", 2)["date"])
    session(ans, "art", 3)["date"] = (second + dt.timedelta(days=14)).isoformat()


def _double_staff(doc, ans):
    a, b = session(ans, "art", 1), session(ans, "club", 1)
    b.update(date=a["date"], start=a["start"], end=a["end"])
    doc["programmes"][1]["roles"] = ["psychologist"]
    b["staff"] = [a["staff"][0]] if "psy" in a["staff"][0] else [a["staff"][1]]
    b["venue"] = "annex"
    doc["venues"].append({"id": "annex", "location": [54.0, 37.0], "capacity": 50})
    doc["programmes"][1]["participants"] = ["f2"]


def _double_venue(doc, ans):
    a, b = session(ans, "art", 1), session(ans, "club", 1)
    b.update(date=a["date"], start=a["start"], end=a["end"], venue="hall")
    doc["programmes"][1]["participants"] = ["f2"]


def _double_family(doc, ans):
    a, b = session(ans, "art", 1), session(ans, "club", 1)
    b.update(date=a["date"], start=a["start"], end=a["end"], venue="annex")
    doc["venues"].append({"id": "annex", "location": [54.0, 37.0], "capacity": 50})


def _camp_days(doc, ans):
    session(ans, "camp", 1)["end_date"] = session(ans, "camp", 1)["date"]


def _missing(doc, ans):
    ans["sessions"] = [s for s in ans["sessions"] if s["programme"] != "club" or s["n"] != 3]


def _pin(doc, ans):
    s = session(ans, "club", 1)
    doc["pinned"] = [{"programme": "club", "n": 1, "date": s["date"], "start": "11:00",
                      "venue": s["venue"], "staff": s["staff"]}]


BREAKS = {
    "closed date": _closed, "outside": _outside, "lasts": _length,
    "not one of the programme's": _foreign_venue, "people in hall": _capacity,
    "hall is closed": _venue_hours, "do not cover the roles": _roles,
    "not in the staff pool": _pool, "listed twice": _twice, "is absent": _absent,
    "is busy": _busy, "does not work": _hours, "same_staff": _same_staff,
    "same_slot": _same_slot, "usable weeks apart": _cadence,
    "staff psy": _double_staff, "venue hall is double-booked": _double_venue,
    "family f1 is double-booked": _double_family, "whole days": _camp_days,
    "unplaced !=": _missing, "moved away": _pin,
}


@pytest.mark.parametrize("expected", list(BREAKS))
def test_validator_catches(valid, expected):
    doc, answer = copy.deepcopy(valid[0]), copy.deepcopy(valid[1])
    BREAKS[expected](doc, answer)
    errors = validate_timetable(doc, answer)
    assert any(expected in e for e in errors), errors


def test_summary_must_match(valid):
    doc, answer = copy.deepcopy(valid)
    answer["summary"]["placed"] += 1
    assert any("summary" in e for e in validate_timetable(doc, answer))
