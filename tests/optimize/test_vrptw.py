"""The VRPTW routing core on Solomon's 25-customer sets, checked independently."""

from __future__ import annotations

import time

import pytest

from planner.commands.solomon_file import SolomonFormatError, read_solomon
from planner.optimize.vrptw import Instance, check, solve
from planner.optimize.vrptw.matrix import route_tenths, tenths
from planner.optimize.vrptw.params import Strategy
from planner.optimize.vrptw.recombine import recombine
from planner.optimize.vrptw.routing import build
from planner.optimize.vrptw.search import search
from planner.optimize.vrptw.solve import long_routes, strategies, worker
from tests.optimize.solomon_slices import C101_25, R101_25

OPTIMUM = {"R101": 617.1, "C101": 191.3}


@pytest.fixture(params=[R101_25, C101_25], ids=["R101.25", "C101.25"])
def instance(request, tmp_path) -> Instance:
    path = tmp_path / "instance.txt"
    path.write_text(request.param)
    return read_solomon(path)


def test_reader_keeps_file_numbers(instance):
    assert instance.vehicles == 25 and instance.capacity == 200
    assert [s.number for s in instance.sites] == list(range(26))


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("engine", ["pyvrp", "ortools", "mixed"])
def test_answer_is_feasible(instance, workers, engine):
    """Timed, so only what holds at any speed: every customer once, the distance as checked."""
    solution = solve(instance, 1, workers=workers, engine=engine)

    problems, distance = check(instance, [list(r) for r in solution.routes])
    assert problems == []
    assert sorted(n for r in solution.routes for n in r) == list(range(1, 26))
    assert solution.distance == pytest.approx(distance)


@pytest.mark.parametrize("workers", [1, 2])
def test_work_bounded_answer_is_near_optimal(instance, workers):
    """Quality on a work bound (PyVRP iterations), which a loaded machine only slows."""
    solution = solve(instance, 1, workers=workers, seed=0, iterations=300)

    assert check(instance, [list(r) for r in solution.routes])[0] == []
    assert solution.distance <= OPTIMUM[instance.name] * 1.02


@pytest.mark.parametrize("engine", ["pyvrp", "ortools"])
def test_improvements_are_reported_in_decreasing_order(instance, engine):
    seen = []
    solution = solve(instance, 1, workers=1, on_improve=seen.append, engine=engine)
    assert seen and seen == sorted(seen, reverse=True)
    assert seen[-1] == pytest.approx(solution.distance)


def test_work_bound_gives_the_same_answer_whatever_the_time(instance):
    first = solve(instance, 0.5, seed=3, iterations=300)
    again = solve(instance, 60, seed=3, iterations=300)

    assert first == again
    assert check(instance, [list(r) for r in first.routes])[0] == []
    assert first.distance <= OPTIMUM[instance.name] * 1.02


def test_unknown_engine_is_refused(instance):
    with pytest.raises(ValueError, match="engine"):
        solve(instance, 1, engine="cplex")


def test_check_finds_each_kind_of_fault(instance):
    good = [list(r) for r in solve(instance, 1, workers=1).routes]
    assert check(instance, good)[0] == []

    missing = [good[0][1:], *good[1:]]
    assert any("served 0 times" in p for p in check(instance, missing)[0])
    one_route = [[n for r in good for n in r]]
    faults = check(instance, one_route)[0]
    assert any("capacity" in p for p in faults)
    assert any("starts at" in p or "back at the depot" in p for p in faults)
    reversed_routes = [list(reversed(r)) for r in good]
    assert check(instance, reversed_routes)[0] != []


def test_reader_names_file_and_line(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text(R101_25.replace("12 50 35 19 63 73 10", "12 50 35 x 63 73 10"))
    with pytest.raises(SolomonFormatError, match=r"broken\.txt, line 22"):
        read_solomon(path)


def test_worker_falls_back_when_its_first_solution_finds_nothing(instance):
    # SWEEP needs a sweep arranger the model does not have: OR-Tools finds nothing.
    reports = []
    worker(instance, Strategy(first_solution="SWEEP"), time.monotonic() + 1,
          lambda cost, routes: reports.append((cost, routes)))
    assert reports
    cost, routes = reports[-1]
    numbers = [[instance.sites[i].number for i in route] for route in routes]
    problems, distance = check(instance, numbers)
    assert problems == [] and cost / 10 == pytest.approx(distance)


def test_portfolio_depends_on_shape_and_seed_only(instance):
    assert strategies(instance, 3, 2) == strategies(instance, 3, 2)
    assert strategies(instance, 0, 2) != strategies(instance, 1, 2)
    assert len(strategies(instance, 0, 3)) == 3
    assert not long_routes(instance)
    roomy = Instance(instance.name, instance.vehicles, 10 * instance.capacity, instance.sites)
    assert long_routes(roomy)
    assert [s.route_cost for s in strategies(roomy, 0, 2)] == [0, 0]


def test_warm_start_improves_the_given_routes(instance):
    handle = build(instance)
    start = [[k] for k in range(1, 26)]  # one route per customer: feasible, long
    assert handle.assignment(start) is not None
    found = search(handle, Strategy(metaheuristic="GUIDED_LOCAL_SEARCH"), 0.5, routes=start)

    assert sorted(s for r in found for s in r) == list(range(1, 26))
    distance = sum(route_tenths(handle.arcs, r) for r in found)
    assert distance < sum(route_tenths(handle.arcs, r) for r in start)
    numbers = [[instance.sites[i].number for i in route] for route in found]
    assert check(instance, numbers) == ([], distance / 10)


def test_recombine_shortens_poor_routes_and_keeps_them_feasible(instance):
    arcs = tenths(instance)
    alone = [[n] for n in range(1, 26)]
    before = sum(route_tenths(arcs, r) for r in alone)
    seen = []

    routes = recombine(instance, alone, arcs, time.monotonic() + 1.0,
                       on_improve=lambda cost, found: seen.append(cost))

    assert check(instance, [[instance.sites[n].number for n in r] for r in routes])[0] == []
    assert sorted(n for r in routes for n in r) == list(range(1, 26))
    assert seen and seen == sorted(seen, reverse=True)
    assert seen[-1] == sum(route_tenths(arcs, r) for r in routes) < before
