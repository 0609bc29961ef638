"""Times of a route that serves its visits in calls (spec section 1.1).

Consecutive visits of one place form a *call*: the vehicle drives to the
call's anchor (its first visit), the crew splits up, its members walk to
different households, and the vehicle drives on when the last one is back.
Inside a call, after the anchor, the next visit sent out is the one that can
start soonest (the route's order breaks ties): the routing's order inside a
place is arbitrary, since all its houses cost the same to reach, and taken
literally it kept people at the vehicle while a family they could serve
waited behind one needing someone busy. When that order breaks a window the
route's own order is tried. Each visit goes to the people who can be there
soonest and together cover its roles (required people always go), and starts
at the first moment inside its windows once they have walked there. People
who serve nothing wait at the vehicle.

Lunch is a break of the whole crew, so it goes either on the road to a call
(as in a version-1 route), on the drive back, or inside a call before one of
its visits: everyone finishes what they are doing first and the visits after
it start after the break. Every position is tried and the earliest return is
kept, as in ``schedule``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planner.optimize.brigade.domain import CrewedRoute, Lunch, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.roles import cover
from planner.optimize.brigade.timing import CallTime, StopTime, Timing, drive_leg, first_start
from planner.optimize.travel import Point

Free = dict[str, tuple[int, Point]]  # person -> (free from, where)


def call_schedule(inst: Instance, route: CrewedRoute, visits: Sequence[Visit]) -> Timing | None:
    """The times of ``route`` serving ``visits`` in order as calls, or None when impossible."""
    vehicle = route.vehicle
    if not visits:
        return Timing(route.span[0], route.span[0], (), None, 0, 0)
    if sum(v.amount for v in visits) > vehicle.capacity:
        return None
    calls = group(visits)
    depot = inst.depot_of(vehicle)
    places = [depot, *(visits[c[0]].location for c in calls), depot]
    legs = [inst.minutes(a, b) for a, b in zip(places, places[1:])]
    if sum(legs) > vehicle.max_drive_minutes:
        return None
    meters = sum(inst.meters(a, b) for a, b in zip(places, places[1:]))
    timer = _Timer(inst, route, visits, calls, legs, soonest=True)
    plain = timer.forward(route.span[0], None, record=True)
    if plain is None:
        timer = _Timer(inst, route, visits, calls, legs, soonest=False)
        plain = timer.forward(route.span[0], None, record=True)
    if plain is None or plain.back > route.span[1]:
        return None  # a lunch only delays: no lunch position can help
    rule = inst.problem.lunch
    best = None
    for gap in [None, *range(len(visits) + 1)] if rule else [None]:
        if gap is not None and timer.lunch_from.get(gap, rule.latest + 1) > rule.latest:
            continue
        timing = timer.latest_departure(gap)
        if timing is not None and (best is None or timing.back < best.back):
            best = timing
        if best is not None and gap is None:
            break
    if best is None:
        return None
    return Timing(best.depart, best.back, best.stops, best.lunch, sum(legs), meters, best.calls)


def group(visits: Sequence[Visit]) -> list[list[int]]:
    """Indices of ``visits`` cut into calls: runs of consecutive visits of one place."""
    calls: list[list[int]] = []
    for i, v in enumerate(visits):
        if calls and visits[calls[-1][0]].site == v.site:
            calls[-1].append(i)
        else:
            calls.append([i])
    return calls


class _Timer:
    """Forward passes over one route's calls, with lunch before visit ``gap`` (or none)."""

    def __init__(self, inst: Instance, route: CrewedRoute, visits, calls, legs, soonest: bool) -> None:
        self.route, self.visits, self.calls, self.legs = route, visits, calls, legs
        self.soonest = soonest
        self.walk = inst.problem.options.walk_minutes
        self.rule: Lunch | None = inst.problem.lunch
        self.roles = {s: inst.problem.staff[s].roles for s in route.crew}
        self.lunch_from: dict[int, int] = {}  # gap -> when lunch could start there, from the plain pass

    def latest_departure(self, gap: int | None) -> Timing | None:
        """Earliest times, then leaving as late as the first call allows when nothing moves."""
        early = self.forward(self.route.span[0], gap)
        if early is None or early.back > self.route.span[1]:
            return None
        first = [s for s in early.stops if s.call == 0]
        lunch_first = early.lunch is not None and early.lunch[1] <= first[0].arrive
        if not lunch_first:
            later = min(s.start - self.walk for s in first) - self.legs[0]
            if later > early.depart:
                late = self.forward(later, gap)
                if late is not None and [s.start for s in late.stops] == [s.start for s in early.stops]:
                    early = late
        rule = self.rule
        if gap is None and rule and early.depart <= rule.earliest and early.back >= rule.latest:
            return None
        return early

    def forward(self, depart: int, gap: int | None, record: bool = False) -> Timing | None:
        """Earliest times from ``depart``; None if a window or the lunch rule fails.

        ``record`` notes, for every gap, when a lunch there could start at the earliest.
        """
        leave, lunch, stops, calls = depart, None, [], []
        for c, members in enumerate(self.calls):
            if record:
                self.lunch_from[members[0]] = leave
            ready, arrive, meal = drive_leg(leave, self.legs[c], self.rule if gap == members[0] else None)
            if ready is None:
                return None
            lunch = meal or lunch
            anchor = self.visits[members[0]].location
            free: Free = {s: (ready, anchor) for s in self.route.crew}
            waiting = list(members)
            for p, i in enumerate(members):  # gap i: lunch before the call's p-th visit sent out
                if record and p:
                    self.lunch_from[i] = max(t for t, _ in free.values())
                if gap == i and p:
                    lunch = self._break(free)
                    if lunch is None:
                        return None
                step = self._next(waiting if p else waiting[:1], free)
                if step is None:
                    return None
                j, people, start = step
                waiting.remove(j)
                stops.append(self._send(self.visits[j], people, start, free, c, arrive))
            leave = max(t + (self.walk if at != anchor else 0) for t, at in free.values())
            calls.append(CallTime(self.visits[members[0]].site, arrive, leave))
        if record:
            self.lunch_from[len(self.visits)] = leave
        back, _, meal = drive_leg(leave, self.legs[-1], self.rule if gap == len(self.visits) else None)
        if back is None:
            return None
        return Timing(depart, back, tuple(stops), meal or lunch, 0, 0, tuple(calls))

    def _break(self, free: Free):
        """Lunch inside a call: it starts when everyone is done, and everyone resumes after it."""
        rule = self.rule
        start = max(rule.earliest, max(t for t, _ in free.values()))
        if start > rule.latest:
            return None
        for s, (_, at) in free.items():
            free[s] = (start + rule.minutes, at)
        return (start, start + rule.minutes)

    def _next(self, waiting: list[int], free: Free) -> tuple[int, set[str], int] | None:
        """(visit, people, start) of the visit to send out next; None if one of them cannot start.

        The first of ``waiting``, or with ``soonest`` the one that can start
        first. A visit that cannot start now cannot later either (people only
        get busier), so the call fails.
        """
        best = None
        for j in waiting if self.soonest else waiting[:1]:
            planned = self._plan(self.visits[j], free)
            if planned is None:
                return None
            if best is None or planned[1] < best[2]:
                best = (j, *planned)
        return best

    def _plan(self, visit: Visit, free: Free) -> tuple[set[str], int] | None:
        """The people who can start ``visit`` soonest and its start; None if no one can in its windows."""
        people = _soonest(visit, free, self.roles, self.walk)
        if people is None:
            return None
        ready = max(free[s][0] + (self.walk if free[s][1] != visit.location else 0) for s in people)
        start = first_start(visit, ready)
        return None if start is None else (people, start)

    def _send(self, visit: Visit, people: set[str], start: int, free: Free, call: int, arrive: int) -> StopTime:
        for s in people:
            free[s] = (start + visit.duration, visit.location)
        staff = tuple(s for s in self.route.crew if s in people)
        return StopTime(visit.id, arrive, start, start + visit.duration, call, staff)


def _soonest(visit: Visit, free: Free, roles: Mapping[str, frozenset[str]], walk: int) -> set[str] | None:
    """The people who together cover ``visit`` and can all be at it soonest (required people included)."""
    at = {s: t + (walk if where != visit.location else 0) for s, (t, where) in free.items()}
    required = set(visit.required_staff)
    if not required <= at.keys():
        return None
    floor = max((at[s] for s in required), default=0)
    for moment in sorted({t for t in at.values() if t >= floor} | {floor}):
        pool = {s: roles[s] for s in at if at[s] <= moment}
        chosen = cover(visit.roles, pool, prefer=[*visit.required_staff, *visit.preferred_staff])
        if chosen is not None:
            return set(chosen) | required
    return None
