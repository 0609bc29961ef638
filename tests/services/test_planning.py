"""The background plan job: stores drafts, survives failures, applies the head's adjustments."""

from __future__ import annotations

import time

import pytest

from planner.db import session_factory
from planner.models import Plan, VisitRequest
from planner.services import planning, plans
from planner.services.planning import Jobs
from tests.services.planning_doubles import DYING, FAILING, SCRIPTED, SLEEPY
from tests.web.region import build_region

WEEK = "2026-W50"


def wait(job, until=lambda job: job.state != "running", timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while not until(job) and time.monotonic() < deadline:
        time.sleep(0.05)
    return job


@pytest.fixture()
def sessions(engine, db):
    build_region(db)
    return session_factory(engine)


def test_a_solve_becomes_the_next_draft_version(sessions):
    jobs = Jobs(sessions, SCRIPTED)
    first = wait(jobs.start(WEEK, None, time_limit=5))
    second = wait(jobs.start(WEEK, None, time_limit=5))
    assert (first.state, second.state) == ("done", "done"), (first.error, second.error)
    with sessions() as session:
        plan = session.get(Plan, second.plan_id)
        assert (plan.week, plan.version, plan.status) == (WEEK, 2, "draft")
        stop = plan.routes[0].stops[0]
        assert session.get(VisitRequest, stop.visit_request_id).key == plan.result["routes"][0]["stops"][0]["visit"]
    assert first.snapshot()["served"] == first.visits > 0


def test_the_real_optimiser_plans_the_small_region(sessions):
    job = wait(Jobs(sessions).start(WEEK, None, time_limit=3))
    assert job.state == "done", job.error
    assert job.snapshot()["served"] == job.visits == 12


@pytest.mark.parametrize("solver, message", [(FAILING, "solver crashed"), (DYING, "code 3")])
def test_a_failed_solve_stores_nothing_and_leaves_the_published_plan(sessions, solver, message):
    wait(Jobs(sessions, SCRIPTED).start(WEEK, None, time_limit=5))
    with sessions() as session:
        session.scalar(plans.select(Plan)).status = "published"
        session.commit()
    job = wait(Jobs(sessions, solver).start(WEEK, None, time_limit=5))
    assert job.state == "failed" and message in job.error
    with sessions() as session:
        assert [(p.version, p.status) for p in plans.week_versions(session, WEEK)] == [(1, "published")]


def test_an_overrunning_solve_is_stopped_and_fails(sessions, monkeypatch):
    monkeypatch.setattr(planning, "GRACE_SECONDS", 0)
    job = wait(Jobs(sessions, SLEEPY).start(WEEK, None, time_limit=1))
    assert job.state == "failed" and "no answer within" in job.error
    with sessions() as session:
        assert plans.week_versions(session, WEEK) == []


def test_progress_is_relayed_and_cancel_throws_the_answer_away(sessions):
    jobs = Jobs(sessions, SLEEPY)
    job = wait(jobs.start(WEEK, None, time_limit=60), until=lambda job: job.progress)
    assert job.state == "running" and job.snapshot()["served"] == job.visits
    assert jobs.start(WEEK, None, time_limit=60) is job, "a second start joins the running job"
    jobs.cancel(job.id)
    time.sleep(0.6)
    assert job.state == "cancelled" and job.plan_id is None
    with sessions() as session:
        assert plans.week_versions(session, WEEK) == []


def test_adjustments_reach_the_request_and_closed_settlements_are_reported(sessions):
    jobs = Jobs(sessions, SCRIPTED)
    base = wait(jobs.start(WEEK, None, time_limit=5))
    with sessions() as session:
        plan = session.get(Plan, base.plan_id)
        visit = plan.request["visits"][0]["id"]
        dubki = next(v for v in plan.request["visits"] if session.get(
            VisitRequest, int(v["id"][3:])).family.settlement.code == "dubki")["id"]
        settlement = session.get(VisitRequest, int(dubki[3:])).family.settlement_id
        plan.adjustments = {"pins": {visit: {"date": "2026-12-10", "vehicle": "uaz-1"}},
                            "crews": {"uaz-1": {"2026-12-08": ["sw-01"]}}, "closed": [settlement]}
        session.commit()
    job = wait(jobs.start(WEEK, None, time_limit=5, base_plan_id=base.plan_id))
    with sessions() as session:
        new = session.get(Plan, job.plan_id)
        request = new.request
        assert next(v for v in request["visits"] if v["id"] == visit)["pinned"]["date"] == "2026-12-10"
        assert request["vehicles"][0]["crews"] == {"2026-12-08": ["sw-01"]}
        assert dubki not in {v["id"] for v in request["visits"]}
        assert {"visit": dubki, "reasons": ["ROAD_CLOSED"], "detail": "Дубки"} in new.result["unassigned"]
        assert request["options"]["base_plan"]["routes"], "re-optimising starts from the base plan"
        assert new.adjustments == session.get(Plan, base.plan_id).adjustments
        moved = {c.visit: c.kind for c in plans.compare(session.get(Plan, base.plan_id), new)}
        assert moved[visit] == "moved" and moved[dubki] == "dropped"


def test_finished_jobs_are_forgotten_after_an_hour(sessions, monkeypatch):
    jobs = Jobs(sessions, SCRIPTED)
    old = wait(jobs.start(WEEK, None, time_limit=5))
    monkeypatch.setattr(planning, "KEEP_SECONDS", 0)
    time.sleep(0.2)
    wait(jobs.start("2026-W51", None, time_limit=5))
    assert jobs.get(old.id) is None
