"""Distances in the DIMACS convention, as integers OR-Tools can sum exactly.

Each arc is the Euclidean distance truncated to one decimal (the rule behind
the Solomon best-known values we compare with). Keeping it in tenths as an
``int`` makes the routing solver's sums exact; travel time equals distance.
"""

from __future__ import annotations

import math

from planner.optimize.vrptw.model import Instance

SCALE = 10  # one decimal


def tenths(instance: Instance) -> list[list[int]]:
    """Arc lengths between all sites, in truncated tenths."""
    sites = instance.sites
    return [[int(math.floor(SCALE * math.hypot(a.x - b.x, a.y - b.y))) for b in sites]
            for a in sites]


def route_tenths(arcs: list[list[int]], route: list[int]) -> int:
    """Length of depot -> route (site indices) -> depot."""
    path = [0, *route, 0]
    return sum(arcs[a][b] for a, b in zip(path, path[1:]))
