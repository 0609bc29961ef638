"""Clock times of one route, given the order of its visits.

The routing model decides the order; this module decides the times, exactly
as the spec counts them, so the answer never depends on how the routing
library happened to place its cumul values. For a fixed order, starting every
visit as early as possible is best for every later window, so one forward
pass per lunch position is an exact feasibility test:

- lunch in gap k (between event k and k+1) starts at the earliest allowed
  moment that is not before leaving: if the drive would pass ``latest``, the
  crew stops on the road (lunch interrupts the drive), which costs the same;
- the route without lunch is tried first, and is kept only if, after leaving
  as late as the first visit allows, it does not span the whole lunch window.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.optimize.brigade.calls import call_schedule
from planner.optimize.brigade.domain import CrewedRoute, Lunch, Visit, Window
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.timing import Steps, StopTime, Timing, drive_leg, first_start

__all__ = ["StopTime", "Timing", "fit", "schedule"]


def schedule(inst: Instance, route: CrewedRoute, visits: Sequence[Visit],
             steps: Steps | None = None) -> Timing | None:
    """The times of ``route`` serving ``visits`` in order, or None when impossible.

    With ``options.parallel_service`` the route is timed as calls (``calls``);
    when the calls do not fit (walking between two houses may take longer than
    driving) it is timed as a version-1 route, which such a plan may also hold,
    so splitting up never loses a route the crew could drive together.
    ``steps`` counts the visits the calls' passes sent out (``calls``).
    """
    if inst.problem.options.parallel_service:
        timing = call_schedule(inst, route, visits, steps)
        if timing is not None:
            return timing
    vehicle = route.vehicle
    if sum(v.amount for v in visits) > vehicle.capacity:
        return None
    depot = inst.depot_of(vehicle)
    places = [depot, *(v.location for v in visits), depot]
    legs = [inst.minutes(a, b) for a, b in zip(places, places[1:])]
    if sum(legs) > vehicle.max_drive_minutes:
        return None
    meters = sum(inst.meters(a, b) for a, b in zip(places, places[1:]))
    rule = inst.problem.lunch
    plain = _forward(route.span[0], visits, legs, None, None)
    if plain is None or plain[1] > route.span[1]:
        return None  # a lunch only delays: no lunch position can help
    best = None
    for gap in [None, *_gaps(route.span[0], plain[2], rule)] if rule else [None]:
        timing = _timed(route.span, visits, legs, rule, gap)
        if timing is not None and (best is None or timing[1] < best[1]):
            best = timing
        if best is not None and gap is None:
            break
    if best is None:
        return None
    depart, back, stops, lunch = best
    return Timing(depart, back, stops, lunch, sum(legs), meters)


def fit(inst: Instance, route: CrewedRoute, visits: Sequence[Visit]) -> Timing | None:
    """Exact times; if the order breaks a rule, drop the least valuable visits until it does not.

    A single removal that makes the route feasible is preferred (the cheapest such visit);
    otherwise the least valuable visit goes and the check repeats.
    """
    visits = list(visits)
    timing = schedule(inst, route, visits)
    while timing is None and visits:
        worth = sorted(visits, key=lambda v: (v.mandatory or v.pinned is not None, v.priority))
        for v in worth:
            timing = schedule(inst, route, [w for w in visits if w is not v])
            if timing is not None:
                return timing
        visits.remove(worth[0])
        timing = schedule(inst, route, visits)
    return timing


def _gaps(depart: int, stops: Sequence[StopTime], rule: Lunch):
    """Gaps where lunch may go: the crew must not leave a stop after ``latest`` (the part before is unchanged)."""
    leaves = [depart, *(s.end for s in stops)]
    for gap, leave in enumerate(leaves):
        if leave > rule.latest:
            return
        yield gap


def _timed(span: Window, visits: Sequence[Visit], legs: list[int], rule: Lunch | None,
           gap: int | None):
    """Times with lunch in ``gap`` (None: no lunch), leaving as late as useful."""
    early = _forward(span[0], visits, legs, rule, gap)
    if early is None or early[1] > span[1]:
        return None
    later = _late_departure(span[0], early[2], legs[0], early[3])
    if later > span[0]:
        late = _forward(later, visits, legs, rule, gap)
        if late is not None and [s.start for s in late[2]] == [s.start for s in early[2]]:
            early = late
    depart, back = early[0], early[1]
    if gap is None and rule and depart <= rule.earliest and back >= rule.latest:
        return None
    return early


def _forward(depart: int, visits: Sequence[Visit], legs: list[int], rule: Lunch | None,
             gap: int | None):
    """Earliest times from ``depart``; None if a window or the lunch rule fails."""
    leave, lunch, stops = depart, None, []
    for k, visit in enumerate(visits):
        ready, arrive, meal = drive_leg(leave, legs[k], rule if gap == k else None)
        if ready is None:
            return None
        lunch = meal or lunch
        start = first_start(visit, ready)
        if start is None:
            return None
        stops.append(StopTime(visit.id, arrive, start, start + visit.duration))
        leave = start + visit.duration
    back, _, meal = drive_leg(leave, legs[-1], rule if gap == len(visits) else None)
    if back is None:
        return None
    return depart, back, tuple(stops), meal or lunch


def _late_departure(earliest: int, stops: Sequence[StopTime], leg: int, lunch: Window | None) -> int:
    """Leave as late as the first visit allows, so the crew does not wait on site."""
    if not stops:
        return earliest
    first = stops[0]
    if lunch is not None and lunch[1] <= first.start:  # lunch in the first gap
        return max(earliest, min(lunch[0], first.start - leg - (lunch[1] - lunch[0])))
    return max(earliest, first.start - leg)
