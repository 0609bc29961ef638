"""VROOM (pyvroom) on a brigade request whose crews are all fixed, answered in our plan format.

One VROOM vehicle per route (a vehicle on a date with its crew). Skills are
exact: every distinct need of the visits (role multiset, required people)
gets a skill id, and a vehicle has it when its crew covers it by a distinct-
person matching, the same rule as ours; a pinned visit gets a skill only its
route has. Time is counted in seconds from the week's first midnight, so a
visit's windows on each allowed date become VROOM time windows. Lunch is a
VROOM break (VROOM always takes it, which the spec allows), the driving limit
is ``max_travel_time``, cost is a per-profile cost matrix in the same units as
ours. The answer is built from VROOM's own times and checked by our
independent validator like any other plan; left-out visits get the same
honest reasons ours get.
"""

from __future__ import annotations

import time
from datetime import timedelta

import numpy as np
import vroom

from planner.optimize.brigade.answer import stop_staff
from planner.optimize.brigade.domain import CrewedRoute
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import arc_cost, fixed_cost
from planner.optimize.brigade.reasons import judge, left_out
from planner.optimize.brigade.roles import covers
from planner.optimize.brigade.spec import clock, parse

DAY = 24 * 60


def solve_vroom(request: dict, seconds: float, threads: int = 2) -> dict:
    """VROOM's plan for ``request`` (fixed crews) within ``seconds``."""
    began = time.monotonic()
    problem = parse(request)
    inst = Instance(problem)
    routes = [r for v in problem.vehicles.values() for d, crew in v.crews.items()
              if (r := inst.route(v, d, crew)) is not None and len(crew) <= v.seats]
    visits = list(problem.visits.values())
    vin = vroom.Input()
    _matrices(vin, inst, routes)
    skills = _skills(inst, routes, visits)
    for k, route in enumerate(routes):
        vin.add_vehicle(_vehicle(inst, k, route, skills))
    for j, visit in enumerate(visits):
        job = _job(inst, j, visit, skills)
        if job is not None:
            vin.add_job(job)
    solution = vin.solve(exploration_level=5, nb_threads=threads, timeout=timedelta(seconds=seconds))
    return _plan(inst, routes, visits, solution, time.monotonic() - began)


def _matrices(vin, inst: Instance, routes: list[CrewedRoute]) -> None:
    seconds = np.array(inst.minutes_rows, dtype=np.uint32) * 60
    for rate in {r.vehicle.cost_per_km for r in routes}:
        profile = f"rate{rate}"
        vin.set_durations_matrix(profile, seconds)
        costs = [[arc_cost(m, rate) for m in row] for row in inst.meters_rows]
        vin.set_costs_matrix(profile, np.array(costs, dtype=np.uint32))


def _skills(inst: Instance, routes: list[CrewedRoute], visits) -> dict:
    """Skill ids: one per distinct need and one per route for pinned visits."""
    needs = {(tuple(sorted(v.roles)), tuple(sorted(v.required_staff))) for v in visits}
    ids = {need: i + 1 for i, need in enumerate(sorted(needs))}
    offset = len(ids) + 1
    ids.update({route.key: offset + k for k, route in enumerate(routes)})
    staff = inst.problem.staff
    have = {}
    for route in routes:
        people = {s: staff[s].roles for s in route.crew}
        have[route.key] = {i for need, i in ids.items() if isinstance(need[0], tuple)
                           and covers(need[0], people) and set(need[1]) <= set(route.crew)}
        have[route.key].add(ids[route.key])
    return {"ids": ids, "have": have}


def _vehicle(inst: Instance, k: int, route: CrewedRoute, skills: dict):
    v, base = route.vehicle, route.day * DAY
    depot = inst.row[inst.depot_of(v)]
    lunch = inst.problem.lunch
    breaks = [vroom.Break(k + 1, [vroom.TimeWindow((base + lunch.earliest) * 60, (base + lunch.latest) * 60)],
                          service=lunch.minutes * 60)] if lunch else []
    return vroom.Vehicle(
        k, start=depot, end=depot, profile=f"rate{v.cost_per_km}", capacity=[v.capacity],
        skills=skills["have"][route.key], breaks=breaks,
        time_window=vroom.TimeWindow((base + route.span[0]) * 60, (base + route.span[1]) * 60),
        costs=vroom.VehicleCosts(fixed=fixed_cost(v.fixed_cost)),
        max_travel_time=v.max_drive_minutes * 60)


def _job(inst: Instance, j: int, visit, skills: dict):
    visit = visit.as_pinned()
    dates = [visit.pinned.date] if visit.pinned else visit.dates
    windows = [vroom.TimeWindow((inst.problem.day(d) * DAY + a) * 60, (inst.problem.day(d) * DAY + b - visit.duration) * 60)
               for d in dates for a, b in visit.time_windows if b - visit.duration >= a]
    if not windows:
        return None
    need = skills["ids"][tuple(sorted(visit.roles)), tuple(sorted(visit.required_staff))]
    wanted = {need} | ({skills["ids"][visit.pinned.vehicle, visit.pinned.date]} if visit.pinned else set())
    if visit.pinned and (visit.pinned.vehicle, visit.pinned.date) not in skills["ids"]:
        return None
    return vroom.Job(j, location=inst.row[visit.location], default_service=visit.duration * 60,
                     delivery=[visit.amount], skills=wanted, priority=visit.priority, time_windows=windows)


def _plan(inst: Instance, routes: list[CrewedRoute], visits, solution, seconds: float) -> dict:
    steps = solution.routes
    out, served = [], set()
    for k, route in enumerate(routes):
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
