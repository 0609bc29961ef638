"""The OR-Tools routing model of routes whose crews are known.

Each route (a vehicle on a date, with its crew) is one routing vehicle. Time
is counted in minutes from midnight of the week's first date, so a visit that
may happen on several dates gets a time domain that is the union of its
windows on those dates, and the vehicle restrictions say which routes (dates,
crews with the roles and the required people) may take it. Dimensions:

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

Leaving a visit out costs its disjunction penalty (priority, mandatory), see
``objective``. The search starts from savings (or from given routes) and runs
iterated local search: string removals (SISR) recreated by cheapest
insertion, each followed by local search, new bests kept. In our measurements
on the brigade instances this beat guided local search clearly (the lunch
breaks make each local-search move expensive, and ruin-and-recreate needs far
fewer of them). ``should_stop`` is polled through a custom search limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from google.protobuf import text_format
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import arc_cost, fixed_cost

DAY = 24 * 60
Routes = dict[RouteKey, list[str]]

_FIRST = routing_enums_pb2.FirstSolutionStrategy


class RoutingProblem:
    """A routing model over ``routes`` and candidate ``visits``."""

    def __init__(self, inst: Instance, routes: Sequence[CrewedRoute], visits: Sequence[Visit],
                 penalty: Mapping[str, int], extra: Mapping[tuple[int, str], int] | None = None,
                 relaxed: bool = False) -> None:
        self.inst, self.routes, self.visits = inst, list(routes), list(visits)
        self.relaxed = relaxed and inst.problem.lunch is not None
        self.penalty, self.extra = penalty, extra or {}
        depots = list(dict.fromkeys(inst.depot_of(r.vehicle) for r in self.routes))
        self.depot_node = {p: i for i, p in enumerate(depots)}
        self.points = depots + [v.location for v in self.visits]
        self.node_of = {v.id: len(depots) + i for i, v in enumerate(self.visits)}
        self.allowed = {v.id: [k for k, r in enumerate(self.routes) if inst.can_serve(r, v)]
                        for v in self.visits}
        self._build()

    def _build(self) -> None:
        starts = [self.depot_node[self.inst.depot_of(r.vehicle)] for r in self.routes]
        self.manager = pywrapcp.RoutingIndexManager(len(self.points), len(self.routes), starts, starts)
        self.model = pywrapcp.RoutingModel(self.manager)
        rows = [self.inst.row[p] for p in self.points]
        minutes = [[self.inst.minutes_rows[a][b] for b in rows] for a in rows]
        self.service = [0] * (len(self.points) - len(self.visits)) + [v.duration for v in self.visits]
        self._costs(rows)
        self._time(minutes)
        self._drive(minutes)
        self._load()
        for v in self.visits:
            index = self.manager.NodeToIndex(self.node_of[v.id])
            self.model.AddDisjunction([index], self.penalty[v.id])
            if self.allowed[v.id]:
                self.model.VehicleVar(index).SetValues([-1, *self.allowed[v.id]])
            else:
                self.model.ActiveVar(index).SetValue(0)

    def _costs(self, rows: list[int]) -> None:
        """Arc costs per rate; a route with per-visit prices gets its own matrix (price on arrival)."""
        by_rate: dict[float, list[list[int]]] = {}
        registered: dict[float, int] = {}
        depots = len(self.points) - len(self.visits)
        for k, r in enumerate(self.routes):
            rate = r.vehicle.cost_per_km
            if rate not in by_rate:
                by_rate[rate] = [[arc_cost(self.inst.meters_rows[a][b], rate) for b in rows] for a in rows]
            prices = [0] * depots + [self.extra.get((k, v.id), 0) for v in self.visits]
            if any(prices):
                matrix = [[c + prices[b] for b, c in enumerate(row)] for row in by_rate[rate]]
                evaluator = self.model.RegisterTransitMatrix(matrix)
            else:
                if rate not in registered:
                    registered[rate] = self.model.RegisterTransitMatrix(by_rate[rate])
                evaluator = registered[rate]
            self.model.SetArcCostEvaluatorOfVehicle(evaluator, k)
            self.model.SetFixedCostOfVehicle(fixed_cost(r.vehicle.fixed_cost), k)

    def _time(self, minutes: list[list[int]]) -> None:
        horizon = len(self.inst.problem.dates) * DAY
        service = self.service
        transit = self.model.RegisterTransitMatrix(
            [[row[j] + service[i] for j in range(len(row))] for i, row in enumerate(minutes)])
        self.model.AddDimension(transit, horizon, horizon, False, "time")
        self.time = self.model.GetDimensionOrDie("time")
        for k, r in enumerate(self.routes):
            lo, hi = r.day * DAY + r.span[0], r.day * DAY + r.span[1]
            if self.relaxed:
                hi = max(lo, hi - self.inst.problem.lunch.minutes)
            self.time.CumulVar(self.model.Start(k)).SetRange(lo, hi)
            self.time.CumulVar(self.model.End(k)).SetRange(lo, hi)
        for v in self.visits:
            self._visit_times(v)
        if not self.relaxed:
            self._lunch()

    def _visit_times(self, v: Visit) -> None:
        """The start of ``v`` may lie in any window on any date some allowed route works."""
        cumul = self.time.CumulVar(self.manager.NodeToIndex(self.node_of[v.id]))
        days = sorted({self.routes[k].day for k in self.allowed[v.id]})
        spans = [(d * DAY + a, d * DAY + b - v.duration) for d in days for a, b in v.time_windows
                 if b - v.duration >= a]
        if not spans:  # no route can take it: keep it out (an empty allowed list means "any")
            self.model.ActiveVar(self.manager.NodeToIndex(self.node_of[v.id])).SetValue(0)
            return
        cumul.SetRange(spans[0][0], spans[-1][1])
        for (_, end), (start, _) in zip(spans, spans[1:]):
            if start > end + 1:
                cumul.RemoveInterval(end + 1, start - 1)

    def _lunch(self) -> None:
        rule = self.inst.problem.lunch
        if rule is None:
            return
        solver = self.model.solver()
        visit_transits = [self.service[self.manager.IndexToNode(i)] for i in range(self.model.Size())]
        latest = rule.latest - 1 if rule.latest > rule.earliest else rule.latest
        self.breaks = []
        for k, r in enumerate(self.routes):
            brk = solver.FixedDurationIntervalVar(r.day * DAY + rule.earliest, r.day * DAY + latest,
                                                  rule.minutes, False, f"lunch{k}")
            self.time.SetBreakIntervalsOfVehicle([brk], k, visit_transits)
            self.breaks.append(brk)

    def _drive(self, minutes: list[list[int]]) -> None:
        transit = self.model.RegisterTransitMatrix(minutes)
        caps = [r.vehicle.max_drive_minutes for r in self.routes]
        self.model.AddDimensionWithVehicleCapacity(transit, 0, caps, True, "drive")

    def _load(self) -> None:
        amounts = [0] * (len(self.points) - len(self.visits)) + [v.amount for v in self.visits]
        if any(amounts):
            transit = self.model.RegisterUnaryTransitVector(amounts)
            caps = [r.vehicle.capacity for r in self.routes]
            self.model.AddDimensionWithVehicleCapacity(transit, 0, caps, True, "load")

    def solve(self, seconds: float, initial: Routes | None = None, *,
              should_stop: Callable[[], bool] | None = None) -> Routes | None:
        """Best routes found within ``seconds`` (from ``initial`` when given)."""
        params = _parameters(seconds)
        deadline = time.monotonic() + seconds
        self.model.AddSearchMonitor(self.model.solver().CustomLimit(_poll(should_stop, deadline)))
        self.model.CloseModelWithParameters(params)
        start = self.model.ReadAssignmentFromRoutes(self._as_indices(initial), True) if initial else None
        solution = (self.model.SolveFromAssignmentWithParameters(start, params) if start is not None
                    else self.model.SolveWithParameters(params))
        return self._routes(solution) if solution is not None else None

    def _as_indices(self, routes: Routes) -> list[list[int]]:
        out = []
        for r in self.routes:
            seq = [v for v in routes.get(r.key, []) if v in self.node_of]
            out.append([self.manager.NodeToIndex(self.node_of[v]) for v in seq])
        return out

    def _routes(self, solution) -> Routes:
        out: Routes = {}
        for k, r in enumerate(self.routes):
            index, seq = solution.Value(self.model.NextVar(self.model.Start(k))), []
            while not self.model.IsEnd(index):
                seq.append(self.visits[self.manager.IndexToNode(index) - len(self.depot_node)].id)
                index = solution.Value(self.model.NextVar(index))
            if seq:
                out[r.key] = seq
        return out


def _parameters(seconds: float):
    """Savings to start, then iterated local search: string removals (SISR) and cheapest reinsertion."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = _FIRST.SAVINGS
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    text_format.Merge(_ILS, params)
    return params


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
