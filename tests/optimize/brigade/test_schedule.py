"""Exact route timing: earliest starts, lunch placement, the lunch-window rule."""

from __future__ import annotations

import copy

from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.schedule import schedule
from planner.optimize.brigade.spec import parse

from .conftest import BASE, MON


def setup(visits, span=("08:30", "18:30"), drive=300):
    request = copy.deepcopy(BASE)
    request["visits"] = visits
    request["vehicles"][0].update(availability={MON: [list(span)]}, max_drive_minutes=drive)
    problem = parse(request)
    inst = Instance(problem)
    route = inst.route(problem.vehicles["uaz-1"], MON, ("sw-1",))
    return inst, route, [problem.visits[v["id"]] for v in visits]


def far(vid, windows=None, duration=60):
    visit = {"id": vid, "location": [54.30, 37.40], "duration": duration, "roles": ["social_worker"]}
    if windows:
        visit["time_windows"] = windows
    return visit


def test_short_morning_route_needs_no_lunch():
    inst, route, visits = setup([far("a", [["09:00", "11:00"]])])
    timing = schedule(inst, route, visits)
    assert timing.lunch is None and timing.back < 12 * 60


def test_route_spanning_the_window_takes_lunch_between_visits():
    inst, route, visits = setup([far("a", [["10:00", "11:30"]], 90), far("b", [["14:00", "16:00"]])])
    timing = schedule(inst, route, visits)
    start, end = timing.lunch
    assert 12 * 60 <= start <= 14 * 60 and end - start == 45
    assert timing.stops[0].end <= start and end <= timing.stops[1].start


def test_leaves_as_late_as_the_first_window_allows():
    inst, route, visits = setup([far("a", [["11:00", "12:00"]])])
    timing = schedule(inst, route, visits)
    assert timing.depart + inst.minutes(inst.depot_of(route.vehicle), visits[0].location) == timing.stops[0].start


def test_impossible_windows_give_none():
    inst, route, visits = setup([far("a", [["14:00", "15:00"]]), far("b", [["09:00", "10:00"]])])
    assert schedule(inst, route, visits) is None


def test_drive_limit_is_checked():
    assert schedule(*setup([far("a")], drive=300)) is not None
    assert schedule(*setup([far("a")], drive=10)) is None
