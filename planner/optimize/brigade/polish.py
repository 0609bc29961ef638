"""Priority repair: put left-out visits in, by insertion or by replacing a cheaper visit.

The routing search weighs priority through penalties and can stall with a
valuable visit outside while a less valuable one holds its place. This pass
works on the exact timetables (``schedule``), pinned visits first (each has
one route), then the other mandatory ones, then best priority first (a pass
with a deadline may not reach the last): a left-out visit goes where it fits
at the least extra distance among its nearest routes, or where it fits once one visit of that route moves to another
route; if neither works, it may replace one visit of lower priority (never a
mandatory, pinned or done one) on one of those routes, the replaced visit
then waiting its own turn. A mandatory, pinned or done visit that still does
not fit clears its way: the route's other visits leave, least valuable first,
until it fits (``_clear_way``; an agreed trip's pinned reception appointments
were left out while its route served visits any car could take). The plan
in hand changes only when the search's value says it is better.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from planner.optimize.brigade.calls import group
from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.schedule import Timing, schedule

NEAREST = 6  # routes tried per visit


def repair(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], visits: Mapping[str, Visit],
           timed: Mapping[RouteKey, Timing], deadline: float) -> dict[RouteKey, Timing]:
    """``timed`` with left-out visits inserted or swapped in where that raises priority."""
    timed = dict(timed)
    served = {s.visit for t in timed.values() for s in t.stops}
    waiting = sorted((v for v in visits.values() if v.id not in served), key=_turn)
    while waiting and time.monotonic() < deadline:
        visit = waiting.pop(0)
        options = nearest(inst, routes, timed, visit)
        moved = _make_room(inst, routes, timed, visit, options)
        if moved is not None:
            timed.update(moved)
            continue
        step = _insert(inst, routes, timed, visit, options) or _replace(inst, routes, timed, visit, options) \
            or _clear_way(inst, routes, timed, visit, options)
        if step is None:
            continue
        key, timing, out = step
        timed[key] = timing
        if out:
            waiting.extend(out)
            waiting.sort(key=_turn)
    return timed


def nearest(inst: Instance, routes, timed, visit: Visit) -> list[RouteKey]:
    """Routes that may serve ``visit``, nearest first (by their closest stop or depot)."""
    keys = [k for k, r in routes.items() if inst.can_serve(r, visit)]
    return sorted(keys, key=lambda k: (distance(inst, routes, timed, k, visit), k))[:NEAREST]


def distance(inst: Instance, routes, timed, key: RouteKey, visit: Visit) -> int:
    """Minutes from route ``key`` (its closest stop or its depot) to ``visit``."""
    places = [inst.depot_of(routes[key].vehicle)]
    if key in timed:
        places += [inst.problem.visits[s.visit].location for s in timed[key].stops]
    return min(inst.minutes(p, visit.location) for p in places)


def _insert(inst, routes, timed, visit: Visit, options: list[RouteKey]):
    best = None
    for key in options:
        seq = sequence(inst, timed, key)
        before = timed[key].meters if key in timed else 0
        for pos in positions(inst, seq):
            timing = schedule(inst, routes[key], seq[:pos] + [visit] + seq[pos:])
            if timing is not None and (best is None or timing.meters - before < best[0]):
                best = (timing.meters - before, key, timing)
    return (best[1], best[2], []) if best else None


def _make_room(inst, routes, timed, visit: Visit, options: list[RouteKey]):
    """Insert ``visit`` directly, or by moving one visit of its route to another route."""
    direct = _insert(inst, routes, timed, visit, options)
    if direct is not None:
        return {direct[0]: direct[1]}
    for key in options:
        seq = sequence(inst, timed, key)
        for out in seq:
            if out.pinned is not None:
                continue
            rest = schedule(inst, routes[key], [v for v in seq if v is not out])
            here = _insert(inst, routes, {**timed, key: rest}, visit, [key]) if rest else None
            if here is None:
                continue
            elsewhere = _insert(inst, routes, timed, out, [k for k in nearest(inst, routes, timed, out) if k != key])
            if elsewhere is not None:
                return {key: here[1], elsewhere[0]: elsewhere[1]}
    return None


def _replace(inst, routes, timed, visit: Visit, options: list[RouteKey]):
    best = None
    for key in options:
        seq = sequence(inst, timed, key)
        for out in seq:
            if out.priority >= visit.priority or out.mandatory or out.pinned is not None or out.done:
                continue
            rest = [v for v in seq if v is not out]
            for pos in positions(inst, rest):
                timing = schedule(inst, routes[key], rest[:pos] + [visit] + rest[pos:])
                gain = (visit.priority - out.priority, -timing.meters if timing else 0)
                if timing is not None and (best is None or gain > best[0]):
                    best = (gain, key, timing, [out])
    return best[1:] if best else None


def _clear_way(inst, routes, timed, visit: Visit, options: list[RouteKey]):
    """A must visit in, with the fewest least valuable visits of a route out.

    A pinned visit has only its route, so it may also send out visits that are
    mandatory but free to go elsewhere (they then wait their turn, and may clear
    their own way on another route); other must visits send out only the rest.
    """
    if not _must(visit):
        return None
    for key in options:
        seq = sequence(inst, timed, key)
        movable = [v for v in seq if v.pinned is None and (visit.pinned is not None or not _must(v))]
        out: list[Visit] = []
        for leaving in sorted(movable, key=lambda v: (_must(v), v.priority, v.id)):
            out.append(leaving)
            rest = [v for v in seq if v not in out]
            for pos in positions(inst, rest):
                timing = schedule(inst, routes[key], rest[:pos] + [visit] + rest[pos:])
                if timing is not None:
                    return key, timing, out
    return None


def positions(inst: Instance, seq: list[Visit]) -> list[int]:
    """Where a visit may go into ``seq``: anywhere, or in a route of calls only between calls.

    With ``parallel_service`` the order inside a call only breaks ties (the
    visit that can start soonest goes next, ``calls``) and a visit of another
    place there would cut the call in two, so only the call boundaries can give
    another plan; a reception point's call of eighteen families had nineteen
    positions, each timing the whole call.
    """
    if not inst.problem.options.parallel_service:
        return list(range(len(seq) + 1))
    return [members[0] for members in group(seq)] + [len(seq)]


def sequence(inst: Instance, timed, key: RouteKey) -> list[Visit]:
    visits = inst.problem.visits
    return [visits[s.visit].as_pinned() for s in timed[key].stops] if key in timed else []


def _turn(visit: Visit) -> tuple:
    """Pinned visits first (one route each), then the other must visits, then by priority."""
    return visit.pinned is None, not _must(visit), -visit.priority, visit.id


def _must(visit: Visit) -> bool:
    return visit.mandatory or visit.pinned is not None or visit.done
