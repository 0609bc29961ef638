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

A reception point's call holds fifteen or twenty families, and the search
times it whole for every insertion it tries, so one timetable must not cost
the cube of the call's size: a pass with lunch resumes where the pass
without it stood (``_Timer``), the soonest visit is sought among the call's
kinds of visit, not all of them (``_Timer._queue``), and the passes count
the visits they send out (``Steps``), the repeatable mode's measure of work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planner.optimize.brigade.domain import CrewedRoute, Lunch, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.roles import cover, covers
from planner.optimize.brigade.timing import CallTime, Steps, StopTime, Timing, drive_leg, first_start
from planner.optimize.travel import Point

Free = dict[str, tuple[int, Point]]  # person -> (free from, where)
Queue = dict[tuple, list[int]]  # a call's waiting visits by kind (``_Timer._queue``), in the route's order


def call_schedule(inst: Instance, route: CrewedRoute, visits: Sequence[Visit],
                  steps: Steps | None = None) -> Timing | None:
    """The times of ``route`` serving ``visits`` in order as calls, or None when impossible.

    ``steps`` counts the visits sent out over all passes (the repeatable mode's work).
    """
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
    timer = _Timer(inst, route, visits, calls, legs, soonest=True, steps=steps)
    plain = timer.forward(route.span[0], None, record=True)
    if plain is None:
        timer = _Timer(inst, route, visits, calls, legs, soonest=False, steps=steps)
        plain = timer.forward(route.span[0], None, record=True)
    if plain is None or plain.back > route.span[1]:
        return None  # a lunch only delays: no lunch position can help
    rule = inst.problem.lunch
    best = timer.without_lunch()
    if best is None and rule:
        won = None
        for gap in range(len(visits) + 1):
            if timer.lunch_from.get(gap, rule.latest + 1) > rule.latest:
                continue
            timing = timer.earliest(gap)
            if timing is not None and (best is None or timing.back < best.back):
                best, won = timing, gap
                if best.back == plain.back:
                    break  # a lunch only delays: no later gap can return sooner
        if best is not None:
            best = timer.later(won, best)
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


@dataclass(frozen=True)
class _Saved:
    """Where the pass without lunch stood at one gap, to resume from there with lunch in it."""

    call: int
    leave: int
    stops: int  # stops and calls timed before the gap
    calls: int
    inside: tuple[int, int, Free, Queue] | None = None  # (arrive, p, free, waiting) inside a call


