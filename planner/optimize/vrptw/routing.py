"""The OR-Tools routing model of a VRPTW instance.

Everything is integer tenths (see ``matrix``): arc cost = travel time =
truncated distance, service times and windows scaled likewise, so the solver
sees exactly the numbers the benchmark checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp

from planner.optimize.vrptw.matrix import SCALE, tenths
from planner.optimize.vrptw.model import Instance


@dataclass
class RoutingHandle:
    """An OR-Tools routing model with what is needed to read and seed it."""

    manager: pywrapcp.RoutingIndexManager
    model: pywrapcp.RoutingModel
    arcs: list[list[int]]

    def routes(self, assignment: pywrapcp.Assignment) -> list[list[int]]:
        """Non-empty routes of an assignment, as site indices without the depot."""
        return self._walk(lambda index: assignment.Value(self.model.NextVar(index)))

    def current_routes(self) -> list[list[int]]:
        """Routes of the solution the search holds right now (inside a callback)."""
        return self._walk(lambda index: self.model.NextVar(index).Value())

    def _walk(self, next_of) -> list[list[int]]:
        found = []
        for vehicle in range(self.manager.GetNumberOfVehicles()):
            index = next_of(self.model.Start(vehicle))
            route = []
            while not self.model.IsEnd(index):
                route.append(self.manager.IndexToNode(index))
                index = next_of(index)
            if route:
                found.append(route)
        return found

    def assignment(self, routes: list[list[int]]) -> pywrapcp.Assignment | None:
        """The assignment for routes of site indices (None if they break a constraint)."""
        padded = [list(r) for r in routes]
        padded += [[] for _ in range(self.manager.GetNumberOfVehicles() - len(padded))]
        return self.model.ReadAssignmentFromRoutes(padded, True)


def build(instance: Instance, route_cost: float = 0.0) -> RoutingHandle:
    """The routing model: distance cost, a capacity and a time dimension.

    ``route_cost`` adds a fixed cost per used vehicle of that share of the
    mean depot-to-customer distance.
    """
    arcs = tenths(instance)
    sites = instance.sites
    fleet = instance.vehicles
    manager = pywrapcp.RoutingIndexManager(len(sites), fleet, 0)
    model = pywrapcp.RoutingModel(manager)
    model.SetArcCostEvaluatorOfAllVehicles(model.RegisterTransitMatrix(arcs))
    if route_cost:
        model.SetFixedCostOfAllVehicles(round(route_cost * sum(arcs[0]) / (len(arcs) - 1)))

    service = [round(SCALE * s.service) for s in sites]
    travel = [[arc + service[i] for arc in row] for i, row in enumerate(arcs)]
    horizon = math.floor(SCALE * instance.depot.due)
    model.AddDimension(model.RegisterTransitMatrix(travel), horizon, horizon, False, "time")
    time = model.GetDimensionOrDie("time")
    for i, site in enumerate(sites[1:], start=1):
        time.CumulVar(manager.NodeToIndex(i)).SetRange(*_window(site))
    depot_window = _window(instance.depot)
    for vehicle in range(fleet):
        time.CumulVar(model.Start(vehicle)).SetRange(*depot_window)
        time.CumulVar(model.End(vehicle)).SetRange(*depot_window)

    demand = model.RegisterUnaryTransitVector([s.demand for s in sites])
    model.AddDimensionWithVehicleCapacity(demand, 0, [instance.capacity] * fleet, True, "load")
    return RoutingHandle(manager, model, arcs)


def _window(site) -> tuple[int, int]:
    return math.ceil(SCALE * site.ready), math.floor(SCALE * site.due)
