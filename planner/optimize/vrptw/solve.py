"""``solve``: the VRPTW routing core's one entry point for a whole instance.

Engines, chosen by measurement (docs/benchmarks.md, "Solomon VRPTW"): PyVRP's
iterated local search is the default on every worker, each with its own seed
(all 56 Solomon instances at 5 s: 0.3 % above the best-known distances,
against 1.3 % for the OR-Tools recipes); ``engine="ortools"`` runs the
OR-Tools portfolio with ``recombine`` instead, and ``"mixed"`` puts one
OR-Tools worker beside PyVRP ones. Every answer a worker reports has passed
``check``, so the core never returns a route the checker refuses.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from planner.optimize.vrptw.check import check
from planner.optimize.vrptw.matrix import SCALE, route_tenths, tenths
from planner.optimize.vrptw.model import Instance, Solution
from planner.optimize.vrptw.params import Strategy
from planner.optimize.vrptw.portfolio import run_portfolio
from planner.optimize.vrptw.pyvrp_engine import pyvrp_search
from planner.optimize.vrptw.recombine import recombine
from planner.optimize.vrptw.routing import build
from planner.optimize.vrptw.search import search

#: First solutions a portfolio draws from, and those tried, in order, when
#: a worker's own finds nothing (global cheapest arc fails on tight windows).
FIRSTS = ("PARALLEL_CHEAPEST_INSERTION", "SAVINGS", "LOCAL_CHEAPEST_INSERTION", "GLOBAL_CHEAPEST_ARC")
FALLBACKS = ("SAVINGS", "PARALLEL_CHEAPEST_INSERTION")
#: Steering cost per route with short routes (share of the mean depot distance).
ROUTE_COST = 0.7

#: Time kept back from the workers for starting them and collecting answers.
RESERVE = 0.15
#: Share of a worker's time spent re-solving groups of nearby routes
#: (``recombine``) after the iterated local search on the whole instance.
RECOMBINE_SHARE = 0.3
ENGINES = ("pyvrp", "ortools", "mixed")
#: Seconds between two answers a PyVRP worker sends before its last.
REPORT_EVERY = 0.25


def solve(instance: Instance, time_limit: float, seed: int = 0, workers: int = 2,
          on_improve: Callable[[float], None] | None = None, engine: str = "pyvrp",
          iterations: int | None = None) -> Solution:
    """The shortest feasible routes found within ``time_limit`` seconds.

    ``workers`` processes search side by side (see the module docstring for
    ``engine``); ``on_improve`` gets each better total distance as it is found.
    With ``iterations``, each worker is a PyVRP search of that many iterations
    (seeds ``seed``, ``seed + 1``, ...) and the parent waits for all of them:
    the answer then depends on the instance, seed, workers and iterations only,
    on any machine; ``time_limit`` is not used.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    deadline = time.monotonic() + time_limit
    if iterations is not None:
        tasks = [partial(pyvrp_worker, instance, seed + k, None, iterations) for k in range(workers)]
        deadline = math.inf
    else:
        tasks = _tasks(instance, engine, seed, workers, deadline - RESERVE)
    report = None if on_improve is None else (lambda cost, routes: on_improve(cost / SCALE))
    best = run_portfolio(tasks, deadline - RESERVE / 3, report)
    if best.routes is None:
        raise RuntimeError(f"{instance.name}: no feasible routes found in {time_limit} s")
    numbers = [site.number for site in instance.sites]
    # Sorted, so that equal answers from different workers read the same.
    routes = tuple(sorted(tuple(numbers[i] for i in route) for route in best.routes))
    return Solution(routes, best.cost / SCALE)


def _tasks(instance: Instance, engine: str, seed: int, workers: int, deadline: float) -> list:
    """One task per worker: PyVRP seeds, OR-Tools recipes, or OR-Tools first beside PyVRP."""
    if engine == "ortools":
        return [partial(worker, instance, strategy, deadline) for strategy in strategies(instance, seed, workers)]
    tasks = [partial(pyvrp_worker, instance, seed + k, deadline, None) for k in range(workers)]
    if engine == "mixed":
        tasks[-1] = partial(worker, instance, strategies(instance, seed, 1)[0], deadline)
    return tasks


def pyvrp_worker(instance: Instance, seed: int, deadline: float | None, iterations: int | None,
                 report) -> None:
    """One PyVRP search until ``deadline`` (or for ``iterations``), reporting better answers that check.

    Early on PyVRP improves at nearly every iteration; checking and sending
    each answer would slow it, so at most one is sent per ``REPORT_EVERY``
    seconds, and the final one always.
    """
    arcs = tenths(instance)
    numbers = [site.number for site in instance.sites]
    last = [-math.inf]

    def checked(routes: list[list[int]], final: bool = False) -> None:
        if not final and time.monotonic() - last[0] < REPORT_EVERY:
            return
        last[0] = time.monotonic()
        if not check(instance, [[numbers[i] for i in r] for r in routes])[0]:
            report(sum(route_tenths(arcs, r) for r in routes), routes)

    found = pyvrp_search(instance, seed, deadline=deadline, iterations=iterations, on_routes=checked)
    if found is not None:
        checked(found, final=True)


def strategies(instance: Instance, seed: int, workers: int) -> list[Strategy]:
    """The recipes of a portfolio, by the shape of the instance.

    First solutions matter most at a few seconds, and no one of them wins
    everywhere: parallel cheapest insertion is the best single start, savings
    complements it with short routes (clustered customers), global cheapest
    arc with long ones, where it opens the many routes that distance-optimal
    plans with long horizons use (measured on R2/RC2/C2 samples). With short routes a small
    cost per route helps the search close a route (measured: mean gap on ten
    R1/RC1 instances 4.6 % -> 4.2 % at 5 s). ``seed`` varies the ruin size and
    the order of the recipes.
    """
    if long_routes(instance):
        fixed = [Strategy(first_solution=first)
                 for first in ("PARALLEL_CHEAPEST_INSERTION", "GLOBAL_CHEAPEST_ARC")]
    else:
        fixed = [Strategy(first_solution=first, route_cost=ROUTE_COST)
                 for first in ("PARALLEL_CHEAPEST_INSERTION", "SAVINGS")]
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


def worker(instance: Instance, strategy: Strategy, deadline: float, report) -> None:
    """One worker: search the whole instance, then recombine nearby routes.

    If the recipe's first solution finds nothing, the fallback starts are
    tried in turn. Reports carry the distance, not the model's objective,
    which may include the steering cost per route.
    """
    arcs = tenths(instance)

    def by_distance(_objective, routes):
        report(sum(route_tenths(arcs, r) for r in routes), routes)

    whole_until = deadline - RECOMBINE_SHARE * max(0.0, deadline - time.monotonic())
    for first in dict.fromkeys((strategy.first_solution, *FALLBACKS)):
        if time.monotonic() >= deadline:
            return
        handle = build(instance, route_cost=strategy.route_cost)
        found = search(handle, replace(strategy, first_solution=first),
                       max(whole_until, time.monotonic() + RESERVE) - time.monotonic(),
                       on_solution=by_distance)
        if found is not None:
            by_distance(None, found)
            recombine(instance, found, arcs, deadline, on_improve=by_distance)
            return
