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
- ``load``: the visits' amounts, capped by the vehicle's capacity;
- ``extra``: a per-route price of serving a visit there (a change to the base
  plan, a missing preferred person), charged through the span cost.

Leaving a visit out costs its disjunction penalty (priority, mandatory), see
``objective``. The search is GLS from a cheapest-insertion start or from a
given solution; ``should_stop`` is polled through a custom search limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import arc_cost, fixed_cost

DAY = 24 * 60
Routes = dict[RouteKey, list[str]]

_FIRST = routing_enums_pb2.FirstSolutionStrategy
_META = routing_enums_pb2.LocalSearchMetaheuristic


class RoutingProblem:
    """A routing model over ``routes`` and candidate ``visits``."""

    def __init__(self, inst: Instance, routes: Sequence[CrewedRoute], visits: Sequence[Visit],
                 penalty: Mapping[str, int], extra: Mapping[tuple[int, str], int] | None = None) -> None:
        self.inst, self.routes, self.visits = inst, list(routes), list(visits)
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
        self._extra()
        for v in self.visits:
            index = self.manager.NodeToIndex(self.node_of[v.id])
            self.model.AddDisjunction([index], self.penalty[v.id])
            if self.allowed[v.id]:
                self.model.VehicleVar(index).SetValues([-1, *self.allowed[v.id]])
            else:
                self.model.ActiveVar(index).SetValue(0)

    def _costs(self, rows: list[int]) -> None:
        by_rate: dict[float, int] = {}
        for k, r in enumerate(self.routes):
            rate = r.vehicle.cost_per_km
            if rate not in by_rate:
                matrix = [[arc_cost(self.inst.meters_rows[a][b], rate) for b in rows] for a in rows]
                by_rate[rate] = self.model.RegisterTransitMatrix(matrix)
            self.model.SetArcCostEvaluatorOfVehicle(by_rate[rate], k)
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
            self.time.CumulVar(self.model.Start(k)).SetRange(lo, hi)
            self.time.CumulVar(self.model.End(k)).SetRange(lo, hi)
        for v in self.visits:
            self._visit_times(v)
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

    def _extra(self) -> None:
        if not self.extra:
            return
        evaluators = []
        depots = len(self.points) - len(self.visits)
        for k in range(len(self.routes)):
            vector = [0] * depots + [self.extra.get((k, v.id), 0) for v in self.visits]
            evaluators.append(self.model.RegisterUnaryTransitVector(vector))
        self.model.AddDimensionWithVehicleTransits(evaluators, 0, 2**62, True, "extra")
        self.model.GetDimensionOrDie("extra").SetSpanCostCoefficientForAllVehicles(1)

    def solve(self, seconds: float, initial: Routes | None = None, *,
              should_stop: Callable[[], bool] | None = None,
              first: str = "PARALLEL_CHEAPEST_INSERTION") -> Routes | None:
        """Best routes found within ``seconds`` (from ``initial`` when given)."""
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = getattr(_FIRST, first)
        params.local_search_metaheuristic = _META.GUIDED_LOCAL_SEARCH
        params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
        deadline = time.monotonic() + seconds
        self.model.AddSearchMonitor(self.model.solver().CustomLimit(_poll(should_stop, deadline)))
        start = None
        if initial:
            self.model.CloseModelWithParameters(params)
            start = self.model.ReadAssignmentFromRoutes(self._as_indices(initial), True)
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
