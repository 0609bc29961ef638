"""Plain data of a VRPTW instance and of an answer to it.

The core never reads files: a reader (``planner.commands.bench``) or a test
builds an ``Instance`` and hands it over. Site 0 is the depot; customers keep
their numbers from the source so answers can be compared with published ones.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    """The depot or a customer: position, demand and time window, as in Solomon's files."""

    number: int
    x: float
    y: float
    demand: int
    ready: float
    due: float
    service: float


@dataclass(frozen=True)
class Instance:
    """One VRPTW instance: ``sites[0]`` is the depot, every other site a customer."""

    name: str
    vehicles: int
    capacity: int
    sites: tuple[Site, ...]

    @property
    def depot(self) -> Site:
        return self.sites[0]

    @property
    def customers(self) -> tuple[Site, ...]:
        return self.sites[1:]


@dataclass(frozen=True)
class Solution:
    """Routes as lists of customer numbers (depot left out) and their total distance.

    ``distance`` follows the DIMACS convention the benchmark's best-known
    values use: every arc truncated to one decimal, then summed.
    """

    routes: tuple[tuple[int, ...], ...]
    distance: float

    def to_json(self) -> dict:
        return {"routes": [list(r) for r in self.routes], "distance": round(self.distance, 1)}
