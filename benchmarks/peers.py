"""Peer solvers for the Solomon benchmark, fed the very same integer data as ours.

Both get arc lengths and travel times in truncated tenths (DIMACS), service
times and windows scaled by ten, the fleet and capacity of the file. They are
optional (``pip install -e '.[bench]'``) and never used by the planner itself.
"""

from __future__ import annotations

import math
from datetime import timedelta

from planner.optimize.vrptw.matrix import SCALE, tenths
from planner.optimize.vrptw.model import Instance


def _window(site) -> tuple[int, int]:
    return math.ceil(SCALE * site.ready), math.floor(SCALE * site.due)


def pyvrp_routes(instance: Instance, seconds: float, seed: int = 0) -> list[list[int]]:
    """PyVRP's hybrid genetic search for ``seconds`` (one core)."""
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    arcs = tenths(instance)
    model = Model()
    locations = [model.add_location(s.x, s.y) for s in instance.sites]
    depot = model.add_depot(locations[0], *_window(instance.depot))
    model.add_vehicle_type(instance.vehicles, capacity=instance.capacity, start_depot=depot,
                           end_depot=depot, tw_early=_window(instance.depot)[0],
                           tw_late=_window(instance.depot)[1])
    for site, location in zip(instance.customers, locations[1:]):
        early, late = _window(site)
        model.add_client(location, delivery=site.demand, service_duration=round(SCALE * site.service),
                         tw_early=early, tw_late=late)
    for i, frm in enumerate(locations):
        for j, to in enumerate(locations):
            model.add_edge(frm, to, arcs[i][j], arcs[i][j])
    result = model.solve(MaxRuntime(seconds), seed=seed, display=False)
    customers = instance.customers  # a client activity's idx counts clients only
    return [[customers[a.idx].number for a in route if a.is_client()]
            for route in result.best.routes()]


def vroom_routes(instance: Instance, seconds: float, threads: int = 2) -> list[list[int]]:
    """VROOM at its highest exploration level (5), on ``threads`` threads, with a timeout."""
    import vroom

    arcs = tenths(instance)
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=arcs)
    early, late = _window(instance.depot)
    for vehicle in range(instance.vehicles):
        problem.add_vehicle(vroom.Vehicle(vehicle, start=0, end=0, capacity=[instance.capacity],
                                          time_window=vroom.TimeWindow(early, late)))
    for index, site in enumerate(instance.customers, start=1):
        problem.add_job(vroom.Job(site.number, location=index, delivery=[site.demand],
                                  default_service=round(SCALE * site.service),
                                  time_windows=[vroom.TimeWindow(*_window(site))]))
    solution = problem.solve(exploration_level=5, nb_threads=threads,
                             timeout=timedelta(seconds=seconds))
    steps = solution.routes
    jobs = steps[steps["type"] == "job"]
    return [list(group["id"].astype(int)) for _, group in jobs.groupby("vehicle_id", sort=False)]
