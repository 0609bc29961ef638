"""The plan job: stores drafts, survives failures, applies the head's adjustments, lives in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from planner.db import session_factory
from planner.models import Plan, PlanJob, VisitRequest
from planner.services import planning, plans
from planner.services.planning import LOST_WORKER, Jobs
from tests.services.job_watch import ROOT, settle, wait
from tests.services.planning_doubles import DYING, FAILING, SCRIPTED, SLEEPY
from tests.web.region import build_region

WEEK = "2026-W50"


@pytest.fixture()
def sessions(engine, db):
    build_region(db)
    return session_factory(engine)


def publish_first_version(sessions) -> None:
    jobs = Jobs(sessions, SCRIPTED)
    wait(jobs, jobs.start(WEEK, None, time_limit=5))
    with sessions() as session:
        session.scalar(plans.select(Plan)).status = "published"
        session.commit()


def test_a_solve_becomes_the_next_draft_version(sessions):
    jobs = Jobs(sessions, SCRIPTED)
    first = wait(jobs, jobs.start(WEEK, None, time_limit=5))
    second = wait(jobs, jobs.start(WEEK, None, time_limit=5))
    assert (first.state, second.state) == ("done", "done"), (first.error, second.error)
    with sessions() as session:
        plan = session.get(Plan, second.plan_id)
        assert (plan.week, plan.version, plan.status) == (WEEK, 2, "draft")
        stop = plan.routes[0].stops[0]
        assert session.get(VisitRequest, stop.visit_request_id).key == plan.result["routes"][0]["stops"][0]["visit"]
    assert first.snapshot()["served"] == first.visits > 0


def test_the_real_optimiser_plans_the_small_region(sessions):
    jobs = Jobs(sessions)
    job = wait(jobs, jobs.start(WEEK, None, time_limit=3))
    assert job.state == "done", job.error
    assert job.snapshot()["served"] == job.visits == 12


@pytest.mark.parametrize("solver, message", [(FAILING, "solver crashed"), (DYING, "code 3")])
def test_a_failed_solve_stores_nothing_and_leaves_the_published_plan(sessions, solver, message):
    publish_first_version(sessions)
    jobs = Jobs(sessions, solver)
    job = wait(jobs, jobs.start(WEEK, None, time_limit=5))
    assert job.state == "failed" and message in job.error
    with sessions() as session:
        assert [(p.version, p.status) for p in plans.week_versions(session, WEEK)] == [(1, "published")]


def test_an_overrunning_solve_is_stopped_and_fails(sessions, monkeypatch):
    monkeypatch.setattr(planning, "GRACE_SECONDS", 0)
    jobs = Jobs(sessions, SLEEPY)
    job = wait(jobs, jobs.start(WEEK, None, time_limit=1))
    assert job.state == "failed" and "no answer within" in job.error
    with sessions() as session:
        assert plans.week_versions(session, WEEK) == []


def test_progress_is_stored_and_any_process_joins_or_cancels_the_job(sessions, engine):
    jobs = Jobs(sessions, SLEEPY)
    job = wait(jobs, jobs.start(WEEK, None, time_limit=60), until=lambda job: job.progress)
    assert job.state == "running" and not job.waiting and job.snapshot()["served"] == job.visits
    other = Jobs(session_factory(engine), SCRIPTED)
    assert other.start(WEEK, None, time_limit=60).id == job.id, "a second start joins the running job"
    assert other.running_for(WEEK).id == job.id
    other.cancel(job.id)
    assert wait(jobs, job).state == "cancelled"
    time.sleep(1.5)
    assert jobs.get(job.id).plan_id is None
    with sessions() as session:
        assert plans.week_versions(session, WEEK) == []
    again = wait(other, other.start(WEEK, None, time_limit=5))
    assert again.state == "done", "a cancelled job no longer holds the week"
    settle()


def test_a_web_process_killed_mid_solve_leaves_a_failed_job_for_the_next_one(sessions, engine):
    publish_first_version(sessions)
    url = engine.url.render_as_string(hide_password=False)
    script = ("import sys, time; from planner.db import make_engine, session_factory; "
              "from planner.services.planning import Jobs; "
              f"jobs = Jobs(session_factory(make_engine({url!r})), {SLEEPY!r}); "
              f"print(jobs.start({WEEK!r}, None, time_limit=60).id, flush=True); time.sleep(120)")
    web = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                           start_new_session=True)
    try:
        job_id = web.stdout.readline().strip()
        restarted = Jobs(session_factory(engine), SCRIPTED, stale_seconds=2)
        job = wait(restarted, PlanJob(id=job_id), until=lambda job: job.progress)
        assert job.state == "running", job.error
        os.killpg(web.pid, signal.SIGKILL)
        job = wait(restarted, job, timeout=20)
    finally:
        os.killpg(web.pid, signal.SIGKILL) if web.poll() is None else None
        web.wait(10)
    assert (job.state, job.error) == ("failed", LOST_WORKER)
    assert restarted.running_for(WEEK) is None
    with sessions() as session:
        assert [(p.version, p.status) for p in plans.week_versions(session, WEEK)] == [(1, "published")]


def test_adjustments_reach_the_request_and_closed_settlements_are_reported(sessions):
    jobs = Jobs(sessions, SCRIPTED)
    base = wait(jobs, jobs.start(WEEK, None, time_limit=5))
    with sessions() as session:
        plan = session.get(Plan, base.plan_id)
        visit = plan.request["visits"][0]["id"]
        dubki = next(v for v in plan.request["visits"] if session.get(
            VisitRequest, int(v["id"][3:])).family.settlement.code == "dubki")["id"]
        settlement = session.get(VisitRequest, int(dubki[3:])).family.settlement_id
        plan.adjustments = {"pins": {visit: {"date": "2026-12-10", "vehicle": "uaz-1"}},
                            "crews": {"uaz-1": {"2026-12-08": ["sw-01"]}}, "closed": [settlement]}
        session.commit()
    job = wait(jobs, jobs.start(WEEK, None, time_limit=5, base_plan_id=base.plan_id))
    with sessions() as session:
        new = session.get(Plan, job.plan_id)
        request = new.request
        assert next(v for v in request["visits"] if v["id"] == visit)["pinned"]["date"] == "2026-12-10"
        assert request["vehicles"][0]["crews"] == {"2026-12-08": ["sw-01"]}
        assert dubki not in {v["id"] for v in request["visits"]}
        closed = next(entry for entry in new.result["unassigned"] if entry["visit"] == dubki)
        assert (closed["reasons"], closed["detail"]) == (["ROAD_CLOSED"], "Дубки")
        assert {"priority", "mandatory"} <= set(closed), "the totals count closed visits as due"
        assert request["options"]["base_plan"]["routes"], "re-optimising starts from the base plan"
        assert new.adjustments == session.get(Plan, base.plan_id).adjustments
        moved = {c.visit: c.kind for c in plans.compare(session.get(Plan, base.plan_id), new)}
        assert moved[visit] == "moved" and moved[dubki] == "dropped"
