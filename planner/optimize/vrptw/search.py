"""One OR-Tools search on a built model, optionally warm-started, reporting progress.

This is the piece other solvers can reuse: give it a ``RoutingHandle``, a
``Strategy``, a time budget and, if you have one, a set of routes to start
from; it returns the best routes and calls ``on_solution(cost, routes)``
whenever it finds a better one (the cost is the model's objective).
"""

from __future__ import annotations

from collections.abc import Callable

from planner.optimize.vrptw.params import Strategy, search_parameters
from planner.optimize.vrptw.routing import RoutingHandle

OnSolution = Callable[[int, list[list[int]]], None]


def search(handle: RoutingHandle, strategy: Strategy, seconds: float,
           routes: list[list[int]] | None = None,
           on_solution: OnSolution | None = None) -> list[list[int]] | None:
    """Best routes found within ``seconds`` (None if no solution at all).

    Warm starts (``routes``) go through ``SolveFromAssignmentWithParameters``;
    OR-Tools' iterated local search cannot take a start, so a warm-started
    iterated strategy runs guided local search from the given routes instead.
    """
    model = handle.model
    if on_solution is not None:
        model.AddAtSolutionCallback(_Reporter(handle, on_solution))
    start = handle.assignment(routes) if routes else None
    if start is not None and strategy.iterated:
        strategy = Strategy(metaheuristic="GUIDED_LOCAL_SEARCH")
    params = search_parameters(strategy, seconds)
    if start is not None:
        found = model.SolveFromAssignmentWithParameters(start, params)
    elif strategy.iterated:
        found = model.SolveWithIteratedLocalSearch(params)
    else:
        found = model.SolveWithParameters(params)
    return handle.routes(found) if found is not None else None


class _Reporter:
    """At-solution callback that passes on strictly better solutions only."""

    def __init__(self, handle: RoutingHandle, on_solution: OnSolution) -> None:
        self.handle = handle
        self.on_solution = on_solution
        self.best = None

    def __call__(self) -> None:
        cost = self.handle.model.CostVar().Value()
        if self.best is not None and cost >= self.best:
            return
        self.best = cost
        self.on_solution(cost, self.handle.current_routes())
