"""Repair and cost descent on the exact timetables: what one-visit moves cannot do."""

from __future__ import annotations

import math

from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.polish import repair
from planner.optimize.brigade.schedule import schedule
from planner.optimize.brigade.spec import parse
from planner.optimize.brigade.tighten import route_cost, tighten

from .conftest import MON

FAR, NEAR = [54.25, 37.35], [54.04, 37.03]


def _week(week: dict) -> dict:
    """One date, two full vehicles: the dear one (2 a km) drives far, the cheap one (1 a km) near."""
    week["dates"] = [MON]
    for v in week["vehicles"]:
        v.update(capacity=2, fixed_cost=0, availability={MON: v["availability"][MON]})
    week["visits"] = [
        {"id": f"{where}{n}", "location": [place[0] + 0.004 * n, place[1]], "duration": 20,
         "roles": ["social_worker"], "priority": 10, "amount": 1}
        for where, place in (("far", FAR), ("near", NEAR)) for n in range(2)
    ]
    return week


def test_descent_hands_the_far_pair_to_the_cheaper_vehicle(week):
    """Full vehicles: a single move cannot fit and half a swap costs more; the exchange of tails pays."""
    inst = Instance(parse(_week(week)))
    visits = inst.problem.visits
    routes = {("uaz-1", MON): inst.route(inst.problem.vehicles["uaz-1"], MON, ("sw-1",)),
              ("gaz-2", MON): inst.route(inst.problem.vehicles["gaz-2"], MON, ("sw-2",))}
    timed = {("gaz-2", MON): schedule(inst, routes["gaz-2", MON], [visits["far0"], visits["far1"]]),
             ("uaz-1", MON): schedule(inst, routes["uaz-1", MON], [visits["near0"], visits["near1"]])}

    after = tighten(inst, routes, timed, math.inf)

    def cost(t):
        return sum(route_cost(routes[k], x) for k, x in t.items())
    assert {s.visit for s in after["uaz-1", MON].stops} == {"far0", "far1"}
    assert {s.visit for t in after.values() for s in t.stops} == set(visits)
    assert cost(after) < cost(timed)


def test_repair_lets_a_long_mandatory_visit_push_several_others_out(week):
    """A route full of short visits: the mandatory one needs the room of three of them."""
    week["dates"] = [MON]
    week["vehicles"] = week["vehicles"][:1]
    week["vehicles"][0]["availability"] = {MON: [["09:00", "13:00"]]}
    week.pop("lunch")
    week["visits"] = [
        {"id": f"s{i}", "location": [54.03, 37.02 + 0.01 * i], "duration": 50, "roles": ["social_worker"],
         "priority": 50 + i} for i in range(4)
    ] + [{"id": "m", "location": [54.03, 37.06], "duration": 150, "roles": ["social_worker"], "priority": 1,
          "mandatory": True}]
    inst = Instance(parse(week))
    visits = inst.problem.visits
    routes = {("uaz-1", MON): inst.route(inst.problem.vehicles["uaz-1"], MON, ("sw-1",))}
    full = {("uaz-1", MON): schedule(inst, routes["uaz-1", MON], [visits[f"s{i}"] for i in range(4)])}

    after = repair(inst, routes, visits, full, math.inf)

    assert {s.visit for s in after["uaz-1", MON].stops} == {"m", "s3"}  # the most urgent other one stays
