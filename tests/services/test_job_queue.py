"""Plan jobs on the real queue: Redis, ``planner worker`` processes, web processes that come and go."""

from __future__ import annotations

import os
import signal

import pytest

from planner.db import session_factory
from planner.models import Plan
from planner.services import plans
from planner.services.job_queue import QueueRunner, jobs_for
from planner.services.planning import LOST_WORKER, EmbeddedRunner, Jobs
from tests.services.job_watch import redis_url, wait, workers  # noqa: F401 - fixtures
from tests.services.planning_doubles import SCRIPTED, SLEEPY
from tests.web.region import build_region

WEEK = "2026-W50"


@pytest.fixture()
def sessions(engine, db):
    build_region(db)
    return session_factory(engine)


def web_process(engine, redis_url, solver=SCRIPTED, **options) -> Jobs:
    """What one web process holds: its own sessions and a queue runner, no memory of jobs."""
    return Jobs(session_factory(engine), solver, runner=QueueRunner(redis_url), **options)


def test_without_redis_the_embedded_runner_stays_the_default(sessions, redis_url):
    assert isinstance(jobs_for(sessions, "")._runner, EmbeddedRunner)
    assert isinstance(jobs_for(sessions, redis_url)._runner, QueueRunner)


def test_a_queued_job_waits_for_a_worker_and_another_web_process_sees_it_done(sessions, engine, redis_url,
                                                                             workers):
    job = web_process(engine, redis_url).start(WEEK, None, time_limit=5)
    restarted = web_process(engine, redis_url)
    assert restarted.running_for(WEEK).waiting, "queued until a worker takes it"
    workers.start("--burst").wait(60)
    done = restarted.get(job.id)
    assert done.state == "done" and done.snapshot()["served"] == done.visits > 0, done.error
    with sessions() as session:
        assert session.get(Plan, done.plan_id).version == 1


def test_any_web_process_cancels_a_job_running_on_a_worker(sessions, engine, redis_url, workers):
    starter, other = web_process(engine, redis_url, SLEEPY), web_process(engine, redis_url)
    worker = workers.start()
    job = wait(other, starter.start(WEEK, None, time_limit=60), until=lambda job: job.progress)
    assert job.state == "running" and not job.waiting
    other.cancel(job.id)
    assert wait(starter, job).state == "cancelled"
    again = wait(other, other.start(WEEK, None, time_limit=5))
    assert again.state == "done", "the same worker goes on to the next job"
    assert worker.poll() is None
    with sessions() as session:
        assert [p.version for p in plans.week_versions(session, WEEK)] == [1]


def test_a_killed_worker_fails_its_job_and_the_published_plan_stays(sessions, engine, redis_url, workers):
    first = web_process(engine, redis_url)
    published = first.start(WEEK, None, time_limit=5)
    workers.start("--burst").wait(60)
    assert wait(first, published).state == "done"
    with sessions() as session:
        session.scalar(plans.select(Plan)).status = "published"
        session.commit()
    worker = workers.start()
    restarted = web_process(engine, redis_url, SLEEPY, stale_seconds=2)
    job = wait(restarted, restarted.start(WEEK, None, time_limit=60), until=lambda job: job.progress)
    assert job.state == "running", job.error
    os.kill(worker.pid, signal.SIGKILL)
    job = wait(restarted, job, timeout=20)
    assert (job.state, job.error) == ("failed", LOST_WORKER)
    with sessions() as session:
        assert [(p.version, p.status) for p in plans.week_versions(session, WEEK)] == [(1, "published")]
    workers.start("--burst")
    again = wait(first, first.start(WEEK, None, time_limit=5))
    assert again.state == "done", "the week is free for the next solve"
