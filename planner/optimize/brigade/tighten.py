"""Cost descent: with the served visits fixed, move visits where the week gets cheaper.

The routing search weighs one priority point as a million roubles, so near
its time limit it settles who is served long before it settles how far the
crews drive, and priority repair inserts where a visit fits, not where it is
cheapest. This pass works on the exact timetables (``schedule``) and keeps
the served set: it moves one visit to another place in its own route or in
one of its nearest routes, or reverses a stretch of a route (2-opt), whenever
the week's cost (km × rate, plus the fixed cost of a route that empties)
falls. Distances bound every move before it is timed, so only moves that
could pay are scheduled. Every accepted move lowers the cost, so it ends.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import arc_cost, fixed_cost
from planner.optimize.brigade.polish import nearest, sequence
from planner.optimize.brigade.schedule import Timing, schedule

Timed = dict[RouteKey, Timing]


def tighten(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], timed: Mapping[RouteKey, Timing],
            deadline: float) -> Timed:
    """``timed`` with the same visits served at a cost no higher, every route re-timed exactly."""
    timed = dict(timed)
    better = True
    while better and time.monotonic() < deadline:
        better = False
        for vid in sorted(s.visit for t in timed.values() for s in t.stops):
            if time.monotonic() >= deadline:
                return timed
            better |= _relocate(inst, routes, timed, vid)
        for key in sorted(timed):
            if time.monotonic() >= deadline:
                return timed
            better |= _two_opt(inst, routes, timed, key)
    return timed


def _relocate(inst: Instance, routes, timed: Timed, vid: str) -> bool:
    """Move ``vid`` to the cheapest place among its nearest routes, if that lowers the cost."""
    home = next(k for k, t in timed.items() if any(s.visit == vid for s in t.stops))
    seq = sequence(inst, timed, home)
    visit = next(v for v in seq if v.id == vid)
    rest = [v for v in seq if v.id != vid]
    left = schedule(inst, routes[home], rest) if rest else None
    if rest and left is None:
        return False
    saving = route_cost(routes[home], timed[home]) - route_cost(routes[home], left)
    best = None
    for key in nearest(inst, routes, timed, visit):
        into = rest if key == home else sequence(inst, timed, key)
        now = route_cost(routes[home], left) if key == home else route_cost(routes[key], timed.get(key))
        for pos, bound in _insertions(inst, routes[key], into, visit):
            if bound + _fixed_if_empty(routes[key], into) >= saving - (best[0] if best else 0):
                continue
            t = schedule(inst, routes[key], into[:pos] + [visit] + into[pos:])
            if t is None:
                continue
            gain = saving - (route_cost(routes[key], t) - now)
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, key, t)
    if best is None:
        return False
    _, key, t = best
    if key != home:
        _put(timed, home, left)
    timed[key] = t
    return True


def _two_opt(inst: Instance, routes, timed: Timed, key: RouteKey) -> bool:
    """Reverse the stretch of ``key`` that shortens it most, if any."""
    seq = sequence(inst, timed, key)
    depot = inst.depot_of(routes[key].vehicle)
    places = [depot, *(v.location for v in seq), depot]
    m = inst.meters
    best = None
    for i in range(1, len(places) - 2):
        for j in range(i + 1, len(places) - 1):
            delta = m(places[i - 1], places[j]) + m(places[i], places[j + 1]) \
                - m(places[i - 1], places[i]) - m(places[j], places[j + 1])
            if delta >= 0 or (best is not None and delta >= best[0]):
                continue
            order = seq[:i - 1] + seq[i - 1:j][::-1] + seq[j:]
            t = schedule(inst, routes[key], order)
            if t is not None and t.meters < timed[key].meters:
                best = (delta, t)
    if best is None:
        return False
    timed[key] = best[1]
    return True


def _insertions(inst: Instance, route: CrewedRoute, seq: list[Visit], visit: Visit):
    """Positions in ``seq`` with a lower bound on the cost of driving through ``visit`` there."""
    depot = inst.depot_of(route.vehicle)
    places = [depot, *(v.location for v in seq), depot]
    m = inst.meters
    for pos in range(len(seq) + 1):
        a, b = places[pos], places[pos + 1]
        yield pos, arc_cost(m(a, visit.location) + m(visit.location, b) - m(a, b), route.vehicle.cost_per_km)


def _fixed_if_empty(route: CrewedRoute, seq: list[Visit]) -> int:
    return 0 if seq else fixed_cost(route.vehicle.fixed_cost)


def route_cost(route: CrewedRoute, t: Timing | None) -> int:
    """Cost units of a route timed as ``t`` (nothing when it has no stops)."""
    if t is None or not t.stops:
        return 0
    return arc_cost(t.meters, route.vehicle.cost_per_km) + fixed_cost(route.vehicle.fixed_cost)


def _put(timed: Timed, key: RouteKey, t: Timing | None) -> None:
    if t is None or not t.stops:
        timed.pop(key, None)
    else:
        timed[key] = t
