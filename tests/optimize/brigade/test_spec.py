"""Malformed requests are refused with the JSON path of the bad field."""

from __future__ import annotations

import copy

import pytest

from planner.optimize.brigade import plan_week
from planner.optimize.brigade.spec import parse
from planner.optimize.errors import SpecError

from .conftest import BASE

CASES = [
    (lambda r: r.update(version=2), "$.version"),
    (lambda r: r.update(dates=[]), "$.dates"),
    (lambda r: r["dates"].__setitem__(1, "2026-13-01"), "$.dates[1]"),
    (lambda r: r["depots"][0].update(location=[54.0]), "$.depots[0].location"),
    (lambda r: r["staff"][1].update(id="sw-1"), "$.staff[1].id"),
    (lambda r: r["staff"][0].update(roles=[]), "$.staff[0].roles"),
    (lambda r: r["staff"][0].update(depot="nowhere"), "$.staff[0].depot"),
    (lambda r: r["staff"][2]["availability"].update({"2026-12-07": [["9:00", "18:00"]]}),
     '$.staff[2].availability["2026-12-07"][0][0]'),
    (lambda r: r["staff"][2]["availability"].update({"2026-12-07": [["18:00", "09:00"]]}),
     '$.staff[2].availability["2026-12-07"][0][1]'),
    (lambda r: r["vehicles"][0].update(seats=0), "$.vehicles[0].seats"),
    (lambda r: r["vehicles"][1].update(cost_per_km="cheap"), "$.vehicles[1].cost_per_km"),
    (lambda r: r["vehicles"][0].update(crews={"2026-12-07": ["sw-1", "ghost"]}),
     '$.vehicles[0].crews["2026-12-07"][1]'),
    (lambda r: r["visits"][3].update(duration=0), "$.visits[3].duration"),
    (lambda r: r["visits"][3].update(priority=101), "$.visits[3].priority"),
    (lambda r: r["visits"][3].update(dates=["2026-12-07", "yesterday"]), "$.visits[3].dates[1]"),
    (lambda r: r["visits"][3].update(time_windows=[["10:00"]]), "$.visits[3].time_windows[0]"),
    (lambda r: r["visits"][3].update(mandatory="yes"), "$.visits[3].mandatory"),
    (lambda r: r["visits"][3].update(required_staff=["ghost"]), "$.visits[3].required_staff[0]"),
    (lambda r: r["visits"][3].update(pinned={"date": "2026-12-07", "vehicle": "bus"}), "$.visits[3].pinned.vehicle"),
    (lambda r: r["visits"][3].update(pinned={"date": "2026-12-25", "vehicle": "uaz-1"}), "$.visits[3].pinned.date"),
    (lambda r: r["lunch"].update(minutes=-5), "$.lunch.minutes"),
    (lambda r: r["options"].update(time_limit=0), "$.options.time_limit"),
    (lambda r: r["visits"][3].update(place=7), "$.visits[3].place"),
    (lambda r: r["options"].update(parallel_service="on"), "$.options.parallel_service"),
    (lambda r: r["options"].update(free_crews="yes"), "$.options.free_crews"),
    (lambda r: r["options"].update(walk_minutes=-1), "$.options.walk_minutes"),
    (lambda r: r["options"].update(base_plan={"routes": [{"vehicle": "uaz-1", "date": "2026-12-07",
                                                         "stops": [{"visit": "v1", "start": "x"}]}]}),
     "$.options.base_plan.routes[0].stops[0].start"),
    (lambda r: r.update(matrix={"locations": [[54.02, 37.01]], "minutes": [[0]], "meters": [[0]]}),
     "$.visits[1].location"),  # visit 0 sits at the depot
    (lambda r: r["travel"].update(speed_kmh=-1), "$.travel.speed_kmh"),
]


@pytest.mark.parametrize("change, path", CASES)
def test_malformed_request_names_the_path(change, path):
    request = copy.deepcopy(BASE)
    change(request)
    with pytest.raises(SpecError) as err:
        plan_week(request)
    assert err.value.path == path


def test_not_an_object():
    with pytest.raises(SpecError) as err:
        parse([1, 2])
    assert err.value.path == "$"


def test_unknown_fields_are_ignored_and_defaults_apply():
    request = copy.deepcopy(BASE)
    request["colour"] = "blue"
    request["visits"][0]["note"] = "dog in the yard"
    del request["visits"][0]["priority"]
    problem = parse(request)
    assert problem.visits["v0"].priority == 1
    assert problem.visits["v0"].dates == tuple(request["dates"])


def test_dates_outside_the_week_are_not_an_error():
    request = copy.deepcopy(BASE)
    request["visits"][0]["dates"] = ["2027-01-11"]
    assert parse(request).visits["v0"].outside_week


def test_with_free_crews_the_crews_given_are_a_roster_not_a_rule():
    request = copy.deepcopy(BASE)
    request["vehicles"][0]["crews"] = {"2026-12-07": ["sw-1"]}
    assert parse(request).vehicles[request["vehicles"][0]["id"]].crews == {"2026-12-07": ("sw-1",)}
    request["options"]["free_crews"] = True
    vehicle = parse(request).vehicles[request["vehicles"][0]["id"]]
    assert vehicle.crews == {} and vehicle.roster == {"2026-12-07": ("sw-1",)}
