"""``solve``: the VRPTW routing core's one entry point for a whole instance."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import partial

from planner.optimize.vrptw.matrix import SCALE, route_tenths
from planner.optimize.vrptw.model import Instance, Solution
from planner.optimize.vrptw.params import Strategy
from planner.optimize.vrptw.portfolio import run_portfolio
from planner.optimize.vrptw.routing import build
from planner.optimize.vrptw.search import search

#: Time kept back from the workers for starting them and collecting answers.
RESERVE = 0.15


def solve(instance: Instance, time_limit: float, seed: int = 0, workers: int = 2,
          on_improve: Callable[[float], None] | None = None) -> Solution:
    """The shortest feasible routes found within ``time_limit`` seconds.

    ``workers`` processes each run one recipe of ``strategies(seed, workers)``;
    ``on_improve`` gets each better total distance as it is found.
    """
    deadline = time.monotonic() + time_limit
    tasks = [partial(_task, instance, strategy, deadline - RESERVE)
             for strategy in strategies(seed, workers)]
    report = None if on_improve is None else (lambda cost, routes: on_improve(cost / SCALE))
    best = run_portfolio(tasks, deadline - RESERVE / 3, report)
    if best.routes is None:
        raise RuntimeError(f"{instance.name}: no feasible routes found in {time_limit} s")
    numbers = [site.number for site in instance.sites]
    routes = tuple(tuple(numbers[i] for i in route) for route in best.routes)
    return Solution(routes, best.cost / SCALE)


def strategies(seed: int, workers: int) -> list[Strategy]:
    """The recipes of a portfolio: fixed ones first, then seeded variations."""
    fixed = [Strategy(), Strategy(temperature=100)]
    rng = random.Random(seed)
    while len(fixed) < workers:
        fixed.append(Strategy(removed=rng.randint(6, 16), temperature=rng.choice([None, 50, 200])))
    if seed:
        rng.shuffle(fixed)
    return fixed[:workers]


def _task(instance: Instance, strategy: Strategy, deadline: float, report) -> None:
    handle = build(instance)
    found = search(handle, strategy, deadline - time.monotonic(), on_solution=report)
    if found is not None:
        report(sum(route_tenths(handle.arcs, r) for r in found), found)
