"""A parsed problem with its travel matrix and the derived facts every phase asks for.

The matrix is computed once over the distinct places of the request (depots
and visits) and indexed by place, so each phase works with plain integers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import numpy as np

from planner.optimize.brigade.domain import CrewedRoute, Problem, Staff, Vehicle, Visit, Window
from planner.optimize.brigade.roles import covers
from planner.optimize.travel import Point


class Instance:
    """The problem plus travel between its places."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        places = [d.location for d in problem.depots.values()] + [v.location for v in problem.visits.values()]
        self.points: list[Point] = list(dict.fromkeys(places))
        matrix = problem.travel.matrix(self.points)
        self.row = {p: i for i, p in enumerate(self.points)}
        self.minutes_rows = matrix.minutes
        self.meters_rows = matrix.meters
        self.minutes_np = np.array(matrix.minutes, dtype=np.int64)
        self.meters_np = np.array(matrix.meters, dtype=np.int64)

    def minutes(self, a: Point, b: Point) -> int:
        return self.minutes_rows[self.row[a]][self.row[b]]

    def meters(self, a: Point, b: Point) -> int:
        return self.meters_rows[self.row[a]][self.row[b]]

    def depot_of(self, vehicle: Vehicle) -> Point:
        return self.problem.depots[vehicle.depot].location

    @cached_property
    def staff_by_depot(self) -> dict[str, list[Staff]]:
        out: dict[str, list[Staff]] = {d: [] for d in self.problem.depots}
        for person in self.problem.staff.values():
            out[person.depot].append(person)
        return out

    def span(self, vehicle: Vehicle, date: str, crew: Iterable[str]) -> Window | None:
        """The longest stretch inside one interval of the vehicle and of each crew member."""
        spans = list(vehicle.availability.get(date, ()))
        for sid in crew:
            person_windows = self.problem.staff[sid].availability.get(date, ())
            spans = [(max(a, c), min(b, d)) for a, b in spans for c, d in person_windows if max(a, c) < min(b, d)]
        return max(spans, key=lambda w: (w[1] - w[0], -w[0]), default=None)

    def route(self, vehicle: Vehicle, date: str, crew: tuple[str, ...]) -> CrewedRoute | None:
        """The route of ``vehicle`` on ``date`` with ``crew``, or None if they share no time."""
        span = self.span(vehicle, date, crew)
        return CrewedRoute(vehicle, date, self.problem.day(date), crew, span) if span else None

    def can_serve(self, route: CrewedRoute, visit: Visit) -> bool:
        """Date, pin, roles and required staff allow ``route`` to serve ``visit``."""
        pin = visit.pinned
        if pin and (pin.vehicle, pin.date) != route.key:
            return False
        if route.date not in visit.dates or not set(visit.required_staff) <= set(route.crew):
            return False
        return covers(visit.roles, {s: self.problem.staff[s].roles for s in route.crew})
