"""An independent check of a VRPTW answer against its instance.

It recomputes everything from the coordinates with its own arithmetic (no
solver data): every customer served exactly once, load within capacity, each
service starting inside its window with DIMACS-truncated travel times, every
vehicle back at the depot by its closing time, no more routes than vehicles.
"""

from __future__ import annotations

import math

from planner.optimize.vrptw.model import Instance


def trunc_distance(a, b) -> float:
    """Euclidean distance truncated to one decimal (the DIMACS rule)."""
    return math.floor(10 * math.hypot(a.x - b.x, a.y - b.y)) / 10


def check(instance: Instance, routes: list[list[int]]) -> tuple[list[str], float]:
    """Problems found (empty if feasible) and the total truncated distance."""
    by_number = {site.number: site for site in instance.customers}
    problems = []
    seen: dict[int, int] = {}
    total = 0.0
    if len(routes) > instance.vehicles:
        problems.append(f"{len(routes)} routes for {instance.vehicles} vehicles")
    for r, route in enumerate(routes):
        unknown = [n for n in route if n not in by_number]
        if unknown:
            problems.append(f"route {r}: unknown customers {unknown}")
            continue
        for number in route:
            seen[number] = seen.get(number, 0) + 1
        problems += _route_problems(instance, [by_number[n] for n in route], r)
        total += _route_distance(instance, [by_number[n] for n in route])
    for number in by_number:
        if seen.get(number, 0) != 1:
            problems.append(f"customer {number} served {seen.get(number, 0)} times")
    return problems, round(total, 1)


def _route_distance(instance: Instance, stops) -> float:
    path = [instance.depot, *stops, instance.depot]
    return sum(trunc_distance(a, b) for a, b in zip(path, path[1:]))


def _route_problems(instance: Instance, stops, r: int) -> list[str]:
    problems = []
    load = sum(s.demand for s in stops)
    if load > instance.capacity:
        problems.append(f"route {r}: load {load} > capacity {instance.capacity}")
    clock = instance.depot.ready
    here = instance.depot
    for stop in stops:
        clock = max(stop.ready, clock + here.service + trunc_distance(here, stop))
        if clock > stop.due + 1e-9:
            problems.append(f"route {r}: customer {stop.number} starts at {clock:.1f} after {stop.due}")
        here = stop
    back = clock + here.service + trunc_distance(here, instance.depot)
    if stops and back > instance.depot.due + 1e-9:
        problems.append(f"route {r}: back at the depot at {back:.1f} after {instance.depot.due}")
    return problems
