"""Re-solving groups of nearby routes: the last phase of a search.

OR-Tools' iterated local search runs a full descent over every customer after
each ruin-and-recreate step, so late in a run it makes few steps. Two to four
nearby routes together (20–40 customers) are a small VRPTW that the same
search solves nearly to optimality in a fraction of a second; whenever that
re-solve is shorter than the group's current routes, it replaces them. This
recombines routes in ways that single moves between two routes do not reach
(measured in docs/benchmarks.md, "Solomon VRPTW").
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from planner.optimize.vrptw.matrix import route_tenths
from planner.optimize.vrptw.model import Instance
from planner.optimize.vrptw.params import Strategy
from planner.optimize.vrptw.routing import build
from planner.optimize.vrptw.search import search

#: Group sizes tried in turn; the next size is taken after a pass over every
#: route found nothing at the current one.
SIZES = (2, 3, 4)
#: Shortest time worth giving one group's search.
MIN_SECONDS = 0.02


def recombine(instance: Instance, routes: list[list[int]], arcs: list[list[int]],
              deadline: float, seed: int = 0, seconds_per_group: float = 0.15,
              on_improve: Callable[[int, list[list[int]]], None] | None = None) -> list[list[int]]:
    """Shorter routes (site indices) found by re-solving groups until ``deadline``.

    ``arcs`` are the instance's arc lengths in tenths; ``on_improve`` gets the
    new total and routes after every replacement.
    """
    rng = random.Random(seed)
    routes = [list(r) for r in routes if r]
    size_at = 0
    while time.monotonic() + MIN_SECONDS < deadline and len(routes) > 1:
        better = _one_pass(instance, routes, arcs, deadline, rng, SIZES[size_at], seconds_per_group)
        if better is None:
            size_at = (size_at + 1) % len(SIZES)
            continue
        routes = better
        if on_improve is not None:
            on_improve(sum(route_tenths(arcs, r) for r in routes), routes)
    return routes


def _one_pass(instance, routes, arcs, deadline, rng, size, seconds) -> list[list[int]] | None:
    """The routes with the first improving group replaced, or None after a fruitless pass."""
    centres = [_centre(instance, r) for r in routes]
    order = list(range(len(routes)))
    rng.shuffle(order)
    for first in order:
        left = deadline - time.monotonic()
        if left < MIN_SECONDS:
            return None
        group = _nearest(centres, first, size)
        members = [routes[i] for i in group]
        budget = seconds * sum(map(len, members)) / 30
        found = _resolve(instance, members, len(routes), min(budget, left))
        if found is None:
            continue
        old = sum(route_tenths(arcs, routes[i]) for i in group)
        if sum(route_tenths(arcs, r) for r in found) < old:
            return [r for i, r in enumerate(routes) if i not in group] + found
    return None


def _resolve(instance: Instance, group: list[list[int]], used: int, seconds: float) -> list[list[int]] | None:
    """The group's customers routed afresh (site indices), within the fleet."""
    nodes = [n for route in group for n in route]
    vehicles = min(len(group) + 1, instance.vehicles - used + len(group))
    sub = Instance(f"{instance.name}:group", vehicles, instance.capacity,
                   (instance.depot, *(instance.sites[n] for n in nodes)))
    found = search(build(sub), Strategy(), seconds)
    if found is None:
        return None
    return [[nodes[i - 1] for i in route] for route in found]


def _centre(instance: Instance, route: list[int]) -> tuple[float, float]:
    sites = [instance.sites[n] for n in route]
    return sum(s.x for s in sites) / len(sites), sum(s.y for s in sites) / len(sites)


def _nearest(centres: list[tuple[float, float]], first: int, size: int) -> list[int]:
    """``first`` and the routes whose centres lie closest to its centre."""
    others = sorted((math.dist(centres[first], c), i) for i, c in enumerate(centres) if i != first)
    return [first, *(i for _, i in others[:size - 1])]
