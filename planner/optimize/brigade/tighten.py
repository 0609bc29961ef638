"""Cost descent: with the served visits fixed, move visits where the week gets cheaper.

The routing search weighs one priority point as a million roubles, so near
its time limit it settles who is served long before it settles how far the
crews drive, and priority repair inserts where a visit fits, not where it is
cheapest. This pass works on the exact timetables (``schedule``) and keeps
the served set: it moves one visit to another place in its own route or in
one of its nearest routes, swaps two visits of two routes, exchanges the
tails of two routes of one date and depot (2-opt*), or reverses a stretch of
a route (2-opt), whenever the week's cost (km × rate, plus the fixed cost of
a route that empties) falls. Distances bound every move before it is timed
(for swaps and tail exchanges they give its exact cost), so only moves that
could pay are scheduled. Every accepted move lowers the cost, so it ends.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import arc_cost, fixed_cost
from planner.optimize.brigade.polish import nearest, positions, sequence
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
        for vid in sorted(s.visit for t in timed.values() for s in t.stops):
            if time.monotonic() >= deadline:
                return timed
            better |= _swap(inst, routes, timed, vid)
        for pair in _pairs(inst, routes, timed):
            if time.monotonic() >= deadline:
                return timed
            better |= _exchange_tails(inst, routes, timed, *pair)
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


def _swap(inst: Instance, routes, timed: Timed, vid: str) -> bool:
    """Swap ``vid`` with a visit of one of its nearest routes, each taking the other's place, if cheaper."""
    home = next((k for k, t in timed.items() if any(s.visit == vid for s in t.stops)), None)
    if home is None:
        return False
    mine = sequence(inst, timed, home)
    i = next(n for n, v in enumerate(mine) if v.id == vid)
    visit = mine[i]
    moves = []
    for key in nearest(inst, routes, timed, visit):
        if key == home or key not in timed:
            continue
        theirs = sequence(inst, timed, key)
        for j, other in enumerate(theirs):
            if not inst.can_serve(routes[home], other):
                continue
            gain = _swap_gain(inst, routes, timed, (home, mine, i), (key, theirs, j))
            if gain > 0:
                moves.append((gain, key, j))
    for _, key, j in sorted(moves, key=lambda m: (-m[0], m[1], m[2])):
        theirs = sequence(inst, timed, key)
        a = schedule(inst, routes[home], mine[:i] + [theirs[j]] + mine[i + 1:])
        b = schedule(inst, routes[key], theirs[:j] + [visit] + theirs[j + 1:]) if a else None
        if b is not None:
            timed[home], timed[key] = a, b
            return True
    return False


def _swap_gain(inst: Instance, routes, timed: Timed, one, two) -> int:
    """Cost saved by swapping ``one``'s visit at its position with ``two``'s (exact: the arcs change)."""
    (ka, sa, i), (kb, sb, j) = one, two
    after_a = timed[ka].meters + _replaced(inst, routes[ka], sa, i, sb[j])
    after_b = timed[kb].meters + _replaced(inst, routes[kb], sb, j, sa[i])
    return (_arcs(routes[ka], timed[ka].meters) + _arcs(routes[kb], timed[kb].meters)
            - _arcs(routes[ka], after_a) - _arcs(routes[kb], after_b))


def _replaced(inst: Instance, route: CrewedRoute, seq: list[Visit], i: int, visit: Visit) -> int:
    """Meters added by putting ``visit`` in place of ``seq[i]``."""
    depot = inst.depot_of(route.vehicle)
    before = seq[i - 1].location if i else depot
    after = seq[i + 1].location if i + 1 < len(seq) else depot
    m = inst.meters
    return (m(before, visit.location) + m(visit.location, after)
            - m(before, seq[i].location) - m(seq[i].location, after))


def _pairs(inst: Instance, routes, timed: Timed) -> list[tuple[RouteKey, RouteKey]]:
    """Routes of one date leaving from one depot, in pairs: the candidates for a tail exchange."""
    keys = sorted(timed)
    return [(a, b) for n, a in enumerate(keys) for b in keys[n + 1:]
            if a[1] == b[1] and routes[a].vehicle.depot == routes[b].vehicle.depot]


def _exchange_tails(inst: Instance, routes, timed: Timed, ka: RouteKey, kb: RouteKey) -> bool:
    """2-opt*: ``a[:i] + b[j:]`` and ``b[:j] + a[i:]``, the cheapest exchange that times, if it pays."""
    sa, sb = sequence(inst, timed, ka), sequence(inst, timed, kb)
    depot = inst.depot_of(routes[ka].vehicle)
    pa, pb = _prefix(inst, depot, sa), _prefix(inst, depot, sb)
    now = route_cost(routes[ka], timed[ka]) + route_cost(routes[kb], timed[kb])
    moves = []
    for i in range(len(sa) + 1):
        for j in range(len(sb) + 1):
            if (i, j) == (len(sa), len(sb)):
                continue  # nothing moved; (0, 0) swaps the routes whole, which pays between rates
            cost = _tails_cost(inst, routes[ka], sa, pa, i, sb, pb, j) + _tails_cost(inst, routes[kb], sb, pb, j, sa, pa, i)
            if cost < now:
                moves.append((cost, i, j))
    for _, i, j in sorted(moves):
        new_a, new_b = sa[:i] + sb[j:], sb[:j] + sa[i:]
        if not all(inst.can_serve(routes[ka], v) for v in sb[j:]) or \
                not all(inst.can_serve(routes[kb], v) for v in sa[i:]):
            continue
        a = schedule(inst, routes[ka], new_a) if new_a else None
        b = schedule(inst, routes[kb], new_b) if new_b else None
        if (a is None and new_a) or (b is None and new_b):
            continue
        _put(timed, ka, a)
        _put(timed, kb, b)
        return True
    return False


def _prefix(inst: Instance, depot, seq: list[Visit]) -> list[int]:
    """``p[n]``: meters from the depot through ``seq[:n]``; ``p[-1]``, the whole route back to the depot."""
    places = [depot, *(v.location for v in seq), depot]
    out = [0]
    for a, b in zip(places, places[1:]):
        out.append(out[-1] + inst.meters(a, b))
    return out


def _tails_cost(inst: Instance, route: CrewedRoute, head: list[Visit], ph: list[int], i: int,
                tail: list[Visit], pt: list[int], j: int) -> int:
    """Cost of ``route`` driving ``head[:i]`` then ``tail[j:]`` (both from the same depot)."""
    if i == 0 and j == len(tail):
        return 0
    depot = inst.depot_of(route.vehicle)
    last = head[i - 1].location if i else depot
    first = tail[j].location if j < len(tail) else depot
    meters = ph[i] + inst.meters(last, first) + (pt[-1] - pt[j + 1] if j < len(tail) else 0)
    return _arcs(route, meters) + fixed_cost(route.vehicle.fixed_cost)


def _arcs(route: CrewedRoute, meters: int) -> int:
    return arc_cost(meters, route.vehicle.cost_per_km)


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
    for pos in positions(inst, seq):
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
