"""PyVRP's search on a VRPTW instance: one engine of the core's portfolio.

OR-Tools' iterated local search makes about a thousand steps in five seconds
(a full descent after each), which leaves it 1.3 % above the best-known
Solomon distances; PyVRP's iterated local search with granular neighbourhoods
gets within 0.3 % in the same time on one core. It is fed the very integers
OR-Tools gets (``matrix.tenths``: arcs truncated to tenths, travel time equal
to distance, windows and service times in tenths), so its answers are
compared, and checked, exactly like the others.

Two stopping rules: wall time (``seconds``), or a number of iterations, which
makes the answer the same on any machine for the same seed (the repeatable
mode of ``solve``). PyVRP is imported with this module, in the parent, so
the forked workers do not each pay for the import inside their time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
import pyvrp
from pyvrp import Model
from pyvrp.stop import MaxIterations, MaxRuntime

from planner.optimize.vrptw.matrix import SCALE, tenths
from planner.optimize.vrptw.model import Instance


def window(site) -> tuple[int, int]:
    """A site's time window in whole tenths, rounded inwards."""
    return math.ceil(SCALE * site.ready), math.floor(SCALE * site.due)


def problem_data(instance: Instance):
    """The instance as ``pyvrp.ProblemData`` (clients in the order of ``instance.customers``).

    The matrices are given whole (numpy) rather than edge by edge, which
    takes a tenth of a second off a hundred-customer instance.
    """
    m = Model()
    locations = [m.add_location(s.x, s.y) for s in instance.sites]
    early, late = window(instance.depot)
    depot = m.add_depot(locations[0], early, late)
    m.add_vehicle_type(instance.vehicles, capacity=instance.capacity, start_depot=depot,
                       end_depot=depot, tw_early=early, tw_late=late)
    for site, location in zip(instance.customers, locations[1:]):
        m.add_client(location, delivery=site.demand, service_duration=round(SCALE * site.service),
                     tw_early=window(site)[0], tw_late=window(site)[1])
    arcs = np.array(tenths(instance), dtype=np.int64)
    return m.data().replace(distance_matrices=[arcs], duration_matrices=[arcs])


def pyvrp_search(instance: Instance, seed: int, deadline: float | None = None,
                 iterations: int | None = None,
                 on_routes: Callable[[list[list[int]]], None] | None = None) -> list[list[int]] | None:
    """PyVRP's best feasible routes (site indices), or ``None`` if it found none.

    Stops after ``iterations`` when given (repeatable), else at ``deadline``
    (a ``time.monotonic`` value). ``on_routes`` gets every new best feasible
    answer as it is found, so a caller that has to stop waiting at a deadline
    still holds one (PyVRP checks its clock once per iteration).
    """
    data = problem_data(instance)
    stop = (MaxIterations(iterations) if iterations is not None
            else MaxRuntime(max(0.01, deadline - time.monotonic())))
    params = pyvrp.SolveParams(ils=pyvrp.IteratedLocalSearchParams(callbacks=_Stream(on_routes)))
    result = pyvrp.solve(data, stop, seed=seed, display=False, collect_stats=False, params=params)
    return _routes(result.best)


def _routes(solution) -> list[list[int]] | None:
    if not solution.is_feasible():
        return None
    # A client activity's ``idx`` counts clients only; site 0 is the depot.
    return [[a.idx + 1 for a in route if a.is_client()] for route in solution.routes()]


class _Stream:
    """PyVRP search callbacks that hand each new best feasible answer on."""

    def __init__(self, on_routes) -> None:
        self.on_routes = on_routes

    def on_best(self, best) -> None:
        if self.on_routes is not None and (routes := _routes(best)) is not None:
            self.on_routes(routes)

    def on_start(self, ils) -> None: ...

    def on_end(self, result) -> None: ...

    def on_iteration(self, current, candidate, best, cost_evaluator) -> None: ...

    def on_restart(self, best) -> None: ...
