"""The OR-Tools routing model of routes whose crews are known.

Each route (a vehicle on a date, with its crew) is one routing vehicle. Time
is counted in minutes from midnight of the week's first date. In a small
model a visit becomes one node per *option*: a date some allowed route works
on and one of its time windows; the options of a visit form one disjunction
of cardinality one (served at most once; leaving it out costs its penalty,
see ``objective``), each has a plain time range and may only ride routes of
its date whose crew covers the visit. OR-Tools' iterated local search works
well on such nodes and stalls on time domains with holes. A large model
(more than ``SPLIT_LIMIT`` options) would spend its whole time on the first
solution, so there a visit is one node whose time domain is the union of its
windows on its dates, and the search is a local-search descent. Dimensions:

- ``time``: travel + visit duration, waiting allowed; each route lives inside
  its span (vehicle and crew available); lunch is a break interval that may
  not overlap a visit or the driving; a break that falls outside the route is
  allowed (the route then does not cover the lunch window);
- ``drive``: travel only, capped by the vehicle's driving limit;
- ``load``: the visits' amounts, capped by the vehicle's capacity.

A per-route price of serving a visit there (a change to the base plan) is
added to the arc costs of that route. The *relaxed* model has no breaks;
instead each route must end a lunch's length before its span ends, which is
necessary for lunch but not always enough (``search`` re-times the result).

From scratch the search starts from savings and runs OR-Tools' iterated
local search (SISR string removals recreated by cheapest insertion, each
followed by local search) on a small model, a local-search descent on a
large one. From given routes it runs guided local search, since OR-Tools'
iterated local search cannot start from a solution.
``should_stop`` is polled through a custom search limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from google.protobuf import text_format
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit, Window
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import COST_SCALE, fixed_cost

DAY = 24 * 60
SPLIT_LIMIT = 400  # nodes up to which each date and window of a visit is its own node
Routes = dict[RouteKey, list[str]]
Started = Mapping[RouteKey, Sequence[tuple[str, int]]]  # visits in order with their start minute

_FIRST = routing_enums_pb2.FirstSolutionStrategy
_META = routing_enums_pb2.LocalSearchMetaheuristic
_ILS = """
use_iterated_local_search: true
iterated_local_search_parameters {
  ruin_recreate_parameters {
    ruin_strategies { sisr { max_removed_sequence_size: 10 avg_num_removed_visits: 5 bypass_factor: 0.01 } }
    ruin_composition_strategy: RUN_ALL_SEQUENTIALLY
    recreate_strategy { heuristic: LOCAL_CHEAPEST_INSERTION }
  }
}
"""


@dataclass(frozen=True)
class _Option:
    """A way to serve a visit: starting inside one of ``starts`` (week minutes) on one of ``routes``."""

    visit: Visit
    starts: tuple[Window, ...]
    routes: tuple[int, ...]


class RoutingProblem:
    """A routing model over ``routes`` and candidate ``visits``."""

    def __init__(self, inst: Instance, routes: Sequence[CrewedRoute], visits: Sequence[Visit],
                 penalty: Mapping[str, int], extra: Mapping[tuple[int, str], int] | None = None,
                 relaxed: bool = False) -> None:
        self.inst, self.routes = inst, list(routes)
        self.relaxed = relaxed and inst.problem.lunch is not None
        self.penalty, self.extra = penalty, extra or {}
        self.depots = list(dict.fromkeys(inst.depot_of(r.vehicle) for r in self.routes))
        self.options = [o for v in visits for o in self._options(v)]
        self.split = len(self.options) <= SPLIT_LIMIT
        if not self.split:
            self.options = _merged(self.options)
        points = self.depots + [o.visit.location for o in self.options]
        self.rows = np.array([inst.row[p] for p in points])
        self.service = [0] * len(self.depots) + [o.visit.duration for o in self.options]
        self.inside = self._same_place()
        self._build()

    def _same_place(self) -> np.ndarray | None:
        """With parallel service, arcs inside one place: walked, not driven (None without it)."""
        if not self.inst.problem.options.parallel_service:
            return None
        sites = [f"depot:{i}" for i in range(len(self.depots))] + [o.visit.site for o in self.options]
        codes = np.unique(np.array(sites), return_inverse=True)[1]
        return codes[:, None] == codes[None, :]

    def _travel(self, matrix: np.ndarray, walk: int) -> np.ndarray:
        """``matrix`` between nodes, with ``walk`` (or 0 where the location is the same) inside a place."""
        if self.inside is None:
            return matrix
        out = matrix.copy()
        out[self.inside] = np.where(matrix[self.inside] > 0, walk, 0)
        return out

    def _services(self, crew: int) -> np.ndarray:
        """Time from a visit's start to the next's, by arc: inside a place the crew's members share the work.

        A visit needing r of the route's c people takes r/c of its duration out of
        the call's time when the next visit is of the same place; leaving the place
        waits for the whole visit. The exact schedule decides what really fits.
        """
        full = np.array(self.service)[:, None].repeat(len(self.service), axis=1)
        if self.inside is None:
            return full
        need = np.array([0] * len(self.depots) + [len(o.visit.roles) for o in self.options])
        share = np.ceil(np.array(self.service) * np.minimum(1.0, need / max(1, crew))).astype(np.int64)
        return np.where(self.inside, share[:, None], full)

    def _options(self, v: Visit) -> list[_Option]:
        by_day: dict[int, list[int]] = {}
        for k, r in enumerate(self.routes):
            if self.inst.can_serve(r, v):
                by_day.setdefault(r.day, []).append(k)
        return [_Option(v, ((day * DAY + a, day * DAY + b - v.duration),), tuple(ks))
                for day, ks in sorted(by_day.items()) for a, b in v.time_windows if b - v.duration >= a]

    def _build(self) -> None:
        starts = [self.depots.index(self.inst.depot_of(r.vehicle)) for r in self.routes]
        self.manager = pywrapcp.RoutingIndexManager(len(self.rows), len(self.routes), starts, starts)
        self.model = pywrapcp.RoutingModel(self.manager)
        walk = self.inst.problem.options.walk_minutes
        minutes = self._travel(self.inst.minutes_np[np.ix_(self.rows, self.rows)], walk)
        self._costs()
        self._time(minutes)
        self._drive(minutes)
        self._load()
        by_visit: dict[str, list[int]] = {}
        for n, o in enumerate(self.options, start=len(self.depots)):
            index = self.manager.NodeToIndex(n)
            by_visit.setdefault(o.visit.id, []).append(index)
            self.model.VehicleVar(index).SetValues([-1, *o.routes])
        for vid, indices in by_visit.items():
            self.model.AddDisjunction(indices, self.penalty[vid], 1)

    def _costs(self) -> None:
        """Arc costs per rate; a route with per-visit prices gets its own matrix (price on arrival)."""
        meters = self._travel(self.inst.meters_np[np.ix_(self.rows, self.rows)], 0)
        registered: dict[float, int] = {}
        for k, r in enumerate(self.routes):
            rate = r.vehicle.cost_per_km
            prices = np.array([0] * len(self.depots) + [self.extra.get((k, o.visit.id), 0) for o in self.options])
            if prices.any():
                evaluator = self.model.RegisterTransitMatrix((_cost(meters, rate) + prices[None, :]).tolist())
            else:
                if rate not in registered:
                    registered[rate] = self.model.RegisterTransitMatrix(_cost(meters, rate).tolist())
                evaluator = registered[rate]
            self.model.SetArcCostEvaluatorOfVehicle(evaluator, k)
            self.model.SetFixedCostOfVehicle(fixed_cost(r.vehicle.fixed_cost), k)

    def _time(self, minutes: np.ndarray) -> None:
        horizon = len(self.inst.problem.dates) * DAY
        by_crew: dict[int, int] = {}
        for r in self.routes:
            if len(r.crew) not in by_crew:
                by_crew[len(r.crew)] = self.model.RegisterTransitMatrix((minutes + self._services(len(r.crew))).tolist())
        transits = [by_crew[len(r.crew)] for r in self.routes]
        self.model.AddDimensionWithVehicleTransits(transits, horizon, horizon, False, "time")
        self.time = self.model.GetDimensionOrDie("time")
        for k, r in enumerate(self.routes):
            lo, hi = r.day * DAY + r.span[0], r.day * DAY + r.span[1]
            if self.relaxed:
                hi = max(lo, hi - self.inst.problem.lunch.minutes)
            self.time.CumulVar(self.model.Start(k)).SetRange(lo, hi)
            self.time.CumulVar(self.model.End(k)).SetRange(lo, hi)
        for n, o in enumerate(self.options, start=len(self.depots)):
            cumul = self.time.CumulVar(self.manager.NodeToIndex(n))
            cumul.SetRange(o.starts[0][0], o.starts[-1][1])
            for (_, end), (start, _) in zip(o.starts, o.starts[1:]):
                if start > end + 1:
                    cumul.RemoveInterval(end + 1, start - 1)
        if not self.relaxed:
            self._lunch()

    def _lunch(self) -> None:
        rule = self.inst.problem.lunch
        if rule is None:
            return
        solver = self.model.solver()
        visit_transits = [self.service[self.manager.IndexToNode(i)] for i in range(self.model.Size())]
        latest = rule.latest - 1 if rule.latest > rule.earliest else rule.latest
        for k, r in enumerate(self.routes):
            brk = solver.FixedDurationIntervalVar(r.day * DAY + rule.earliest, r.day * DAY + latest,
                                                  rule.minutes, False, f"lunch{k}")
            self.time.SetBreakIntervalsOfVehicle([brk], k, visit_transits)

    def _drive(self, minutes: np.ndarray) -> None:
        transit = self.model.RegisterTransitMatrix(self._travel(minutes, 0).tolist())
        caps = [r.vehicle.max_drive_minutes for r in self.routes]
        self.model.AddDimensionWithVehicleCapacity(transit, 0, caps, True, "drive")

    def _load(self) -> None:
        amounts = [0] * len(self.depots) + [o.visit.amount for o in self.options]
        if any(amounts):
            transit = self.model.RegisterUnaryTransitVector(amounts)
            caps = [r.vehicle.capacity for r in self.routes]
            self.model.AddDimensionWithVehicleCapacity(transit, 0, caps, True, "load")

    def solve(self, seconds: float, initial: Started | None = None, *,
              should_stop: Callable[[], bool] | None = None) -> Routes | None:
        """Best routes found within ``seconds`` (iterated local search, or GLS from ``initial``)."""
        params = _parameters(seconds, warm=bool(initial))
        if not self.split:
            params.use_iterated_local_search = False
        deadline = time.monotonic() + seconds
        self.model.AddSearchMonitor(self.model.solver().CustomLimit(_poll(should_stop, deadline)))
        self.model.CloseModelWithParameters(params)
        start = self.model.ReadAssignmentFromRoutes(self._as_indices(initial), True) if initial else None
        if start is not None:
            solution = self.model.SolveFromAssignmentWithParameters(start, params)
        elif initial:
            solution = self.model.SolveWithParameters(params)
        elif self.split:
            solution = self.model.SolveWithIteratedLocalSearch(params)
        else:
            solution = self.model.SolveWithParameters(params)
        return self._routes(solution) if solution is not None else None

    def _as_indices(self, routes: Started) -> list[list[int]]:
        """Node indices of given routes: for each visit the option of its route and start."""
        options: dict[str, list[int]] = {}
        for n, o in enumerate(self.options, start=len(self.depots)):
            options.setdefault(o.visit.id, []).append(n)
        out = []
        for k, r in enumerate(self.routes):
            seq = []
            for vid, start in routes.get(r.key, ()):
                at = r.day * DAY + start
                node = next((n for n in options.get(vid, ()) if self._fits(n, k, at)), None)
                if node is not None:
                    seq.append(self.manager.NodeToIndex(node))
            out.append(seq)
        return out

    def _fits(self, node: int, route: int, at: int) -> bool:
        option = self.options[node - len(self.depots)]
        return route in option.routes and any(a <= at <= b for a, b in option.starts)

    def _routes(self, solution) -> Routes:
        out: Routes = {}
        for k, r in enumerate(self.routes):
            index, seq = solution.Value(self.model.NextVar(self.model.Start(k))), []
            while not self.model.IsEnd(index):
                seq.append(self.options[self.manager.IndexToNode(index) - len(self.depots)].visit.id)
                index = solution.Value(self.model.NextVar(index))
            if seq:
                out[r.key] = seq
        return out


def _merged(options: list[_Option]) -> list[_Option]:
    """One option per visit: all its start ranges (a domain with holes) and all its routes."""
    by_visit: dict[str, list[_Option]] = {}
    for o in options:
        by_visit.setdefault(o.visit.id, []).append(o)
    return [_Option(os[0].visit, tuple(sorted(w for o in os for w in o.starts)),
                    tuple(sorted({k for o in os for k in o.routes}))) for os in by_visit.values()]


def _cost(meters: np.ndarray, rate: float) -> np.ndarray:
    """Cost units (hundredths of a rouble) of driving ``meters`` at ``rate`` roubles per km."""
    return np.rint(meters * (rate * COST_SCALE / 1000)).astype(np.int64)


def _parameters(seconds: float, warm: bool):
    """Savings and iterated local search from scratch; guided local search from given routes."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = _FIRST.SAVINGS
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    if warm:
        params.local_search_metaheuristic = _META.GUIDED_LOCAL_SEARCH
    else:
        text_format.Merge(_ILS, params)
    return params


def _poll(should_stop: Callable[[], bool] | None, deadline: float) -> Callable[[], bool]:
    """A cheap check for the search limit: the clock and the caller's stop flag."""
    count = 0

    def check() -> bool:
        nonlocal count
        count += 1
        if count % 64:
            return False
        return time.monotonic() > deadline or bool(should_stop and should_stop())

    return check
