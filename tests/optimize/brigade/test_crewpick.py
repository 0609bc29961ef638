"""Crews judged by their routes (``crewpick``) and the plain roster CP-SAT starts from (``crews._spread``)."""

from __future__ import annotations

from planner.optimize.brigade import crewpick
from planner.optimize.brigade.crews import _CrewModel
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.solver import _routes
from planner.optimize.brigade.spec import parse

from .conftest import MON, TUE


def test_the_crews_whose_routes_serve_more_are_kept_whatever_their_order(week):
    inst = Instance(parse(week))
    visits = list(inst.problem.visits.values())
    plain = {("uaz-1", MON): ("sw-1", "sw-2"), ("uaz-1", TUE): ("sw-1", "sw-2")}
    mixed = {("uaz-1", MON): ("sw-1", "psy-1"), ("uaz-1", TUE): ("sw-2", "narc-1")}
    for choices in ([plain, mixed], [mixed, plain]):
        assert crewpick.best(inst, _routes, {}, choices, visits, 5.0) == mixed  # p1 and n1 need them


def test_the_plain_roster_seats_a_nearly_full_day_specialist_beside_the_role_its_visits_need(week):
    """The narcologist works 09:00-18:00 on a 08:30-18:30 day: within an hour, so it rides on Tuesday."""
    narc = next(s for s in week["staff"] if s["id"] == "narc-1")
    narc["availability"] = {TUE: [["09:00", "18:00"]]}
    inst = Instance(parse(week))
    free = [(v, d) for v in inst.problem.vehicles.values() for d in (MON, TUE)]
    model = _CrewModel(inst, free, {}, list(inst.problem.visits.values()))
    routes = {r: {s for (k, s) in model.start if k == r} for r in range(len(model.routes))}
    with_narc = [crew for r, crew in routes.items() if "narc-1" in crew]
    assert len(with_narc) == 1 and with_narc[0] & {"sw-1", "sw-2"}
