"""A sequential brigade week as a VROOM problem, and VROOM's routes back.

One VROOM vehicle per route (a vehicle on a date with its crew). Skills are
exact: every distinct need of the visits (role multiset, required people)
gets a skill id, and a vehicle has it when its crew covers it by a distinct-
person matching, the rule of ``roles.covers``; a pinned visit also needs a
skill only its route has. Time counts seconds from the week's first
midnight, so a visit's windows on each allowed date become VROOM time
windows (VROOM's several windows per job carry the alternative dates). Lunch
is a VROOM break on every route that may span the lunch window (VROOM always
takes it, which the spec allows), the driving
limit is ``max_travel_time``, cost is a per-rate cost matrix in the units of
``objective``. Without ``seconds`` VROOM stops on its own (a fixed amount of
work for a given exploration level), so its answer repeats on any machine.

What VROOM cannot express stays with the caller: the exact timetable
(``schedule``) re-times every route, and the crews are chosen before.
Mandatory, pinned and done visits get VROOM's highest priority, the nearest
VROOM comes to "serve these first".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import time
from datetime import timedelta

import numpy as np
import vroom

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import arc_cost, fixed_cost
from planner.optimize.brigade.roles import covers
from planner.optimize.brigade.schedule import Timing

DAY = 24 * 60
MUST = 100  # VROOM's highest priority


def solve(inst: Instance, routes: Sequence[CrewedRoute], visits: Sequence[Visit],
          seconds: float | None = None, threads: int = 1, exploration: int = 5,
          initial: Mapping[RouteKey, Timing] | None = None):
    """VROOM's solution (``vroom.Solution``), ``None`` with nothing to route.

    Job ``j`` is ``visits[j]``, vehicle ``k`` is ``routes[k]``. ``initial``
    gives timed routes for VROOM to start from (its initial routes, lunch
    included); one VROOM refuses as infeasible (its times differ from ours by
    rounding) is left out of the start and VROOM tries again, while
    ``seconds`` last (``None`` after them).
    """
    initial = dict(initial or {})
    ends = None if seconds is None else time.monotonic() + seconds
    while True:
        vin = _input(inst, routes, visits, initial)
        left = None if ends is None else ends - time.monotonic()
        if vin is None or (left is not None and left <= 0):
            return None
        try:
            return vin.solve(exploration_level=exploration, nb_threads=threads,
                             timeout=None if left is None else timedelta(seconds=max(0.1, left)))
        except vroom._vroom.VroomInputException as error:
            refused = _refused(str(error), routes)
            if refused not in initial:
                raise
            del initial[refused]


def _input(inst: Instance, routes: Sequence[CrewedRoute], visits: Sequence[Visit],
           initial: Mapping[RouteKey, Timing]):
    vin = vroom.Input()
    _matrices(vin, inst, routes)
    skills = _skills(inst, routes, visits)
    job = {v.id: j for j, v in enumerate(visits)}
    for k, route in enumerate(routes):
        steps = _steps(k, initial.get(route.key), job)
        vin.add_vehicle(_vehicle(inst, k, route, skills, steps))
    jobs = [job for j, visit in enumerate(visits) if (job := _job(inst, j, visit, skills)) is not None]
    if not jobs or not routes:
        return None
    for job in jobs:
        vin.add_job(job)
    return vin


def _steps(k: int, timing: Timing | None, job: Mapping[str, int]) -> list:
    """A timed route as VROOM vehicle steps: its visits in order, lunch where it falls."""
    if timing is None:
        return []
    steps, lunch = [], timing.lunch
    for stop in timing.stops:
        if lunch is not None and stop.start >= lunch[1]:
            steps.append(vroom.VehicleStepBreak(k + 1))
            lunch = None
        if stop.visit in job:
            steps.append(vroom.VehicleStepSingle(job[stop.visit]))
    if lunch is not None:
        steps.append(vroom.VehicleStepBreak(k + 1))
    return steps


def _refused(message: str, routes: Sequence[CrewedRoute]) -> RouteKey | None:
    """The route VROOM names in refusing a start: "Infeasible route for vehicle K." or
    "Missing skill or step out of reach for vehicle K and job J." (the vehicle, not the job)."""
    words = message.rstrip(".").split()
    after = words[words.index("vehicle") + 1] if "vehicle" in words[:-1] else ""
    if after.isdigit() and int(after) < len(routes):
        return routes[int(after)].key
    return None


def sequences(solution, routes: Sequence[CrewedRoute], visits: Sequence[Visit]) -> dict[RouteKey, list[str]]:
    """Visit ids per route, in VROOM's driving order."""
    steps = solution.routes
    jobs = steps[steps["type"] == "job"]
    return {routes[int(k)].key: [visits[int(j)].id for j in group["id"]]
            for k, group in jobs.groupby("vehicle_id", sort=False)}


