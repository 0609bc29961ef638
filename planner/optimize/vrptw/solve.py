"""``solve``: the VRPTW routing core's one entry point for a whole instance."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from planner.optimize.vrptw.matrix import SCALE, route_tenths
from planner.optimize.vrptw.model import Instance, Solution
from planner.optimize.vrptw.params import Strategy
from planner.optimize.vrptw.portfolio import run_portfolio
from planner.optimize.vrptw.routing import build
from planner.optimize.vrptw.search import search

#: First solutions a portfolio draws from; the fallback when one finds nothing.
FIRSTS = ("PARALLEL_CHEAPEST_INSERTION", "SAVINGS", "LOCAL_CHEAPEST_INSERTION", "GLOBAL_CHEAPEST_ARC")
FALLBACK = "PARALLEL_CHEAPEST_INSERTION"

#: Time kept back from the workers for starting them and collecting answers.
RESERVE = 0.15


def solve(instance: Instance, time_limit: float, seed: int = 0, workers: int = 2,
          on_improve: Callable[[float], None] | None = None) -> Solution:
    """The shortest feasible routes found within ``time_limit`` seconds.

    ``workers`` processes each run one recipe of ``strategies(...)``;
    ``on_improve`` gets each better total distance as it is found.
    """
    deadline = time.monotonic() + time_limit
    tasks = [partial(_task, instance, strategy, deadline - RESERVE)
             for strategy in strategies(instance, seed, workers)]
    report = None if on_improve is None else (lambda cost, routes: on_improve(cost / SCALE))
    best = run_portfolio(tasks, deadline - RESERVE / 3, report)
    if best.routes is None:
        raise RuntimeError(f"{instance.name}: no feasible routes found in {time_limit} s")
    numbers = [site.number for site in instance.sites]
    routes = tuple(tuple(numbers[i] for i in route) for route in best.routes)
    return Solution(routes, best.cost / SCALE)


def strategies(instance: Instance, seed: int, workers: int) -> list[Strategy]:
    """The recipes of a portfolio, by the shape of the instance.

    First solutions matter most at a few seconds: parallel cheapest insertion
    suits short routes (tight capacity or windows), savings suits clustered
    customers, and global cheapest arc opens the many short routes that
    distance-optimal plans with long horizons use. ``seed`` varies the ruin
    size and the order of the recipes.
    """
    fixed = [Strategy(first_solution="GLOBAL_CHEAPEST_ARC" if long_routes(instance)
                      else "PARALLEL_CHEAPEST_INSERTION"),
             Strategy(first_solution="SAVINGS")]
    rng = random.Random(seed)
    while len(fixed) < workers:
        fixed.append(Strategy(first_solution=rng.choice(FIRSTS), removed=rng.randint(6, 16)))
    if seed:
        fixed = [replace(s, removed=rng.randint(6, 16)) for s in fixed]
        rng.shuffle(fixed)
    return fixed[:workers]


def long_routes(instance: Instance) -> bool:
    """Whether capacity allows routes of more than 25 customers (Solomon's type-2 sets)."""
    demand = sum(site.demand for site in instance.customers)
    return len(instance.customers) * instance.capacity > 25 * max(demand, 1)


def _task(instance: Instance, strategy: Strategy, deadline: float, report) -> None:
    handle = build(instance)
    found = search(handle, strategy, deadline - time.monotonic(), on_solution=report)
    if found is None and strategy.first_solution != FALLBACK:
        handle = build(instance)
        found = search(handle, replace(strategy, first_solution=FALLBACK),
                       deadline - time.monotonic(), on_solution=report)
    if found is not None:
        report(sum(route_tenths(handle.arcs, r) for r in found), found)
