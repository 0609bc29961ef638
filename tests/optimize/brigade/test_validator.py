"""The independent validator catches each broken rule of a valid plan."""

from __future__ import annotations

import copy

import pytest

from planner.optimize.brigade import plan_week, validate_plan

from .conftest import BASE, MON, TUE


@pytest.fixture(scope="module")
def solved():
    request = copy.deepcopy(BASE)
    return request, plan_week(request)


def first_stop(plan):
    return plan["routes"][0]["stops"][0]


def route_with(plan, vid):
    return next(r for r in plan["routes"] if any(s["visit"] == vid for s in r["stops"]))


def _arrive_on_departure(plan):
    """The first stop of a route that drives to it, reached at the moment the route departs."""
    route = next(r for r in plan["routes"] if r["stops"][0]["arrive"] > r["depart"])
    route["stops"][0]["arrive"] = route["depart"]


def _swap_to_other_day(plan):
    """A route moved to the other date, where one of its riders already rides another route."""
    route = next(r for r in plan["routes"]
                 if any(set(r["crew"]) & set(o["crew"]) for o in plan["routes"] if o["date"] != r["date"]))
    route["date"] = TUE if route["date"] == MON else MON


BREAKS = {
    "crew twice": lambda r, p: p["routes"][0]["crew"].append(p["routes"][0]["crew"][0]),
    "seats": lambda r, p: [v.update(seats=1) for v in r["vehicles"]],
    "own depot": lambda r, p: r["depots"].append({"id": "far", "location": [53.45, 36.92]})
    or [s.update(depot="far") for s in r["staff"] if s["id"] == p["routes"][0]["crew"][0]],
    "crew availability": lambda r, p: [s["availability"].pop(p["routes"][0]["date"], None)
                                       for s in r["staff"] if s["id"] == p["routes"][0]["crew"][0]],
    "vehicle availability": lambda r, p: [v["availability"].update({d: [["10:00", "11:00"]] for d in (MON, TUE)})
                                          for v in r["vehicles"]],
    "fixed crew": lambda r, p: [v.update(crews={p["routes"][0]["date"]: ["narc-1"]}) for v in r["vehicles"]
                                if v["id"] == p["routes"][0]["vehicle"]],
    "time window": lambda r, p: [v.update(time_windows=[["06:00", "07:00"]]) for v in r["visits"]
                                 if v["id"] == first_stop(p)["visit"]],
    "allowed dates": lambda r, p: [v.update(dates=["2026-12-09"]) for v in r["visits"]
                                   if v["id"] == first_stop(p)["visit"]],
    "duration": lambda r, p: first_stop(p).update(end=first_stop(p)["start"]),
    "travel": lambda r, p: _arrive_on_departure(p),
    "roles": lambda r, p: [s.update(staff=s["staff"][:1]) for s in route_with(p, "p1")["stops"]
                           if s["visit"] == "p1"],
    "required staff": lambda r, p: [v.update(required_staff=["narc-1"]) for v in r["visits"]
                                    if v["id"] == first_stop(p)["visit"]],
    "capacity": lambda r, p: [v.update(capacity=0) for v in r["vehicles"]],
    "drive limit": lambda r, p: [v.update(max_drive_minutes=1) for v in r["vehicles"]],
    "reported drive": lambda r, p: p["routes"][0].update(drive_minutes=p["routes"][0]["drive_minutes"] - 1),
    "pinned": lambda r, p: [v.update(pinned={"date": TUE, "vehicle": "gaz-2", "start": "17:00"})
                            for v in r["visits"] if v["id"] == first_stop(p)["visit"]],
    "served twice": lambda r, p: p["routes"][-1]["stops"].append(copy.deepcopy(first_stop(p))),
    "missing visit": lambda r, p: p["routes"][0]["stops"].pop(0),
    "second route of a vehicle": lambda r, p: p["routes"].append(copy.deepcopy(p["routes"][0])),
    "summary": lambda r, p: p["summary"].update(priority_served=1),
    "cost": lambda r, p: p["summary"].update(cost=p["summary"]["cost"] + 5),
    "reason code": lambda r, p: p["unassigned"].append({"visit": first_stop(p)["visit"], "reasons": ["BUSY"]}),
    "date": lambda r, p: _swap_to_other_day(p),
}

EXPECT = {
    "crew twice": "twice in the crew",
    "seats": "seats",
    "own depot": "belongs to depot",
    "crew availability": "not available for the whole route",
    "vehicle availability": "vehicle not available",
    "fixed crew": "fixed crew",
    "time window": "outside its time windows",
    "allowed dates": "not one of its dates",
    "duration": "lasts 0 min",
    "travel": "no time to drive",
    "roles": "do not cover roles",
    "required staff": "required staff",
    "capacity": "over capacity",
    "drive limit": "limit 1",
    "reported drive": "travel model gives",
    "pinned": "pinned to gaz-2",
    "served twice": "served 2 times",
    "missing visit": "served 0 times, unassigned 0 times",
    "second route of a vehicle": "second route",
    "summary": "summary.priority_served",
    "cost": "summary.cost",
    "reason code": "not spec codes",
    "date": "rides two routes",
}


def test_the_solver_answer_is_valid(solved):
    request, plan = solved
    assert validate_plan(request, plan) == []


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_broken_rule_is_caught(solved, rule):
    request, plan = copy.deepcopy(solved[0]), copy.deepcopy(solved[1])
    BREAKS[rule](request, plan)
    assert any(EXPECT[rule] in v for v in validate_plan(request, plan))


@pytest.fixture(scope="module")
def long_day():
    request = copy.deepcopy(BASE)
    for v in request["visits"]:
        v.update(duration=120, time_windows=[["09:00", "18:00"]])
    plan = plan_week(request)
    return request, plan, next(r for r in plan["routes"] if "lunch" in r)


def test_missing_lunch_is_caught(long_day):
    request, plan, route = copy.deepcopy(long_day)
    del next(r for r in plan["routes"] if r["vehicle"] == route["vehicle"] and r["date"] == route["date"])["lunch"]
    assert any("no lunch" in v for v in validate_plan(request, plan))


def test_lunch_overlapping_a_visit_is_caught(long_day):
    request, plan, route = copy.deepcopy(long_day)
    route = next(r for r in plan["routes"] if r["vehicle"] == route["vehicle"] and r["date"] == route["date"])
    stop = route["stops"][1]
    route["lunch"] = {"start": stop["start"], "end": stop["end"]}
    assert any("lunch" in v for v in validate_plan(request, plan))
