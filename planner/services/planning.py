"""Generating a week's plan: a stored job, run by a worker, its answer stored as a draft.

A solve takes up to a minute, so the web request only starts a job and the
page polls it. The job lives in the database (``PlanJob``): any web process
shows and cancels any job, and a restarted one finds them. A runner
(``EmbeddedRunner``, a thread of the web process, by default;
``job_queue.QueueRunner``, an RQ queue served by ``planner worker``, when
Redis is configured) calls
``run_job``, which builds the request (demand), applies the head's
adjustments, runs the solver in a child process (``solver_process``) and
stores the answer as the week's next draft version. Nothing else is
touched: a failed, cancelled, timed-out or orphaned solve leaves every
existing version, the published one included, as it was.

While it solves, the worker moves the job's heartbeat every second; a job
whose heartbeat stands still for ``STALE_SECONDS`` belonged to a worker
that was killed or restarted, and whoever reads it next marks it failed.
A job's times are the database server's (``database_utcnow``), so a worker
and a web process on machines whose clocks differ still agree on them.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from planner.db import database_utcnow, transaction
from planner.models import Family, Plan, PlanJob, Route, Settlement, Stop, Vehicle, VisitRequest, tenancy
from planner.services import demand
from planner.services.solver_process import PROGRESS_KEYS, solve_in_child

SOLVER = "planner.optimize.brigade:plan_week"
"""``module:function`` of the weekly optimiser, imported in the solver's child process."""
GRACE_SECONDS = 30
"""How long past its time limit a solve may run before the job gives up on it."""
STALE_SECONDS = 60
"""A running job whose heartbeat is older than this lost its worker."""
LOST_WORKER = "the worker running this solve stopped (killed or restarted); the plans of the week are unchanged"


@dataclass(frozen=True)
class Job:
    """What a page shows of one solve, read from its row; ``snapshot()`` is what the page polls."""

    id: str
    week: str
    state: str
    time_limit: float
    visits: int
    progress: dict
    plan_id: int | None
    error: str
    elapsed: float
    waiting: bool
    """Queued: no worker has taken it yet."""

    @classmethod
    def of(cls, row: PlanJob, now: dt.datetime) -> Job:
        """The row as the page shows it; ``now`` is the database's time."""
        end = row.finished_at or now
        return cls(id=row.id, week=row.week, state=row.state, time_limit=row.time_limit, visits=row.visits,
                   progress=dict(row.progress), plan_id=row.plan_id, error=row.error,
                   elapsed=max(0.0, (end - (row.started_at or end)).total_seconds()),
                   waiting=row.started_at is None and row.state == "running")

    def snapshot(self) -> dict:
        best = self.progress
        return {"id": self.id, "week": self.week, "state": self.state, "elapsed": self.elapsed,
                "time_limit": self.time_limit, "visits": self.visits, "waiting": self.waiting,
                "served": best.get("served"), "priority_served": best.get("priority_served"),
                "cost": best.get("cost"), "plan_id": self.plan_id, "error": self.error}


class Jobs:
    """The installation's solves, whichever process started or runs them."""

    def __init__(self, sessions: sessionmaker[Session], solver: str = SOLVER, runner=None,
                 stale_seconds: float | None = None):
        self._sessions = sessions
        self._solver = solver
        self._runner = runner or EmbeddedRunner(sessions)
        self._stale = stale_seconds

    def for_centre(self, centre_id: int | None) -> Jobs:
        """The same jobs seen from one centre: it starts, shows and cancels only its own."""
        return Jobs(tenancy.scoped(self._sessions, centre_id), self._solver, self._runner, self._stale)

    def start(self, week: str, author_id: int | None, *, time_limit: float,
              base_plan_id: int | None = None, change_penalty: float | None = None) -> Job:
        """Start solving ``week`` (one solve per week at a time: a second start joins the first).

        ``change_penalty`` (with a base plan) is what each visit moved away from the base costs."""
        running = self.running_for(week)
        if running is not None:
            return running
        row = PlanJob(id=uuid.uuid4().hex, week=week, active_week=week, time_limit=time_limit,
                      base_plan_id=base_plan_id, change_penalty=change_penalty, author_id=author_id,
                      created_at=database_utcnow(),
                      heartbeat_at=database_utcnow())
        try:
            with transaction(self._sessions) as session:
                session.add(row)
                session.flush()
                session.refresh(row)
        except IntegrityError:
            return self.running_for(week) or self.start(week, author_id, time_limit=time_limit,
                                                        base_plan_id=base_plan_id, change_penalty=change_penalty)
        self._runner.submit(row.id, self._solver, time_limit)
        return Job.of(row, row.created_at)

    def get(self, job_id: str) -> Job | None:
        with transaction(self._sessions) as session:
            row = session.get(PlanJob, job_id)
            return self._checked(session, row) if row is not None else None

    def running_for(self, week: str) -> Job | None:
        with transaction(self._sessions) as session:
            row = session.scalar(select(PlanJob).where(PlanJob.active_week == week))
            job = self._checked(session, row) if row is not None else None
            return job if job is not None and job.state == "running" else None

    def cancel(self, job_id: str) -> None:
        """Stop the solve, wherever it runs (its worker sees it within a second); the answer is thrown away."""
        with transaction(self._sessions) as session:
            finish(session, job_id, state="cancelled")

    def _checked(self, session: Session, row: PlanJob) -> Job:
        """The job, failed first if its worker stopped beating."""
        stale = self._stale if self._stale is not None else STALE_SECONDS
        now = session.scalar(select(database_utcnow()))
        if row.state == "running" and row.started_at is not None and \
                row.heartbeat_at < now - dt.timedelta(seconds=stale):
            finish(session, row.id, state="failed", error=LOST_WORKER)
            session.refresh(row)
        return Job.of(row, now)


