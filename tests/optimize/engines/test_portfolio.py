"""The engine portfolio behind ``plan_week``: VROOM's start, the repeatable mode, the engine named."""

from __future__ import annotations

import copy
import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from planner.optimize.brigade import calls, plan_week, validate_plan
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.recreate import ruin_recreate
from planner.optimize.brigade.schedule import schedule
from planner.optimize.brigade.spec import parse
from planner.optimize.engines import vroom_week
from planner.optimize.errors import SpecError
from tests.optimize.brigade.conftest import BASE, MON, TUE, stop_of, visit

ROOT = Path(__file__).resolve().parents[3]
#: Plans a request read from stdin in a fresh interpreter and prints it without its wall time.
PLAN_ELSEWHERE = (
    "import json, sys\n"
    "from planner.optimize.brigade import plan_week\n"
    "plan = plan_week(json.load(sys.stdin))\n"
    "plan['summary'].pop('solve_seconds')\n"
    "print(json.dumps(plan))\n"
)


@pytest.fixture()
def week():
    request = copy.deepcopy(BASE)
    request["vehicles"][0]["crews"] = {MON: ["sw-1", "psy-1"], TUE: ["sw-1", "narc-1"]}
    request["vehicles"][1]["crews"] = {MON: ["sw-2"], TUE: ["sw-2"]}
    return request


def _without_time(plan: dict) -> dict:
    plan = copy.deepcopy(plan)
    plan["summary"].pop("solve_seconds")
    return plan


def _plan_in_another_process(request: dict, hash_seed: int) -> dict:
    """The plan of a fresh interpreter: another string hash order, nothing shared with this one."""
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run([sys.executable, "-c", PLAN_ELSEWHERE], input=json.dumps(request), cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("time_limit", [0.01, 2])
def test_repeatable_crews_and_routes_are_the_same_in_any_process(time_limit):
    """Crews chosen by CP-SAT on deterministic work alone, routes by bounded work: one plan everywhere.

    The week has no roster, so CP-SAT chooses every crew; its budget comes from
    the request's limit, not from the time the reading took. A tiny limit
    still gets crews. Run by hand once beside two busy CPU loops too.
    """
    request = copy.deepcopy(BASE)
    request["options"].update(repeatable=True, time_limit=time_limit)
    here = _without_time(plan_week(request))

    assert _plan_in_another_process(request, 1) == here
    assert _plan_in_another_process(request, 2) == here
    assert validate_plan(request, here) == []
    assert here["summary"]["engine"] == "repair"
    assert here["summary"]["served"] >= 8


def test_sequential_week_starts_from_vroom_and_keeps_pins(week):
    week["options"]["repeatable"] = False
    visit(week, "p1")["pinned"] = {"date": MON, "vehicle": "uaz-1", "start": "11:00"}
    plan = plan_week(week)

    assert validate_plan(week, plan) == []
    assert plan["summary"]["engine"].startswith("vroom")
    assert stop_of(plan, "p1")["start"] == "11:00"


def test_replanning_is_left_to_our_search(week):
    week["options"]["repeatable"] = True
    base = plan_week(week)
    week["options"].update(base_plan=base, change_penalty=1000)
    plan = plan_week(week)

    assert plan["summary"]["engine"] == "repair"
    assert plan["changes"] == []


def test_vroom_routes_only_what_each_crew_can_serve(week):
    visit(week, "p1")["pinned"] = {"date": TUE, "vehicle": "gaz-2"}  # gaz-2 has no psychologist
    inst = Instance(parse(week))
    problem = inst.problem
    routes = [inst.route(v, d, crew) for v in problem.vehicles.values() for d, crew in v.crews.items()]
    visits = list(problem.visits.values())

    found = vroom_week.sequences(vroom_week.solve(inst, routes, visits), routes, visits)

    by_key = {r.key: r for r in routes}
    assert found and "p1" not in {v for seq in found.values() for v in seq}
    for key, seq in found.items():
        assert all(inst.can_serve(by_key[key], problem.visits[v]) for v in seq)
    assert any("n1" in seq for key, seq in found.items() if key == ("uaz-1", TUE))


def test_repeatable_must_be_true_or_false(week):
    week["options"]["repeatable"] = "yes"
    with pytest.raises(SpecError, match=r"\$\.options\.repeatable"):
        parse(week)


RECEPTION = {
    "version": 1,
    "dates": [MON],
    "depots": [{"id": "gv", "location": [54.02, 37.01]}],
    "staff": [{"id": sid, "roles": [role], "depot": "gv", "availability": {MON: [["08:30", "18:30"]]}}
              for sid, role in (("sw-1", "social_worker"), ("psy-1", "psychologist"), ("law-1", "lawyer"),
                                ("pdn-1", "police_inspector"))],
    "vehicles": [{"id": "gaz-1", "depot": "gv", "seats": 4, "availability": {MON: [["08:30", "18:30"]]},
                  "max_drive_minutes": 300}],
    "visits": [
        {"id": f"r{i}", "place": "dk", "location": [54.10, 37.20], "duration": 30,
         "roles": [("social_worker", "psychologist", "lawyer", "police_inspector")[i % 4]],
         "time_windows": [["10:00", "16:00"]], "priority": 30}
        for i in range(15)
    ] + [
        {"id": f"h{i}", "location": [54.05 + 0.01 * i, 37.10], "duration": 45, "roles": ["social_worker"],
         "priority": 20}
        for i in range(3)
    ],
    "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 45},
    "travel": {"speed_kmh": 45, "detour": 1.35},
    "options": {"time_limit": 1, "seed": 0, "parallel_service": True, "walk_minutes": 5, "repeatable": True},
}


def test_repeatable_work_counts_every_visit_a_call_times(monkeypatch):
    """A reception point's call of fifteen families is timed whole for every insertion tried,
    so the counted search's budget must count the visits those timings send out.

    Counting each timetable as one unit, the demo's 2026-W40 (a call of 18)
    ran minutes for its ten seconds; here the old count sent out many times
    its budget in visits.
    """
    problem = parse(RECEPTION)
    inst = Instance(problem)
    route = inst.route(problem.vehicles["gaz-1"], MON, ("sw-1", "psy-1", "law-1", "pdn-1"))
    timed = {route.key: schedule(inst, route, [problem.visits[f"r{i}"] for i in range(15)])}
    sent = []
    real = calls._Timer._next
    monkeypatch.setattr(calls._Timer, "_next", lambda self, *args, **kw: sent.append(1) or real(self, *args, **kw))
    work = 3_000
    best = ruin_recreate(inst, {route.key: route}, problem.visits, timed, random.Random(0), math.inf, work)
    assert {s.visit for s in best[route.key].stops} >= {f"r{i}" for i in range(15)}
    assert 0 < len(sent) <= work
