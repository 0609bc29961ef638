"""Malformed requests are refused with the JSON path of the bad field."""

from __future__ import annotations

import pytest

from planner.optimize.errors import SpecError
from planner.optimize.timetable import timetable_term
from tests.optimize.timetable.conftest import programme, request


def _set(path, value):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


CASES = [
    ("$.term.start", _set(["term", "start"], "2027-13-01")),
    ("$.term.end", _set(["term", "end"], "2027-01-01")),
    ("$.timezone", _set(["timezone"], "Mars/Olympus")),
    ("$.closed_dates[0]", _set(["closed_dates"], ["soon"])),
    ("$.staff[1].id", _set(["staff", 1, "id"], "psy-1")),
    ("$.staff[0].weekly.mon[0][1]", _set(["staff", 0, "weekly"], {"mon": [["09:00", "08:00"]]})),
    ("$.staff[0].weekly.monday", _set(["staff", 0, "weekly"], {"monday": []})),
    ("$.venues[0].location", _set(["venues", 0, "location"], [54.0])),
    ("$.venues[0].capacity", _set(["venues", 0, "capacity"], -1)),
    ("$.families[1].people", _set(["families", 1, "people"], "four")),
    ("$.programmes[0].cadence", _set(["programmes", 0, "cadence"], {"fortnightly": 1})),
    ("$.programmes[0].cadence.max_gap_days",
     _set(["programmes", 0, "cadence"], {"min_gap_days": 9, "max_gap_days": 3})),
    ("$.programmes[0].staff_pool[0]", _set(["programmes", 0, "staff_pool"], ["nobody"])),
    ("$.programmes[0].participants[0]", _set(["programmes", 0, "participants"], ["f9"])),
    ("$.programmes[0].minutes", _set(["programmes", 0, "minutes"], 0)),
    ("$.programmes[0].roles", _set(["programmes", 0, "roles"], [])),
    ("$.programmes[0].days", _set(["programmes", 0, "kind"], "camp")),
    ("$.programmes[0].preferred.weekdays[0]",
     _set(["programmes", 0, "preferred"], {"weekdays": ["funday"]})),
    ("$.programmes[0].preferred.start_between[0]",
     _set(["programmes", 0, "preferred"], {"start_between": ["3pm", "18:00"]})),
    ("$.busy[0].staff", _set(["busy"], [{"staff": "x", "date": "2027-03-01",
                                          "start": "09:00", "end": "10:00"}])),
    ("$.pinned[0].n", _set(["pinned"], [{"programme": "p", "n": 9, "date": "2027-03-01",
                                         "start": "09:00"}])),
    ("$.options.grid_minutes", _set(["options"], {"grid_minutes": 7})),
]


@pytest.mark.parametrize("path,change", CASES, ids=[c[0] for c in CASES])
def test_malformed_request_names_the_field(path, change):
    doc = request(programme())
    change(doc)
    with pytest.raises(SpecError) as info:
        timetable_term(doc)
    assert info.value.path == path


def test_not_an_object():
    with pytest.raises(SpecError) as info:
        timetable_term([])
    assert info.value.path == "$"


def test_unknown_fields_are_ignored():
    doc = request(programme(colour="green"), comment="from a spreadsheet")
    assert timetable_term(doc)["summary"]["placed"] == 3


def test_an_explicit_matrix_must_know_every_place():
    doc = request(programme())
    doc["matrix"] = {"locations": [[54.112, 37.042], [54.0, 37.3]],
                     "minutes": [[0, 30], [30, 0]], "meters": [[0, 25000], [25000, 0]]}
    with pytest.raises(SpecError) as info:
        timetable_term(doc)
    assert info.value.path == "$.families[0].location"