class EmbeddedRunner:
    """Runs each job on a thread of this process: one office, one process, nothing else to run."""

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions

    def submit(self, job_id: str, solver: str, _time_limit: float) -> None:
        threading.Thread(target=run_job, args=(self._sessions, job_id, solver), daemon=True,
                         name=f"plan-{job_id}").start()


def finish(session: Session, job_id: str, **values) -> bool:
    """End a running job (done, failed, cancelled); False if it had already ended."""
    result = session.execute(update(PlanJob).where(PlanJob.id == job_id, PlanJob.state == "running")
                             .values(active_week=None, finished_at=database_utcnow(), **values))
    return result.rowcount == 1


def run_job(sessions: sessionmaker[Session], job_id: str, solver: str) -> None:
    """Run one stored job to its end: what a runner's thread or a ``planner worker`` calls.

    The job is found in any centre; its request is built from, and its plan stored in, the job's centre."""
    with transaction(sessions) as session:
        claimed = session.execute(update(PlanJob).where(
            PlanJob.id == job_id, PlanJob.state == "running", PlanJob.started_at.is_(None))
            .values(started_at=database_utcnow(), heartbeat_at=database_utcnow())).rowcount
        job = session.get(PlanJob, job_id)
    if not claimed:
        return
    sessions = tenancy.scoped(sessions, job.centre_id)
    try:
        request, adjustments, closed = _request(sessions, job)
        _beat(sessions, job_id, visits=len(request["visits"]))
        answer = solve_in_child(solver, request, job.time_limit + GRACE_SECONDS,
                                lambda progress: _beat(sessions, job_id, progress=progress))
        if answer is None:
            return
        with transaction(sessions) as session:
            plan = store_plan(session, job.week, request, answer, job.author_id, adjustments, closed)
            summary = answer.get("summary", {})
            best = {key: summary.get(key) for key in PROGRESS_KEYS}
            if not finish(session, job_id, state="done", plan_id=plan.id, progress=best):
                session.rollback()
    except Exception as error:  # noqa: BLE001 - any failure ends this job only, and is shown to the head
        with transaction(sessions) as session:
            finish(session, job_id, state="failed", error=f"{type(error).__name__}: {error}"[:400])


def _beat(sessions: sessionmaker[Session], job_id: str, **values) -> bool:
    """Move the heartbeat (and store progress); False once the job was cancelled or given up."""
    with transaction(sessions) as session:
        return session.execute(update(PlanJob).where(PlanJob.id == job_id, PlanJob.state == "running")
                               .values(heartbeat_at=database_utcnow(), **values)).rowcount == 1


def _request(sessions: sessionmaker[Session], job: PlanJob) -> tuple[dict, dict, dict[str, str]]:
    """The week's request with the base plan's adjustments, and the visits they close."""
    with transaction(sessions) as session:
        base = session.get(Plan, job.base_plan_id) if job.base_plan_id else None
        request = demand.build_request(session, job.week, time_limit=job.time_limit,
                                       base_plan=base.result if base else None,
                                       change_penalty=job.change_penalty if base else None)
        adjustments = copy.deepcopy(base.adjustments) if base else {}
        closed = closed_visits(session, request, adjustments)
        return apply_adjustments(request, adjustments, closed), adjustments, closed