class _Timer:
    """Forward passes over one route's calls, with lunch before visit ``gap`` (or none).

    The pass without lunch (``record``) saves its state at every gap, so a pass
    with lunch in a gap resumes there instead of timing the route before it
    again: a reception point's call of eighteen families has eighteen gaps, and
    timing the whole call for each one made a timetable cost the cube of the
    call's size (the demo's 2026-W40 took minutes in repeatable mode).
    """

    def __init__(self, inst: Instance, route: CrewedRoute, visits, calls, legs, soonest: bool,
                 steps: Steps | None = None) -> None:
        self.route, self.visits, self.calls, self.legs = route, visits, calls, legs
        self.soonest, self.steps = soonest, steps or Steps()
        self.walk = inst.problem.options.walk_minutes
        self.rule: Lunch | None = inst.problem.lunch
        self.roles = {s: inst.problem.staff[s].roles for s in route.crew}
        self.lunch_from: dict[int, int] = {}  # gap -> when lunch could start there, from the plain pass
        self.saved: dict[int, _Saved] = {}
        self.stops: list[StopTime] = []
        self.call_times: list[CallTime] = []
        self.plain: Timing | None = None

    def without_lunch(self) -> Timing | None:
        """The pass without lunch leaving as late as the first call allows, unless it spans the lunch window."""
        early = self.earliest(None)
        if early is None:
            return None
        early = self.later(None, early)
        rule = self.rule
        if rule and early.depart <= rule.earliest and early.back >= rule.latest:
            return None
        return early

    def earliest(self, gap: int | None) -> Timing | None:
        """Earliest times from the route's start with lunch in ``gap``, or None if they do not fit."""
        early = self.plain if gap is None else self.forward(self.route.span[0], gap)
        if early is None or early.back > self.route.span[1]:
            return None
        return early

    def later(self, gap: int | None, early: Timing) -> Timing:
        """``early`` leaving as late as the first call allows, when no visit's start moves.

        Leaving later never changes when the route is back, so among lunch
        positions the earliest return is chosen first and only it is shifted.
        """
        first = [s for s in early.stops if s.call == 0]
        if early.lunch is not None and early.lunch[1] <= first[0].arrive:
            return early
        later = min(s.start - self.walk for s in first) - self.legs[0]
        if later > early.depart:
            late = self.forward(later, gap)
            if late is not None and [s.start for s in late.stops] == [s.start for s in early.stops]:
                return late
        return early

    def forward(self, depart: int, gap: int | None, record: bool = False) -> Timing | None:
        """Earliest times from ``depart``; None if a window or the lunch rule fails.

        ``record`` (the pass without lunch) notes, for every gap, when a lunch
        there could start at the earliest and where the pass stood; a later pass
        from the same start with lunch in a gap resumes there.
        """
        saved = None if record or depart != self.route.span[0] else self.saved.get(gap)
        leave, lunch, first, inside = depart, None, 0, None
        stops: list[StopTime] = []
        calls: list[CallTime] = []
        if record:
            self.stops, self.call_times = stops, calls
        elif saved is not None:
            leave, first, inside = saved.leave, saved.call, saved.inside
            stops, calls = self.stops[:saved.stops], self.call_times[:saved.calls]
        for c in range(first, len(self.calls)):
            members = self.calls[c]
            anchor = self.visits[members[0]].location
            if inside is not None:
                arrive, begin, free, waiting = inside[0], inside[1], dict(inside[2]), _copy(inside[3])
                inside = None
            else:
                if record:
                    self._save(members[0], _Saved(c, leave, len(stops), len(calls)), leave)
                ready, arrive, meal = drive_leg(leave, self.legs[c], self.rule if gap == members[0] else None)
                if ready is None:
                    return None
                lunch = meal or lunch
                free = {s: (ready, anchor) for s in self.route.crew}
                begin, waiting = 0, self._queue(members)
            for p in range(begin, len(members)):  # gap i: lunch before the call's p-th visit sent out
                i = members[p]
                if record and p:
                    self._save(i, _Saved(c, leave, len(stops), len(calls), (arrive, p, dict(free), _copy(waiting))),
                               max(t for t, _ in free.values()))
                if gap == i and p:
                    lunch = self._break(free)
                    if lunch is None:
                        return None
                self.steps.count += 1
                step = self._next(waiting, free, anchor=not p)
                if step is None:
                    return None
                j, people, start = step
                stops.append(self._send(self.visits[j], people, start, free, c, arrive))
            leave = max(t + (self.walk if at != anchor else 0) for t, at in free.values())
            calls.append(CallTime(self.visits[members[0]].site, arrive, leave))
        if record:
            self._save(len(self.visits), _Saved(len(self.calls), leave, len(stops), len(calls)), leave)
        back, _, meal = drive_leg(leave, self.legs[-1], self.rule if gap == len(self.visits) else None)
        if back is None:
            return None
        timing = Timing(depart, back, tuple(stops), meal or lunch, 0, 0, tuple(calls))
        if record:
            self.plain = timing
        return timing

    def _save(self, gap: int, state: _Saved, lunch_from: int) -> None:
        self.lunch_from[gap] = lunch_from
        if self.rule is not None:
            self.saved[gap] = state

    def _break(self, free: Free):
        """Lunch inside a call: it starts when everyone is done, and everyone resumes after it."""
        rule = self.rule
        start = max(rule.earliest, max(t for t, _ in free.values()))
        if start > rule.latest:
            return None
        for s, (_, at) in free.items():
            free[s] = (start + rule.minutes, at)
        return (start, start + rule.minutes)

    def _queue(self, members: list[int]) -> Queue:
        """A call's visits by kind: alike in roles, people, windows, length and door.

        Visits of one kind can start at the same moment, so the soonest of a
        call is found among the first visit of each kind (a reception point's
        call of eighteen families holds five or six kinds), not among all.
        """
        queue: Queue = {}
        for i in members:
            v = self.visits[i]
            queue.setdefault((v.roles, v.required_staff, v.time_windows, v.duration, v.location), []).append(i)
        return queue

    def _next(self, waiting: Queue, free: Free, anchor: bool) -> tuple[int, set[str], int] | None:
        """(visit, people, start) of the visit to send out next, taken from ``waiting``; None if one cannot start.

        The call's anchor first, then the first waiting visit, or with
        ``soonest`` the one that can start first (the route's order breaks
        ties). A visit that cannot start now cannot later either (people only
        get busier), so the call fails. When a visit can start depends on its
        roles, its required people and whether someone already stands at its
        door, so that moment is found once per such kind.
        """
        heads = [members[0] for members in waiting.values() if members]
        if anchor or not self.soonest:
            best = min(heads)
        else:
            spots = {at for _, at in free.values()}
            moments: dict[tuple, int | None] = {}
            best, soonest = None, None
            for j in heads:
                visit = self.visits[j]
                kind = (visit.roles, visit.required_staff, visit.location if visit.location in spots else None)
                if kind not in moments:
                    moments[kind] = _moment(visit, _at(visit, free, self.walk), self.roles)
                start = None if moments[kind] is None else first_start(visit, moments[kind])
                if start is None:
                    return None
                if best is None or (start, j) < (soonest, best):
                    best, soonest = j, start
        visit = self.visits[best]
        waiting[(visit.roles, visit.required_staff, visit.time_windows, visit.duration, visit.location)].pop(0)
        planned = self._plan(visit, free)
        return None if planned is None else (best, *planned)

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


