"""Large-neighbourhood search over blocks of routes, with OR-Tools routing inside.

One routing model over a large week is slow to search (a thousand visits,
ninety routes, lunch breaks), so the week is cut into *blocks*: the routes of
one depot. A block is re-routed by OR-Tools (iterated local search with
string removals, see ``routing``) from its current routes together with

- the visits it serves now,
- left-out visits it could serve (same dates, near its depot),
- a random share of visits served by other blocks on its dates: taking one
  over costs what its current route would save, so a visit moves only where it
  is cheaper and frees time elsewhere.

The week is first built block by block: half of a block's time goes to a
model without lunch breaks whose routes end a lunch earlier (much faster to
search), its routes are timed exactly with lunch (visits that no longer fit
are dropped, cheapest first), and the model with breaks continues from there.
Then blocks take turns from their current routes, each turn followed by
priority repair (``polish``), ruin and recreate (``recreate``) and cost
descent (``tighten``); the last part of the time re-routes each block with
only the visits it serves, for cost. Every result is timed by the exact
``schedule`` and kept only if the whole plan gets better in the spec's
order, so the plan in hand is always valid and never worse.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Mapping, Sequence

from planner.optimize.brigade.crewmoves import recrew
from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import Weights, arc_cost, weights
from planner.optimize.brigade.polish import repair
from planner.optimize.brigade.recreate import ruin_recreate
from planner.optimize.brigade.routing import RoutingProblem
from planner.optimize.brigade.schedule import Timing, fit
from planner.optimize.brigade.tighten import route_cost, tighten

Timed = dict[RouteKey, Timing]
OTHERS_SHARE = 0.3  # share of visits of other blocks offered to a block
BUILD_SHARE = 0.35  # of the time, for routing every block once
RELAXED_SHARE = 0.5  # of a block's first routing, spent on the model without lunch breaks
REROUTE_SHARE = 0.25  # of a block's turn in the improvement, for OR-Tools; the rest for ruin and recreate
SETTLE_SHARE = 0.3  # of the improvement's time, for re-routing on cost alone at the end
RECREW_SHARE = 0.2  # of a block's turn, its end, for crew moves (they had none when the polish overran)


class Search:
    """The plan in hand and the moves that improve it."""

    def __init__(self, inst: Instance, routes: Mapping[RouteKey, CrewedRoute], visits: Sequence[Visit],
                 seed: int, should_stop: Callable[[], bool] | None = None,
                 improved: Callable[[Timed], None] | None = None, fixed: Collection[RouteKey] = ()) -> None:
        self.inst, self.routes, self.fixed = inst, dict(routes), frozenset(fixed)
        self.visits = {v.id: v for v in visits}
        self.w: Weights = weights(inst.problem)
        self.rng = random.Random(seed)
        self.should_stop, self.improved = should_stop, improved
        self.timed: Timed = {}
        self.blocks = _blocks(inst, self.routes)

    # -- the plan in hand -------------------------------------------------

    def served(self) -> dict[str, RouteKey]:
        return {s.visit: key for key, t in self.timed.items() for s in t.stops}

    def value(self, timed: Timed) -> tuple:
        """The spec's objective as a tuple: larger is better.

        Pinned (and done) visits come first, then the other mandatory ones: a pin
        has one route, a mandatory visit any route of its dates, so when the
        musts do not all fit, the pinned ones keep their route.
        """
        visits = self.inst.problem.visits
        served = [visits[s.visit] for t in timed.values() for s in t.stops]
        pinned = sum(1 for v in served if v.pinned)
        must = sum(1 for v in served if v.mandatory or v.pinned or v.done)
        cost = sum(self._route_cost(k, t) for k, t in timed.items())
        return (pinned, must, sum(v.priority for v in served), -self._changes(timed), -cost,
                self._preferred(timed))

    def adopt(self, sequences: Mapping[RouteKey, list[str]]) -> None:
        """Start from given routes (the base plan), keeping what their crews can serve and time.

        A base route may now have another crew (someone fell ill, crews were
        re-chosen): its visits the new crew cannot cover are left to the search.
        """
        timed = {k: t for k, seq in sequences.items() if k in self.routes
                 if (t := self._time(k, [v for v in seq if v in self.visits
                                         and self.inst.can_serve(self.routes[k], self.visits[v])])) is not None
                 and t.stops}
        if self.value(timed) > self.value(self.timed):
            self._accept(timed)

    # -- phases -----------------------------------------------------------

    def build(self, deadline: float) -> None:
        """Route each block once, sharing the build's time by the blocks' sizes, then polish."""
        sizes = [len(b) for b in self.blocks]
        building = time.monotonic() + (deadline - time.monotonic()) * BUILD_SHARE
        for i, block in enumerate(self.blocks):
            if self._stop(building):
                break
            seconds = (building - time.monotonic()) * sizes[i] / sum(sizes[i:])
            self._reroute(block, seconds, building=True)
        self.polish(deadline)

    def polish(self, deadline: float, recreate: float = 0.0) -> None:
        """Priority repair, ruin and recreate for ``recreate`` seconds, then cost descent.

        With ``recreate`` seconds, repair may take at most half of them (on L one
        full repair takes a fifth of the limit).

        Ruin and recreate and the descent move visits between routes and shift their
        times, which the change count of a base plan would price above cost, so they
        run only without change penalties.
        """
        ends = min(deadline, time.monotonic() + recreate)
        mending = time.monotonic() + recreate / 2 if recreate else deadline
        timed = repair(self.inst, self.routes, self.visits, self.timed, min(deadline, mending))
        if not self.w.change:
            timed = ruin_recreate(self.inst, self.routes, self.visits, timed, self.rng, ends)
            timed = tighten(self.inst, self.routes, timed, deadline)
        if self.value(timed) > self.value(self.timed):
            self._accept(timed)

    def improve(self, deadline: float) -> None:
        """Re-optimise the blocks in turn from their current routes until the time is up.

        Each block's turn is OR-Tools from its current routes for ``REROUTE_SHARE``
        of the turn, then ruin and recreate and cost descent, then crew moves for
        the turn's last ``RECREW_SHARE``.
        """
        settle = deadline
        deadline = time.monotonic() + (deadline - time.monotonic()) * (1 - SETTLE_SHARE)
        while not self._stop(deadline):
            for i, block in enumerate(self.blocks):
                if self._stop(deadline):
                    break
                turn = (deadline - time.monotonic()) / (len(self.blocks) - i)
                ends = time.monotonic() + turn
                crews_from = ends - turn * RECREW_SHARE
                self._reroute(block, turn * REROUTE_SHARE, building=False)
                self.polish(crews_from, recreate=crews_from - time.monotonic())
                self.recrew(ends)
        self.settle(settle)

    def recrew(self, deadline: float, moves: int | None = None) -> None:
        """Crew moves (``crewmoves``) until ``deadline`` or for ``moves`` visits, kept when the whole plan gets better.

        Not when re-planning with change penalties: a base plan's crews stay.
        """
        if self.w.change or self._stop(deadline):
            return
        before, old = self.value(self.timed), self.routes
        self.routes, timed = recrew(self.inst, old, self.visits, self.timed, self.fixed, self.rng, deadline, moves)
        if self.value(timed) > before:
            self.blocks = _blocks(self.inst, self.routes)
            self._accept(timed)
        else:
            self.routes = old

    def settle(self, deadline: float) -> None:
        """Cost only: each block re-routed by OR-Tools with just the visits it serves, then cost descent.

        With nothing to add, the routing search spends all its moves on distance,
        which ruin and recreate (priority first) and the descent (one visit at a
        time) leave on the table.
        """
        for i, block in enumerate(self.blocks):
            if self._stop(deadline):
                return
            self._reroute(block, (deadline - time.monotonic()) / (len(self.blocks) - i) * 0.9,
                          building=False, settling=True)
        if not self.w.change:
            timed = tighten(self.inst, self.routes, self.timed, deadline)
            if self.value(timed) > self.value(self.timed):
                self._accept(timed)

    # -- one move ---------------------------------------------------------

    def _reroute(self, block: tuple[RouteKey, ...], seconds: float, building: bool,
                 settling: bool = False) -> None:
        routes = [self.routes[k] for k in block]
        served = self.served()
        dates = {r.date for r in routes}
        inside = [self.visits[v] for k in block if k in self.timed for v in (s.visit for s in self.timed[k].stops)]
        free = [] if settling else [v for v in self.visits.values() if v.id not in served
                                    and set(v.dates) & dates and self._near(v, routes)]
        others = [] if building or settling else [
            self.visits[v] for v, key in served.items() if key not in block
            and set(self.visits[v].dates) & dates and not self.visits[v].pinned
            and self._near(self.visits[v], routes) and self.rng.random() < OTHERS_SHARE]
        candidates = inside + free + others
        if not candidates:
            return
        penalty = {v.id: self.w.drop(v) for v in inside + free}
        penalty.update({v.id: self._saving(v, served[v.id]) for v in others})
        initial = {k: [(s.visit, s.start) for s in self.timed[k].stops] for k in block if k in self.timed}
        extra = self._extra(routes, candidates)
        if building and self.inst.problem.lunch is not None:
            relaxed = RoutingProblem(self.inst, routes, candidates, penalty, extra, relaxed=True)
            first = relaxed.solve(seconds * RELAXED_SHARE, initial or None, should_stop=self.should_stop)
            if first:
                timed = {k: t for k, seq in first.items() if (t := self._time(k, seq)) is not None}
                initial = {k: [(s.visit, s.start) for s in t.stops] for k, t in timed.items()}
                seconds *= 1 - RELAXED_SHARE
        model = RoutingProblem(self.inst, routes, candidates, penalty, extra)
        result = model.solve(max(0.2, seconds), initial or None, should_stop=self.should_stop)
        if result is not None:
            self._consider(block, result, served)

    def _consider(self, block, result: Mapping[RouteKey, list[str]], served: Mapping[str, RouteKey]) -> None:
        timed = {k: t for k, t in self.timed.items() if k not in block}
        moved = {v for seq in result.values() for v in seq if served.get(v) not in (None, *block)}
        for key in {served[v] for v in moved}:
            t = self._time(key, [s.visit for s in self.timed[key].stops if s.visit not in moved])
            timed.pop(key, None)
            if t is not None and t.stops:
                timed[key] = t
        for key, seq in result.items():
            t = self._time(key, seq)
            if t is not None and t.stops:
                timed[key] = t
        if self.value(timed) > self.value(self.timed):
            self._accept(timed)

    def _accept(self, timed: Timed) -> None:
        self.timed = timed
        if self.improved:
            self.improved(timed)

    # -- prices -------------------------------------------------------------

    def _saving(self, v: Visit, key: RouteKey) -> int:
        """What the route now serving ``v`` saves without it (its detour, or the whole route)."""
        stops = [s.visit for s in self.timed[key].stops]
        route = self.routes[key]
        if len(stops) == 1:
            return self._route_cost(key, self.timed[key])
        depot = self.inst.depot_of(route.vehicle)
        places = [depot, *(self.inst.problem.visits[s].location for s in stops), depot]
        i = stops.index(v.id) + 1
        m = self.inst.meters
        detour = m(places[i - 1], places[i]) + m(places[i], places[i + 1]) - m(places[i - 1], places[i + 1])
        return max(0, arc_cost(detour, route.vehicle.cost_per_km))

    def _extra(self, routes: list[CrewedRoute], visits: list[Visit]) -> dict[tuple[int, str], int]:
        """Per-route prices of base-plan visits served on another route than before.

        Missing preferred people are not priced here: a per-route price gives every
        route its own cost matrix, which slows the routing search far more than the
        last level of the objective is worth; crews bring curators instead, and
        the acceptance of a move still counts preferred matches.
        """
        base = self.inst.problem.options.base_plan
        if base is None or not self.w.change:
            return {}
        extra = {}
        for k, r in enumerate(routes):
            for v in visits:
                old = base.stops.get(v.id)
                if old and (old.vehicle, old.date) != r.key:
                    extra[k, v.id] = self.w.change
        return extra

    def _route_cost(self, key: RouteKey, t: Timing) -> int:
        return route_cost(self.routes[key], t)

    def _changes(self, timed: Timed) -> int:
        base = self.inst.problem.options.base_plan
        if base is None or not self.w.change:
            return 0
        now = {s.visit: (k, s.start) for k, t in timed.items() for s in t.stops}
        tol = self.inst.problem.options.shift_tolerance
        return sum(1 for vid, old in base.stops.items() if vid in self.inst.problem.visits
                   and ((new := now.get(vid)) is None or new[0] != (old.vehicle, old.date)
                        or abs(new[1] - old.start) > tol))

    def _preferred(self, timed: Timed) -> int:
        visits = self.inst.problem.visits
        return sum(1 for k, t in timed.items() for s in t.stops
                   if set(visits[s.visit].preferred_staff) & set(self.routes[k].crew))

    # -- helpers --------------------------------------------------------------

    def _time(self, key: RouteKey, seq: list[str]) -> Timing | None:
        return fit(self.inst, self.routes[key], [self.visits[v] for v in seq])

    def _near(self, v: Visit, routes: list[CrewedRoute]) -> bool:
        """A block's depot is worth trying for ``v`` unless another depot is much closer."""
        depots = self.inst.problem.depots.values()
        best = min(self.inst.minutes(d.location, v.location) for d in depots)
        mine = min(self.inst.minutes(self.inst.depot_of(r.vehicle), v.location) for r in routes)
        return mine <= 1.5 * best + 20

    def _stop(self, deadline: float) -> bool:
        return time.monotonic() >= deadline or bool(self.should_stop and self.should_stop())


def _blocks(inst: Instance, routes: Mapping[RouteKey, CrewedRoute]) -> list[tuple[RouteKey, ...]]:
    """The routes of each depot."""
    groups: dict[str, list[RouteKey]] = {}
    for key, r in sorted(routes.items(), key=lambda kv: (kv[1].date, kv[0])):
        groups.setdefault(r.vehicle.depot, []).append(key)
    return [tuple(keys) for keys in groups.values()]