def apply_adjustments(request: dict, adjustments: dict, closed: dict[str, str]) -> dict:
    """Put the head's pins and locked crews into the request; drop the ``closed`` visits and
    those the head removed by hand."""
    pins = adjustments.get("pins", {})
    for visit in request["visits"]:
        if visit["id"] in pins:
            visit["pinned"] = dict(pins[visit["id"]])
    for vehicle in request["vehicles"]:
        for date, crew in adjustments.get("crews", {}).get(vehicle["id"], {}).items():
            vehicle.setdefault("crews", {})[date] = list(crew)
    dropped = set(closed) | set(adjustments.get("removed", []))
    request["visits"] = [visit for visit in request["visits"] if visit["id"] not in dropped]
    return request


def closed_visits(session: Session, request: dict, adjustments: dict) -> dict[str, str]:
    """Visit id -> settlement name, for visits to settlements the head closed (road closed)."""
    closed = set(adjustments.get("closed", []))
    if not closed:
        return {}
    ids = [int(visit["id"].removeprefix("vr-")) for visit in request["visits"] if visit["id"].startswith("vr-")]
    rows = session.execute(select(VisitRequest.id, Family.settlement_id).join(Family)
                           .where(VisitRequest.id.in_(ids))).all()
    names = dict(session.execute(select(Settlement.id, Settlement.name).where(Settlement.id.in_(closed))).all())
    return {f"vr-{vr_id}": names[settlement_id] for vr_id, settlement_id in rows if settlement_id in closed}


def _closed_entries(session: Session, closed: dict[str, str], reason: str) -> list[dict]:
    """Left-out entries of visits dropped before solving (behind a closed road, removed by the
    head), with their priority and mandatory flag so the plan's totals still count them as due
    (closing a road never makes a plan look better)."""
    rows = {f"vr-{row.id}": row for row in session.scalars(select(VisitRequest).where(
        VisitRequest.id.in_([int(visit.removeprefix("vr-")) for visit in closed])))}
    return [{"visit": visit, "reasons": [reason], "detail": name,
             "priority": rows[visit].priority, "mandatory": rows[visit].mandatory}
            for visit, name in closed.items()]


def store_plan(session: Session, week: str, request: dict, answer: dict, author_id: int | None,
               adjustments: dict, closed: dict[str, str]) -> Plan:
    """The answer as the week's next draft version, with a route row per brigade-day."""
    answer = copy.deepcopy(answer)
    removed = {visit: "" for visit in adjustments.get("removed", []) if visit not in closed}
    answer.setdefault("unassigned", []).extend(_closed_entries(session, closed, "ROAD_CLOSED")
                                               + _closed_entries(session, removed, "REMOVED_BY_HEAD"))
    return store_answer(session, week, request, answer, author_id, adjustments)


def store_answer(session: Session, week: str, request: dict, answer: dict, author_id: int | None,
                 adjustments: dict) -> Plan:
    """``answer`` as it is (its left-out entries complete) as the week's next draft version."""
    version = (session.scalar(select(func.max(Plan.version)).where(Plan.week == week)) or 0) + 1
    plan = Plan(week=week, version=version, status="draft", author_id=author_id, request=request,
                result=answer, adjustments=adjustments)
    vehicles = dict(session.execute(select(Vehicle.code, Vehicle.id)).all())
    for route in answer.get("routes", []):
        lunch = route.get("lunch") or {}
        row = Route(vehicle_id=vehicles[route["vehicle"]], date=dt.date.fromisoformat(route["date"]), crew=route["crew"],
                    depart=route["depart"], return_=route["return"], meters=route.get("meters", 0),
                    drive_minutes=route.get("drive_minutes", 0), lunch_start=lunch.get("start"),
                    lunch_end=lunch.get("end"), calls=route.get("calls", []))
        for seq, stop in enumerate(route["stops"], start=1):
            row.stops.append(Stop(visit_request_id=int(stop["visit"].removeprefix("vr-")), seq=seq,
                                  arrive=stop.get("arrive", stop["start"]), start=stop["start"], end=stop["end"],
                                  staff=stop.get("staff", []), call=stop.get("call")))
        plan.routes.append(row)
    session.add(plan)
    session.flush()
    return plan


def discard_draft(session: Session, plan: Plan) -> None:
    """Delete a draft version (a hand change undone); the jobs that made it or started from it
    forget it, so their rows stay as a record of what ran."""
    if plan.status != "draft":
        raise ValueError(f"plan {plan.week} v{plan.version} is {plan.status}; only a draft can be discarded")
    session.execute(update(PlanJob).where(PlanJob.plan_id == plan.id).values(plan_id=None))
    session.execute(update(PlanJob).where(PlanJob.base_plan_id == plan.id).values(base_plan_id=None))
    session.delete(plan)
    session.flush()
