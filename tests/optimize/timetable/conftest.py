"""Small term requests for the timetable tests, and a solve that always validates."""

from __future__ import annotations

import copy
import datetime as dt

from planner.optimize.timetable import timetable_term, validate_timetable

WORKDAYS = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}

BASE = {
    "version": 1,
    "timezone": "Europe/Moscow",
    "term": {"start": "2027-03-01", "end": "2027-03-28"},
    "closed_dates": [],
    "staff": [
        {"id": "psy-1", "roles": ["psychologist"], "weekly": WORKDAYS},
        {"id": "psy-2", "roles": ["psychologist"], "weekly": WORKDAYS},
        {"id": "ped-1", "roles": ["social_pedagogue"], "weekly": WORKDAYS},
        {"id": "sw-1", "roles": ["social_worker"], "weekly": WORKDAYS},
        {"id": "sw-2", "roles": ["social_worker"], "weekly": WORKDAYS},
        {"id": "nurse-1", "roles": ["nurse"], "weekly": WORKDAYS},
    ],
    "venues": [{"id": "hall", "location": [54.112, 37.042], "capacity": 20,
                "weekly": {d: [["09:00", "19:00"]] for d in WORKDAYS}}],
    "families": [{"id": "f1", "location": [54.2, 37.1], "people": 3},
                 {"id": "f2", "location": [54.0, 37.3], "people": 4}],
    "programmes": [],
    "options": {"time_limit": 5, "workers": 2},
}


def programme(pid: str = "p", **fields) -> dict:
    """A weekly 90-minute programme for one psychologist and family f1, overridable."""
    base = {"id": pid, "kind": "club", "sessions": 3, "cadence": {"weekly": 1},
            "minutes": 90, "roles": ["psychologist"], "participants": ["f1"]}
    return {**base, **fields}


def request(*programmes: dict, **top) -> dict:
    doc = copy.deepcopy(BASE)
    doc["programmes"] = list(programmes)
    doc.update(copy.deepcopy(top))
    return doc


def solve(doc: dict) -> dict:
    """Solve and insist the independent validator finds nothing wrong."""
    answer = timetable_term(doc)
    assert validate_timetable(doc, answer) == []
    return answer


def dates(answer: dict, pid: str = "p") -> list[dt.date]:
    return [dt.date.fromisoformat(s["date"])
            for s in sorted(answer["sessions"], key=lambda s: s["n"]) if s["programme"] == pid]


def of(answer: dict, pid: str = "p") -> list[dict]:
    return sorted((s for s in answer["sessions"] if s["programme"] == pid), key=lambda s: s["n"])
