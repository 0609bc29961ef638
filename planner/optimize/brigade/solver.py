"""``plan_week``: the weekly brigade plan, anytime and bounded.

Phases, each with a share of the time limit:

1. read the request, build the travel matrix, judge every visit alone
   (``reasons``): visits no route could ever serve are left out with reasons;
2. fix the crews the request or the base plan fixes, choose the others with
   CP-SAT (``crews``);
3. route all routes together with OR-Tools (``routing``), from the base plan
   when re-planning;
4. time every route exactly (``schedule``), dropping the cheapest visits of a
   route in the rare case the routing library's timing and the spec's differ,
   and build the answer (``answer``).

The best plan so far is reported through ``progress``; ``should_stop`` ends
the search early with the best plan found. Work stops at 90 % of the limit to
leave room for the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace

from planner.optimize.brigade import rebase
from planner.optimize.brigade.answer import plan_answer
from planner.optimize.brigade.crews import choose_crews
from planner.optimize.brigade.domain import CrewedRoute, Pin, Problem, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.objective import weights
from planner.optimize.brigade.reasons import judge
from planner.optimize.brigade.routing import RoutingProblem, Routes
from planner.optimize.brigade.schedule import Timing, schedule
from planner.optimize.brigade.spec import parse

Progress = Callable[[dict], None]
CREW_SHARE = 0.2
WORK_SHARE = 0.9


def plan_week(request: dict, *, progress: Progress | None = None,
              should_stop: Callable[[], bool] | None = None) -> dict:
    """The plan answer (spec section 1) for a plan request; ``SpecError`` if it is malformed."""
    began = time.monotonic()
    problem = _with_kept_stops(parse(request))
    deadline = began + problem.options.time_limit * WORK_SHARE
    inst = Instance(problem)
    fixed = _fixed_crews(problem)
    verdicts = {v.id: judge(inst, v, fixed) for v in problem.visits.values()}
    candidates = [v.as_pinned() for v in problem.visits.values() if verdicts[v.id].feasible]
    crews = dict(fixed)
    free = [(veh, d) for veh in problem.vehicles.values() for d in problem.dates
            if d in veh.availability and (veh.id, d) not in fixed]
    if free and not _stopped(should_stop):
        busy: dict[str, set[str]] = {}
        for (_, d), crew in fixed.items():
            busy.setdefault(d, set()).update(crew)
        share = (deadline - time.monotonic()) * CREW_SHARE
        crews.update(choose_crews(inst, free, busy, candidates, share, problem.options.seed))
    routes = _routes(inst, crews)
    best = _answer(inst, routes, {}, verdicts, began)
    _report(progress, began, best)
    sequences = _route(inst, routes, candidates, deadline, should_stop)
    if sequences is not None:
        best = _answer(inst, routes, sequences, verdicts, began)
        _report(progress, began, best)
    return best


def _with_kept_stops(problem: Problem) -> Problem:
    """Done visits of the base plan become visits pinned to their base route and start."""
    kept = rebase.kept_stops(problem)
    if not kept:
        return problem
    visits = dict(problem.visits)
    for vid, stop in kept.items():
        visits[vid] = replace(visits[vid], pinned=Pin(stop.date, stop.vehicle, stop.start))
    return replace(problem, visits=visits)


def _fixed_crews(problem: Problem) -> dict[RouteKey, tuple[str, ...]]:
    fixed = {(v.id, d): crew for v in problem.vehicles.values() for d, crew in v.crews.items()
             if d in v.availability}
    fixed.update({k: c for k, c in rebase.kept_crews(problem).items() if k not in fixed})
    return fixed


def _routes(inst: Instance, crews: Mapping[RouteKey, tuple[str, ...]]) -> dict[RouteKey, CrewedRoute]:
    """Usable routes: crew fits the seats, rides from its depot and shares some hours with the vehicle."""
    out = {}
    for (vid, date), crew in crews.items():
        vehicle = inst.problem.vehicles[vid]
        staff = inst.problem.staff
        if len(crew) > vehicle.seats or any(staff[s].depot != vehicle.depot for s in crew):
            continue
        route = inst.route(vehicle, date, tuple(crew))
        if route is not None:
            out[route.key] = route
    return out


def _route(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], visits: list[Visit],
           deadline: float, should_stop) -> Routes | None:
    if not routes or not visits:
        return {}
    w = weights(inst.problem)
    penalty = {v.id: w.drop(v) for v in visits}
    model = RoutingProblem(inst, list(routes.values()), visits, penalty)
    initial = rebase.base_routes(inst.problem) or None
    return model.solve(max(0.1, deadline - time.monotonic()), initial, should_stop=should_stop)


def _answer(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], sequences: Routes, verdicts,
            began: float) -> dict:
    timed = {}
    for key, seq in sequences.items():
        timing = _timed(inst, routes[key], [inst.problem.visits[v].as_pinned() for v in seq])
        if timing is not None and timing.stops:
            timed[key] = timing
    changes = rebase.changes(inst.problem, timed)
    return plan_answer(inst, routes, timed, verdicts, time.monotonic() - began, changes)


def _timed(inst: Instance, route: CrewedRoute, visits: list[Visit]) -> Timing | None:
    """Exact times; if the order is infeasible by the spec's count, drop the least valuable visits."""
    visits = list(visits)
    while visits:
        timing = schedule(inst, route, visits)
        if timing is not None:
            return timing
        visits.remove(min(visits, key=lambda v: (v.mandatory or v.pinned is not None, v.priority)))
    return None


def _report(progress: Progress | None, began: float, plan: dict) -> None:
    if progress is None:
        return
    s = plan["summary"]
    progress({"elapsed": round(time.monotonic() - began, 2), "served": s["served"],
              "priority_served": s["priority_served"], "cost": s["cost"], "plan": plan})


def _stopped(should_stop) -> bool:
    return bool(should_stop and should_stop())
