"""Re-planning from a previous plan: what is kept, what a change costs, what moved.

A visit *changes* when it leaves its base route (another vehicle or date, or
no route at all) or its start moves by more than ``shift_tolerance`` minutes.
Done visits are kept exactly (same route, same start, the route keeps its base
crew). For the routing model a change is priced in two parts: serving a base
visit on another route costs one change (a per-route visit price), and moving
its start beyond the tolerance costs one change per hour of shift (soft time
bounds), which is the linear shape the routing library can carry.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.optimize.brigade.domain import BaseStop, Problem, RouteKey
from planner.optimize.brigade.schedule import Timing
from planner.optimize.brigade.spec import clock


def kept_stops(problem: Problem) -> dict[str, BaseStop]:
    """Base stops of done visits: they stay exactly as they were."""
    base = problem.options.base_plan
    if base is None:
        return {}
    return {vid: stop for vid, stop in base.stops.items()
            if vid in problem.visits and problem.visits[vid].done and stop.vehicle in problem.vehicles}


def kept_crews(problem: Problem) -> dict[RouteKey, tuple[str, ...]]:
    """Routes holding done stops keep their base crew (the visit happened with them)."""
    base = problem.options.base_plan
    keys = {(s.vehicle, s.date) for s in kept_stops(problem).values()}
    return {k: tuple(c for c in base.crews.get(k, ()) if c in problem.staff) for k in keys}


def start_crews(problem: Problem, fixed: Mapping[RouteKey, tuple[str, ...]]) -> dict[RouteKey, tuple[str, ...]]:
    """The base plan's crews of the routes not ``fixed``, as a start, without people no longer free.

    A person stays when they are still on staff, of the vehicle's depot,
    available that date and in no fixed crew that day; a route left with
    nobody is chosen afresh. With these crews the base routes can be adopted
    whole, so re-planning never starts worse than the plan it re-plans; crew
    moves may still revise them.
    """
    base = problem.options.base_plan
    if base is None:
        return {}
    taken = {(d, s) for (_, d), crew in fixed.items() for s in crew}
    out = {}
    for (vid, date), crew in base.crews.items():
        vehicle = problem.vehicles.get(vid)
        if vehicle is None or date not in vehicle.availability or (vid, date) in fixed:
            continue
        crew = tuple(s for s in crew if s in problem.staff and problem.staff[s].depot == vehicle.depot
                     and date in problem.staff[s].availability and (date, s) not in taken)
        if crew:
            out[vid, date] = crew
    return out


def roster_crews(problem: Problem, fixed: Mapping[RouteKey, tuple[str, ...]]) -> dict[RouteKey, tuple[str, ...]]:
    """With ``options.free_crews``: the request's standing roster as a start for the routes not ``fixed``.

    The roster is one of the crews the planner may choose, so starting from it
    the free plan begins where the fixed roster's plan would; crew moves then
    revise it, and riders who serve nobody leave the route in the answer
    (``answer``). People in a fixed crew that day are left out of it.
    """
    taken = {(d, s) for (_, d), crew in fixed.items() for s in crew}
    return {(v.id, date): kept for v in problem.vehicles.values() for date, crew in v.roster.items()
            if date in v.availability and (v.id, date) not in fixed
            and (kept := tuple(s for s in crew if (date, s) not in taken
                               and date in problem.staff[s].availability))}


def base_routes(problem: Problem) -> dict[RouteKey, list[str]]:
    """The base plan's visit order per route (a warm start for the search)."""
    base = problem.options.base_plan
    out: dict[RouteKey, list[tuple[int, str]]] = {}
    for stop in (base.stops.values() if base else ()):
        if stop.visit in problem.visits:
            out.setdefault((stop.vehicle, stop.date), []).append((stop.start, stop.visit))
    return {k: [v for _, v in sorted(items)] for k, items in out.items()}


def changes(problem: Problem, timed: Mapping[RouteKey, Timing]) -> list[dict] | None:
    """The ``changes`` list of the answer (None when there is no base plan)."""
    base = problem.options.base_plan
    if base is None:
        return None
    now = {s.visit: (key, s.start) for key, t in timed.items() for s in t.stops}
    out = []
    for vid, old in base.stops.items():
        if vid not in problem.visits:
            continue
        new = now.get(vid)
        moved = new is None or new[0] != (old.vehicle, old.date)
        if moved or abs(new[1] - old.start) > problem.options.shift_tolerance:
            out.append({"visit": vid, "from": _where(old.vehicle, old.date, old.start),
                        "to": _where(new[0][0], new[0][1], new[1]) if new else None})
    return out


def _where(vehicle: str, date: str, start: int) -> dict:
    return {"date": date, "vehicle": vehicle, "start": clock(start)}
