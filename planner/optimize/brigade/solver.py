"""``plan_week``: the weekly brigade plan, anytime and bounded.

Phases, each with a share of the time limit:

1. read the request, build the travel matrix, judge every visit alone
   (``reasons``): visits no route could ever serve are left out with reasons;
2. fix the crews the request or the base plan fixes, start the other routes
   from the base plan's crews or, with ``options.free_crews``, the request's
   standing roster; for the rest, CP-SAT's crews or the plain roster it
   starts from, whichever priority repair routes better (``crews``,
   ``crewpick``);
3. build and improve the routes by large-neighbourhood search over blocks of
   routes, each re-routed by OR-Tools (``search``, ``routing``), from the base
   plan when re-planning; crews of free routes are revised by crew moves
   (``crewmoves``); VROOM routes first, its crews together, and settles
   cost last (``engines.portfolio``, which also runs the work-bounded
   ``repeatable`` mode); every route is timed exactly (``schedule``);
4. build the answer (``answer``).

The best plan so far is reported through ``progress``; ``should_stop`` ends
the search early with the best plan found. Work stops at 90 % of the limit to
leave room for the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace

from planner.optimize.brigade import crewpick, rebase
from planner.optimize.brigade.answer import plan_answer
from planner.optimize.brigade.crews import choose_crews
from planner.optimize.brigade.domain import CrewedRoute, Pin, Problem, RouteKey
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.reasons import judge
from planner.optimize.brigade.search import Search, Timed
from planner.optimize.brigade.spec import parse
from planner.optimize.engines import portfolio

Progress = Callable[[dict], None]
CREW_SHARE = 0.05  # for CP-SAT's crews, and as much again to route them against the plain roster
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
    crews = {**fixed, **rebase.roster_crews(problem, fixed), **rebase.start_crews(problem, fixed)}
    free = [(veh, d) for veh in problem.vehicles.values() for d in problem.dates
            if d in veh.availability and (veh.id, d) not in crews]
    if free and not _stopped(should_stop):
        busy: dict[str, set[str]] = {}
        for (_, d), crew in crews.items():
            busy.setdefault(d, set()).update(crew)
        seconds = _crew_seconds(problem, deadline)
        choices = choose_crews(inst, free, busy, candidates, seconds, problem.options.seed)
        crews = crewpick.best(inst, _routes, crews, choices, candidates, seconds, problem.options.repeatable)
    routes = _routes(inst, crews)
    reported = [_answer(inst, routes, {}, verdicts, began, fixed)]

    def improved(timed: Timed) -> None:
        reported[0] = _answer(inst, search.routes, timed, verdicts, began, fixed)
        _report(progress, began, reported[0])

    _report(progress, began, reported[0])
    search = Search(inst, routes, candidates, problem.options.seed, should_stop, improved, fixed)
    if problem.options.base_plan is not None:
        search.adopt(rebase.base_routes(problem))
    engines = portfolio.run(search, inst, routes, candidates, deadline)
    return engines.named(_answer(inst, search.routes, search.timed, verdicts, began, fixed))


def _crew_seconds(problem: Problem, deadline: float) -> float:
    """The crew step's budget: a share of what is left, or in repeatable mode of the limit itself.

    Repeatable runs must not depend on how long reading the week took on this
    machine, so their budget (CP-SAT's deterministic time) comes from the
    request alone.
    """
    if problem.options.repeatable:
        return problem.options.time_limit * WORK_SHARE * CREW_SHARE
    return (deadline - time.monotonic()) * CREW_SHARE


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


def _answer(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], timed: Timed, verdicts,
            began: float, fixed: Mapping[RouteKey, tuple[str, ...]]) -> dict:
    changes = rebase.changes(inst.problem, timed)
    return plan_answer(inst, routes, timed, verdicts, time.monotonic() - began, changes, fixed)


def _report(progress: Progress | None, began: float, plan: dict) -> None:
    if progress is None:
        return
    s = plan["summary"]
    progress({"elapsed": round(time.monotonic() - began, 2), "served": s["served"],
              "priority_served": s["priority_served"], "cost": s["cost"], "plan": plan})


def _stopped(should_stop) -> bool:
    return bool(should_stop and should_stop())
