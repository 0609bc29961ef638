"""An agreed trip's pinned appointments keep their route (issue 15's Dubensky week).

In a week with more mandatory visits than the cars can serve, the trip's
route was filled with mandatory visits any car could take, and the five
appointments pinned to it came back ``PINNED_CONFLICT`` although they fit its
time. A pin has one route: it clears its way there, and the mandatory visits
it sends out go elsewhere or wait.
"""

from __future__ import annotations

import copy

from planner.optimize.brigade import plan_week, validate_plan
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.polish import repair
from planner.optimize.brigade.schedule import schedule
from planner.optimize.brigade.search import Search
from planner.optimize.brigade.spec import parse

from .conftest import MON, TUE

DAY = [["08:30", "18:30"]]
POINT = [54.10, 37.20]  # the reception point of the trip's district
TEAM = [("sw-1", "social_worker"), ("sw-2", "social_worker"), ("psy-1", "psychologist"),
        ("narc-1", "narcologist"), ("pdn-1", "police")]
NEEDS = [["social_worker"], ["psychologist"], ["social_worker", "narcologist"], ["police"],
         ["social_worker", "psychologist"], ["social_worker"], ["psychologist"]]

TRIP = {
    "version": 1,
    "dates": [MON, TUE],
    "depots": [{"id": "gv", "location": [54.02, 37.01]}],
    "staff": [{"id": sid, "roles": [role], "depot": "gv", "availability": {MON: DAY, TUE: DAY}}
              for sid, role in TEAM],
    "vehicles": [
        {"id": "gaz-1", "depot": "gv", "seats": 7, "capacity": 20, "max_drive_minutes": 300,
         "availability": {MON: [["09:00", "16:00"]], TUE: DAY}, "crews": {MON: [s for s, _ in TEAM]}},
    ],
    "visits": [
        {"id": f"r{i}", "place": "dk-18", "location": POINT, "duration": 60, "roles": roles,
         "dates": [MON], "time_windows": [["10:00", "15:00"]], "priority": 100, "mandatory": True,
         "pinned": {"date": MON, "vehicle": "gaz-1"}}
        for i, roles in enumerate(NEEDS)
    ] + [
        {"id": f"m{i}", "place": "klenino", "location": [54.04, 37.05 + 0.002 * i], "duration": 90,
         "roles": ["social_worker", "psychologist"], "dates": [MON, TUE], "priority": 100, "mandatory": True}
        for i in range(3)
    ],
    "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 45},
    "travel": {"speed_kmh": 45, "detour": 1.35},
    "options": {"time_limit": 2, "seed": 0, "parallel_service": True, "walk_minutes": 5},
}


def _setup():
    problem = parse(copy.deepcopy(TRIP))
    inst = Instance(problem)
    vehicle = problem.vehicles["gaz-1"]
    routes = {r.key: r for r in (inst.route(vehicle, MON, vehicle.crews[MON]),
                                 inst.route(vehicle, TUE, ("sw-1", "psy-1")))}
    return problem, inst, routes


def test_a_pin_sends_out_mandatory_visits_that_are_free_to_go_elsewhere():
    problem, inst, routes = _setup()
    trip = ("gaz-1", MON)
    crowd = [problem.visits[f"m{i}"] for i in range(3)]
    full = {trip: schedule(inst, routes[trip], crowd)}  # the trip's day taken by the village
    assert full[trip] is not None
    timed = repair(inst, routes, problem.visits, full, float("inf"))
    assert {f"r{i}" for i in range(len(NEEDS))} <= {s.visit for s in timed[trip].stops}
    assert {s.visit for s in timed[("gaz-1", TUE)].stops} & {"m0", "m1", "m2"}  # sent out, on Tuesday

    alone = {k: r for k, r in routes.items() if k == trip}  # no other route: the pins still win
    timed = repair(inst, alone, problem.visits, full, float("inf"))
    assert {f"r{i}" for i in range(len(NEEDS))} <= {s.visit for s in timed[trip].stops}


def test_a_served_pin_outweighs_a_served_mandatory_visit():
    problem, inst, routes = _setup()
    search = Search(inst, routes, list(problem.visits.values()), seed=0)
    trip = ("gaz-1", MON)
    pin = {trip: schedule(inst, routes[trip], [problem.visits["r1"]])}
    other = {trip: schedule(inst, routes[trip], [problem.visits["m0"]])}
    assert search.value(pin) > search.value(other)


def test_the_trip_splits_up_at_the_point_and_serves_every_pin():
    request = copy.deepcopy(TRIP)
    plan = plan_week(request)
    assert validate_plan(request, plan) == []
    route = next(r for r in plan["routes"] if r["date"] == MON)
    pins = [s for s in route["stops"] if s["visit"].startswith("r")]
    assert len(pins) == len(NEEDS)
    assert len({s["call"] for s in pins}) == 1
    first = min(s["start"] for s in pins)
    assert len([s for s in pins if s["start"] == first]) >= 3  # several families received at once
