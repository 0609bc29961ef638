"""VROOM's refusals of a warm start name the route to leave out of it."""

from types import SimpleNamespace

import pytest

from planner.optimize.engines.vroom_week import _refused

ROUTES = [SimpleNamespace(key=("uaz-1", f"2026-12-0{d}")) for d in (7, 8, 9)]


@pytest.mark.parametrize("message, route", [
    ("Infeasible route for vehicle 1.", ROUTES[1]),
    # L-104 once crashed plan_week on this one: the last number is the job, not the vehicle
    ("Missing skill or step out of reach for vehicle 1 and job 2.", ROUTES[1]),
    ("Missing skill or step out of reach for vehicle 0 and job 553.", ROUTES[0]),
])
def test_the_refused_start_is_the_vehicles_route(message, route):
    assert _refused(message, ROUTES) == route.key


@pytest.mark.parametrize("message", ["Infeasible route for vehicle 7.", "Invalid profile: car.", "vehicle"])
def test_a_refusal_naming_no_route_of_the_week_names_none(message):
    assert _refused(message, ROUTES) is None