def _matrices(vin, inst: Instance, routes: Sequence[CrewedRoute]) -> None:
    seconds = np.array(inst.minutes_rows, dtype=np.uint32) * 60
    for rate in {r.vehicle.cost_per_km for r in routes}:
        profile = f"rate{rate}"
        vin.set_durations_matrix(profile, seconds)
        costs = [[arc_cost(m, rate) for m in row] for row in inst.meters_rows]
        vin.set_costs_matrix(profile, np.array(costs, dtype=np.uint32))


def _skills(inst: Instance, routes: Sequence[CrewedRoute], visits: Sequence[Visit]) -> dict:
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


def _vehicle(inst: Instance, k: int, route: CrewedRoute, skills: dict, steps: list):
    v, base = route.vehicle, route.day * DAY
    depot = inst.row[inst.depot_of(v)]
    lunch = inst.problem.lunch
    # Only a route that may span the whole lunch window owes a lunch (``schedule``).
    owed = lunch is not None and route.span[0] <= lunch.earliest and route.span[1] >= lunch.latest
    breaks = [vroom.Break(k + 1, [vroom.TimeWindow((base + lunch.earliest) * 60, (base + lunch.latest) * 60)],
                          service=lunch.minutes * 60)] if owed else []
    return vroom.Vehicle(
        k, start=depot, end=depot, profile=f"rate{v.cost_per_km}", capacity=[v.capacity],
        skills=skills["have"][route.key], breaks=breaks,
        time_window=vroom.TimeWindow((base + route.span[0]) * 60, (base + route.span[1]) * 60),
        costs=vroom.VehicleCosts(fixed=fixed_cost(v.fixed_cost)),
        max_travel_time=v.max_drive_minutes * 60, steps=steps)


def _job(inst: Instance, j: int, visit: Visit, skills: dict):
    visit = visit.as_pinned()
    dates = [visit.pinned.date] if visit.pinned else visit.dates
    windows = [vroom.TimeWindow((inst.problem.day(d) * DAY + a) * 60, (inst.problem.day(d) * DAY + b - visit.duration) * 60)
               for d in dates for a, b in visit.time_windows if b - visit.duration >= a]
    if not windows:
        return None
    need = skills["ids"][tuple(sorted(visit.roles)), tuple(sorted(visit.required_staff))]
    if visit.pinned and (visit.pinned.vehicle, visit.pinned.date) not in skills["ids"]:
        return None
    wanted = {need} | ({skills["ids"][visit.pinned.vehicle, visit.pinned.date]} if visit.pinned else set())
    return vroom.Job(j, location=inst.row[visit.location], default_service=visit.duration * 60,
                     delivery=[visit.amount], skills=wanted, priority=_priority(visit), time_windows=windows)


def _priority(visit: Visit) -> int:
    """VROOM's priority (0–100): the visit's own, the highest for one that must be served."""
    return MUST if visit.mandatory or visit.pinned or visit.done else visit.priority
