"""Plan jobs on a task queue: RQ on Redis, served by ``planner worker`` on any machine.

RQ because the job's state already lives in the database (``PlanJob``):
the queue only has to hand a job id to one free worker, and RQ does exactly
that with Redis as its only dependency, plain importable functions as jobs
and no broker configuration; Celery's prefork pools, result backends and
Dramatiq's middleware would add machinery this does not need. A worker is a
``SimpleWorker`` (no fork per job): the solve runs in its own child process
anyway (``solver_process``), and a killed worker takes that child with it.
"""

from __future__ import annotations

import functools
import os

from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy.orm import Session, sessionmaker

from planner import config
from planner.db import make_engine, session_factory
from planner.services.planning import GRACE_SECONDS, Jobs, run_job

QUEUE = "plans"
MARGIN_SECONDS = 300
"""RQ's own timeout beyond the job's: building the request and storing the plan take time too."""


class QueueRunner:
    """Puts each job on the ``plans`` queue; any ``planner worker`` takes it."""

    def __init__(self, redis_url: str):
        self._queue = Queue(QUEUE, connection=Redis.from_url(redis_url))

    def submit(self, job_id: str, solver: str, time_limit: float) -> None:
        self._queue.enqueue_call(perform, args=(job_id, solver), job_id=job_id, result_ttl=0,
                                 timeout=int(time_limit + GRACE_SECONDS + MARGIN_SECONDS),
                                 description=f"plan job {job_id}")


def jobs_for(sessions: sessionmaker[Session], redis_url: str) -> Jobs:
    """The queue when Redis is configured, else the embedded runner (the office default)."""
    return Jobs(sessions, runner=QueueRunner(redis_url) if redis_url else None)


def perform(job_id: str, solver: str) -> None:
    """What a worker runs: the stored job, on the database of the worker's settings."""
    run_job(_sessions(config.load().database_url), job_id, solver)


@functools.cache
def _sessions(database_url: str) -> sessionmaker[Session]:
    return session_factory(make_engine(database_url))


def work(redis_url: str, database_url: str, *, burst: bool = False, name: str | None = None) -> None:
    """Serve the queue until stopped (``burst``: until it is empty)."""
    os.environ["PLANNER_DATABASE_URL"] = database_url
    connection = Redis.from_url(redis_url)
    SimpleWorker([Queue(QUEUE, connection=connection)], connection=connection, name=name).work(
        burst=burst, logging_level="INFO")
