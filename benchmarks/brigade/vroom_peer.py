"""VROOM (pyvroom) on a brigade request whose crews are all fixed, answered in our plan format.

The model is the planner's own adapter (``planner.optimize.engines.vroom_week``:
one VROOM vehicle per route, exact skills, lunch as a break, windows on every
allowed date). The peer's answer is built from VROOM's own times, not re-timed
by ours, and checked by our independent validator like any other plan;
left-out visits get the same honest reasons ours get.
"""

from __future__ import annotations

import time
from planner.optimize.brigade.answer import stop_staff
from planner.optimize.brigade.domain import CrewedRoute
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.reasons import judge, left_out
from planner.optimize.brigade.spec import clock, parse
from planner.optimize.engines import vroom_week

DAY = vroom_week.DAY


def solve_vroom(request: dict, seconds: float, threads: int = 2) -> dict:
    """VROOM's plan for ``request`` (fixed crews) within ``seconds``."""
    began = time.monotonic()
    problem = parse(request)
    inst = Instance(problem)
    routes = [r for v in problem.vehicles.values() for d, crew in v.crews.items()
              if (r := inst.route(v, d, crew)) is not None and len(crew) <= v.seats]
    visits = list(problem.visits.values())
    solution = vroom_week.solve(inst, routes, visits, seconds, threads)
    return _plan(inst, routes, visits, solution, time.monotonic() - began)


def _plan(inst: Instance, routes: list[CrewedRoute], visits, solution, seconds: float) -> dict:
    out, served = [], set()
    for k, route in enumerate(routes if solution is not None else ()):
        steps = solution.routes
        mine = steps[steps["vehicle_id"] == k]
        if not (mine["type"] == "job").any():
            continue
        out.append(_route(inst, route, mine, visits, stop_staff))
        served |= {s["visit"] for s in out[-1]["stops"]}
    verdicts = {v.id: judge(inst, v, {r.key: r.crew for r in routes}) for v in visits if v.id not in served}
    unassigned = []
    for v in visits:
        if v.id not in served:
            codes, detail = left_out(verdicts[v.id], v)
            unassigned.append({"visit": v.id, "reasons": codes, "detail": detail})
    return {"routes": out, "unassigned": unassigned, "summary": _summary(inst, routes, out, visits, seconds)}


def _route(inst: Instance, route: CrewedRoute, steps, visits, stop_staff) -> dict:
    base = route.day * DAY

    def at(seconds) -> str:
        return clock(int(seconds) // 60 - base)

    rows = steps.to_dict("records")
    stops, lunch, places = [], None, [inst.depot_of(route.vehicle)]
    for row in rows:
        start = row["arrival"] + row["waiting_time"]
        if row["type"] == "job":
            visit = visits[int(row["id"])]
            places.append(visit.location)
            stops.append({"visit": visit.id, "arrive": at(row["arrival"]), "start": at(start),
                          "end": at(start + row["service"]), "staff": stop_staff(inst, route, visit)})
        elif row["type"] == "break":
            lunch = {"start": at(start), "end": at(start + row["service"])}
    places.append(places[0])
    out = {"vehicle": route.vehicle.id, "date": route.date, "crew": list(route.crew),
           "depart": at(rows[0]["arrival"]), "return": at(rows[-1]["arrival"]),
           "meters": sum(inst.meters(a, b) for a, b in zip(places, places[1:])),
           "drive_minutes": sum(inst.minutes(a, b) for a, b in zip(places, places[1:]))}
    if lunch:
        out["lunch"] = lunch
    out["stops"] = stops
    return out


def _summary(inst: Instance, routes, out, visits, seconds: float) -> dict:
    by_key = {r.key: r for r in routes}
    served = {s["visit"] for r in out for s in r["stops"]}
    cost = sum(r["meters"] / 1000 * by_key[r["vehicle"], r["date"]].vehicle.cost_per_km
               + by_key[r["vehicle"], r["date"]].vehicle.fixed_cost for r in out)
    return {"visits": len(visits), "served": len(served),
            "priority_served": sum(v.priority for v in visits if v.id in served),
            "priority_total": sum(v.priority for v in visits),
            "meters": sum(r["meters"] for r in out), "drive_minutes": sum(r["drive_minutes"] for r in out),
            "cost": round(cost, 2), "solve_seconds": round(seconds, 2)}