def _copy(queue: Queue) -> Queue:
    return {kind: list(members) for kind, members in queue.items()}


def _soonest(visit: Visit, free: Free, roles: Mapping[str, frozenset[str]], walk: int) -> set[str] | None:
    """The people who together cover ``visit`` and can all be at it soonest (required people included)."""
    at = _at(visit, free, walk)
    moment = _moment(visit, at, roles)
    if moment is None:
        return None
    pool = {s: roles[s] for s in at if at[s] <= moment}
    chosen = cover(visit.roles, pool, prefer=[*visit.required_staff, *visit.preferred_staff])
    return set(chosen) | set(visit.required_staff)


def _at(visit: Visit, free: Free, walk: int) -> dict[str, int]:
    """When each person can be at ``visit``'s door: free, plus the walk unless already there."""
    return {s: t + (walk if where != visit.location else 0) for s, (t, where) in free.items()}


def _moment(visit: Visit, at: Mapping[str, int], roles: Mapping[str, frozenset[str]]) -> int | None:
    """The first moment the people there by then cover ``visit``'s roles (its required people among them).

    No moment before the last of the roles' first holders can do, so the
    search starts there (for a visit of one role, the answer).
    """
    required = set(visit.required_staff)
    if not required <= at.keys():
        return None
    floor = max((at[s] for s in required), default=0)
    for role in set(visit.roles):
        holders = [at[s] for s in at if role in roles[s]]
        if not holders:
            return None
        floor = max(floor, min(holders))
    if len(visit.roles) == 1:
        return floor
    for moment in sorted({t for t in at.values() if t >= floor} | {floor}):
        if covers(visit.roles, {s: roles[s] for s in at if at[s] <= moment}):
            return moment
    return None
