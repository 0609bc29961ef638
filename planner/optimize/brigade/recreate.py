"""Ruin and recreate on the exact timetables, priority first.

OR-Tools' guided local search from given routes settles into plans where a
valuable visit stays out because letting it in needs two or three visits of
several routes to move at once (a long visit with a narrow window on a
route that is full, say); priority repair moves at most one. This search
takes a few routes near a random visit (of its date, or any that could serve
it), removes a string of visits from each, and refills those routes greedily:
mandatory visits first, then by priority with a little noise, each at its
cheapest feasible place, from the removed visits and every left-out visit
the routes could serve. The result is kept when the routes touched serve
more (mandatory, then priority) or the same for less cost, so the plan never
gets worse in the spec's order. Every route is timed by ``schedule``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.polish import NEAREST, distance, nearest, positions, sequence
from planner.optimize.brigade.schedule import Timing, schedule
from planner.optimize.brigade.timing import Steps
from planner.optimize.brigade.tighten import route_cost

Timed = dict[RouteKey, Timing]
ROUTES = 3  # routes touched per attempt, at most
STRING = 4  # visits removed per route, at most
NOISE = 0.15  # relative noise on priorities when refilling
ATTEMPT_WORK = 100  # counted work of an attempt's own bookkeeping, in timetable evaluations
STEP_WORK = 2  # counted work of one visit sent out by a route of calls' timing (``calls``), in evaluations


def ruin_recreate(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], visits: Mapping[str, Visit],
                  timed: Mapping[RouteKey, Timing], rng: random.Random, deadline: float,
                  work: int | None = None) -> Timed:
    """The best plan met by ruin-and-recreate attempts until ``deadline``, or until ``work`` is spent.

    Record-to-record travel: an attempt is taken when it serves no fewer mandatory
    visits and its priority stays within a threshold of the best plan's, the
    threshold shrinking to nothing by ``deadline`` (by the end of ``work`` when
    it is counted: the repeatable mode, where the clock must not matter);
    the best plan is returned.
    """
    current = dict(timed)
    best, top = dict(current), worth(inst, routes, current)
    now_worth = top
    step = _threshold(inst, current)
    left = _Budget(deadline, work, len(visits))
    while (share := left.share()) > 0:
        served = {s.visit for t in current.values() for s in t.stops}
        waiting = sorted(v for v in visits if v not in served)
        if not served:
            break
        if waiting and rng.random() < 0.5:
            first = visits[rng.choice(waiting)]
            keys = _around(inst, routes, current, first, rng)
        else:
            first = None
            keys = _touched(inst, routes, current, visits[rng.choice(sorted(served & visits.keys()))], rng)
        result = _attempt(inst, routes, visits, current, keys, served, rng, left, first) if keys else None
        if result is None:
            continue
        after = tuple(a + n - b for a, n, b in zip(now_worth, worth(inst, routes, result),
                                                   worth(inst, routes, {k: current.get(k) for k in keys})))
        slack = step * share
        if after[0] < now_worth[0] or after[1] < top[1] - slack or (after[1] == now_worth[1]
                                                                   and after[2] < now_worth[2]):
            continue
        for key, t in result.items():
            if t is None or not t.stops:
                current.pop(key, None)
            else:
                current[key] = t
        now_worth = after
        if after > top:
            best, top = dict(current), after
    return best


class _Budget:
    """What is left of the search, from 1 down to 0: of the time to ``deadline``, or of ``work``.

    Work counts timetable evaluations (``schedule`` calls) and, per attempt,
    ``ATTEMPT_WORK`` plus one unit per candidate visit (choosing the routes and
    the pool looks at each): an attempt on a large week, with more left-out
    visits near its routes, times many more orders than one on a small week
    (on L-104 eight times M-102's), so counting attempts alone made the
    repeatable mode's time grow with the week's size. On the shared machine
    (load 5–9) every size did 61,000–74,000 units a second (the tests' week:
    16 evaluations and 10 visits an attempt in 1.7 ms; M-102: 214 and 250 in
    8 ms; L-104: 2,080 and 1,000 in 52 ms).

    A route of calls (``parallel_service``) counts, besides the evaluation,
    ``STEP_WORK`` per visit its passes sent out: such a timetable re-times its
    calls for each lunch position, and one step took 79 µs where a whole
    sequential timetable took 44 µs (load 5.4). Counted as one evaluation, the
    demo's 2026-W40, whose reception point holds a call of eighteen families,
    ran 167 s for its 10 s in repeatable mode.
    """

    def __init__(self, deadline: float, work: int | None, visits: int) -> None:
        self.began, self.deadline, self.work, self.spent = time.monotonic(), deadline, work, 0
        self.attempt = ATTEMPT_WORK + visits
        self.steps = Steps()

    def schedule(self, inst: Instance, route: CrewedRoute, visits: list[Visit]) -> Timing | None:
        before = self.steps.count
        timing = schedule(inst, route, visits, self.steps)
        self.spent += 1 + STEP_WORK * (self.steps.count - before)
        return timing

    def share(self) -> float:
        if self.work is not None:
            left = max(0.0, 1 - self.spent / self.work) if self.work else 0.0
            self.spent += self.attempt
            return left
        clock = time.monotonic()
        return max(0.0, (self.deadline - clock) / max(1e-9, self.deadline - self.began))


def _threshold(inst: Instance, timed: Timed) -> float:
    """Half the mean priority of the served visits: a start that lets one visit trade for another."""
    visits = inst.problem.visits
    served = [visits[s.visit].priority for t in timed.values() for s in t.stops]
    return 0.5 * sum(served) / len(served) if served else 0.0


def _touched(inst: Instance, routes, timed: Timed, seed: Visit, rng: random.Random) -> list[RouteKey]:
    """The seed's route and up to ``ROUTES`` - 1 routes near it: able to serve it, of its date, or of its vehicle."""
    home = next(k for k, t in timed.items() if any(s.visit == seed.id for s in t.stops))
    mode = rng.randrange(3)
    if mode == 0:
        others = [k for k in nearest(inst, routes, timed, seed) if k != home]
    else:  # the same date, or the same vehicle (and so often the same crew) on other dates
        others = sorted((k for k in routes if k[mode - 1] == home[mode - 1] and k != home),
                        key=lambda k: (distance(inst, routes, timed, k, seed), k))
    return [home] + others[: rng.randint(1, ROUTES - 1)]


def _around(inst: Instance, routes, timed: Timed, visit: Visit, rng: random.Random) -> list[RouteKey]:
    """One or two of the nearest routes able to serve a left-out ``visit``, and up to two
    more routes near it of any crew, to take what those give up."""
    able = nearest(inst, routes, timed, visit)
    keys = rng.sample(able, min(len(able), rng.randint(1, 2)))
    near = sorted((k for k in routes if k not in keys), key=lambda k: (distance(inst, routes, timed, k, visit), k))
    return keys + rng.sample(near[:NEAREST], min(len(near), rng.randint(0, ROUTES - len(keys))))


def _attempt(inst: Instance, routes, visits: Mapping[str, Visit], timed: Timed, keys: list[RouteKey],
             served: set[str], rng: random.Random, budget: _Budget,
             first: Visit | None = None) -> dict[RouteKey, Timing | None] | None:
    """Remove a string of visits from each route of ``keys`` and refill them (``first`` first)."""
    seqs, removed = {}, []
    for key in keys:
        seq = sequence(inst, timed, key)
        if seq:
            start = rng.randrange(len(seq))
            length = rng.randint(1, min(STRING, len(seq)))
            removed += seq[start:start + length]
            seq = seq[:start] + seq[start + length:]
        seqs[key] = seq
    pool = removed + [v for v in visits.values() if v.id not in served
                      and any(inst.can_serve(routes[k], v) for k in keys)]
    pool.sort(key=lambda v: (v is not first, not (v.mandatory or v.pinned or v.done),
                             -v.priority * (1 + NOISE * rng.random())))
    now = {k: budget.schedule(inst, routes[k], s) if s else None for k, s in seqs.items()}
    if any(seqs[k] and now[k] is None for k in keys):
        return None
    for visit in pool:
        best = _cheapest(inst, routes, seqs, now, keys, visit, budget)
        if best is not None:
            key, pos, t = best
            seqs[key] = seqs[key][:pos] + [visit] + seqs[key][pos:]
            now[key] = t
    return now


def _cheapest(inst: Instance, routes, seqs, now, keys, visit: Visit, budget: _Budget):
    """The insertion of ``visit`` into one of ``keys`` adding the least cost, or None."""
    best = None
    for key in keys:
        route = routes[key]
        if not inst.can_serve(route, visit) or not _may_fit(inst, route, now[key], visit):
            continue
        seq = seqs[key]
        before = route_cost(route, now[key])
        for pos in positions(inst, seq):
            t = budget.schedule(inst, route, seq[:pos] + [visit] + seq[pos:])
            if t is not None and (best is None or route_cost(route, t) - before < best[0]):
                best = (route_cost(route, t) - before, key, pos, t)
    return best[1:] if best else None


def _may_fit(inst: Instance, route: CrewedRoute, t: Timing | None, visit: Visit) -> bool:
    """A quick necessary condition: the route's idle time holds the visit's duration.

    A crew that splits up (``parallel_service``) serves several visits at once,
    so there the test is on person-time: every visit takes at least one person
    for its duration and every rider rides every drive. Counted as one crew's
    time, full routes of split-up weeks refused visits their calls could take.
    """
    if t is None:
        return True
    work = sum(s.end - s.start for s in t.stops) + visit.duration
    span = route.span[1] - route.span[0]
    if inst.problem.options.parallel_service:
        crew = len(route.crew)
        return work + crew * t.drive <= crew * span
    return work + t.drive <= span


def worth(inst: Instance, routes, timed: Mapping[RouteKey, Timing | None]) -> tuple[int, int, int]:
    """(mandatory served, priority served, -cost) of some routes."""
    visits = inst.problem.visits
    served = [visits[s.visit] for t in timed.values() if t for s in t.stops]
    must = sum(1 for v in served if v.mandatory or v.pinned or v.done)
    return must, sum(v.priority for v in served), -sum(route_cost(routes[k], t) for k, t in timed.items())
