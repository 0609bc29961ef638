"""Generating a week's plan: the optimiser in a child process, its answer stored as a draft.

A solve takes up to a minute, so the web request only starts a ``Job`` and
the page polls it. The job builds the request (demand), applies the head's
adjustments, runs the solver in a separate process (the web process stays
responsive, the solver gets a main thread of its own, and cancelling is
immediate) and stores the answer as the week's next draft version. Nothing
else is touched: a failed, cancelled or timed-out solve leaves every
existing version, the published one included, as it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import multiprocessing
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from planner.db import transaction
from planner.models import Family, Plan, Route, Settlement, Stop, Vehicle, VisitRequest
from planner.services import demand

SOLVER = "planner.optimize.brigade:plan_week"
"""``module:function`` of the weekly optimiser, imported in the child process."""
GRACE_SECONDS = 30
"""How long past its time limit a solve may run before the job gives up on it."""
PROGRESS_KEYS = ("served", "priority_served", "cost")
KEEP_SECONDS = 3600
"""How long a finished job stays pollable (its plan is in the database anyway)."""


class SolveFailed(RuntimeError):
    """The solver process raised, died or overran; the message says which."""


@dataclass
class Job:
    """One solve of one week; ``snapshot()`` is what the progress page polls."""

    week: str
    time_limit: float
    base_plan_id: int | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    state: str = "running"
    began: float = field(default_factory=time.monotonic)
    progress: dict = field(default_factory=dict)
    visits: int = 0
    plan_id: int | None = None
    error: str = ""
    stop: threading.Event = field(default_factory=threading.Event)

    def elapsed(self) -> float:
        return round(time.monotonic() - self.began, 1)

    def timed_out(self) -> bool:
        return self.elapsed() > self.time_limit + GRACE_SECONDS

    def snapshot(self) -> dict:
        best = self.progress
        return {"id": self.id, "week": self.week, "state": self.state, "elapsed": self.elapsed(),
                "time_limit": self.time_limit, "visits": self.visits,
                "served": best.get("served"), "priority_served": best.get("priority_served"),
                "cost": best.get("cost"), "plan_id": self.plan_id, "error": self.error}


class Jobs:
    """The app's running and finished solves (kept in memory; one process serves an office)."""

    def __init__(self, sessions: sessionmaker[Session], solver: str = SOLVER):
        self._sessions = sessions
        self._solver = solver
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, week: str, author_id: int | None, *, time_limit: float,
              base_plan_id: int | None = None) -> Job:
        """Start solving ``week`` (one solve per week at a time: a second start joins the first)."""
        with self._lock:
            self._forget_old()
            running = self.running_for(week)
            if running is not None:
                return running
            job = Job(week=week, time_limit=time_limit, base_plan_id=base_plan_id)
            self._jobs[job.id] = job
        thread = threading.Thread(target=self._run, args=(job, author_id), daemon=True,
                                  name=f"plan-{week}")
        thread.start()
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def running_for(self, week: str) -> Job | None:
        return next((j for j in self._jobs.values() if j.week == week and j.state == "running"), None)

    def cancel(self, job_id: str) -> None:
        """Stop the solve; its answer is thrown away."""
        job = self._jobs.get(job_id)
        if job is not None and job.state == "running":
            job.state = "cancelled"
            job.stop.set()

    def _forget_old(self) -> None:
        for job in list(self._jobs.values()):
            if job.state != "running" and job.elapsed() > KEEP_SECONDS:
                del self._jobs[job.id]

    def _run(self, job: Job, author_id: int | None) -> None:
        try:
            request, adjustments, closed = self._request(job)
            job.visits = len(request["visits"])
            answer = _solve_in_child(self._solver, request, job)
            if answer is None or job.state != "running":
                return
            with transaction(self._sessions) as session:
                plan = store_plan(session, job.week, request, answer, author_id, adjustments, closed)
            job.plan_id, job.state = plan.id, "done"
        except Exception as error:  # noqa: BLE001 - any failure ends this job only, and is shown to the head
            if job.state == "running":
                job.state, job.error = "failed", f"{type(error).__name__}: {error}"

    def _request(self, job: Job) -> tuple[dict, dict, dict[str, str]]:
        """The week's request with the base plan's adjustments, and the visits they close."""
        with transaction(self._sessions) as session:
            base = session.get(Plan, job.base_plan_id) if job.base_plan_id else None
            request = demand.build_request(session, job.week, time_limit=job.time_limit,
                                           base_plan=base.result if base else None)
            adjustments = copy.deepcopy(base.adjustments) if base else {}
            closed = closed_visits(session, request, adjustments)
            return apply_adjustments(request, adjustments, closed), adjustments, closed


def _solve_in_child(solver: str, request: dict, job: Job) -> dict | None:
    """Run the solver in a fresh process, relaying its progress; None when cancelled.

    ``spawn`` rather than ``fork``: forking a threaded web server copies its
    locks in whatever state they are.
    """
    context = multiprocessing.get_context("spawn")
    reports = context.Queue()
    child = context.Process(target=solve_and_report, args=(solver, request, reports), daemon=True)
    child.start()
    try:
        while True:
            try:
                kind, payload = reports.get(timeout=0.25)
            except queue.Empty:
                if job.stop.is_set():
                    return None
                if job.timed_out():
                    raise SolveFailed(f"no answer within {job.time_limit + GRACE_SECONDS:.0f} s") from None
                if not child.is_alive() and reports.empty():
                    raise SolveFailed(f"the solver process ended with code {child.exitcode}") from None
                continue
            if kind == "progress":
                job.progress = payload
            elif kind == "answer":
                return payload
            else:
                raise SolveFailed(payload)
    finally:
        if child.is_alive():
            child.terminate()
        child.join(5)


def solve_and_report(solver: str, request: dict, reports) -> None:
    """The child process: solve, sending ``("progress", ...)``, then the answer or the error."""
    module, name = solver.split(":")
    solve = getattr(importlib.import_module(module), name)

    def progress(report: dict) -> None:
        reports.put(("progress", {key: report.get(key) for key in PROGRESS_KEYS}))

    try:
        reports.put(("answer", solve(request, progress=progress)))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the job
        reports.put(("error", f"{type(error).__name__}: {error}"))


def apply_adjustments(request: dict, adjustments: dict, closed: dict[str, str]) -> dict:
    """Put the head's pins and locked crews into the request; drop the ``closed`` visits."""
    pins = adjustments.get("pins", {})
    for visit in request["visits"]:
        if visit["id"] in pins:
            visit["pinned"] = dict(pins[visit["id"]])
    for vehicle in request["vehicles"]:
        for date, crew in adjustments.get("crews", {}).get(vehicle["id"], {}).items():
            vehicle.setdefault("crews", {})[date] = list(crew)
    request["visits"] = [visit for visit in request["visits"] if visit["id"] not in closed]
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


def store_plan(session: Session, week: str, request: dict, answer: dict, author_id: int | None,
               adjustments: dict, closed: dict[str, str]) -> Plan:
    """The answer as the week's next draft version, with a route row per brigade-day."""
    answer = copy.deepcopy(answer)
    answer.setdefault("unassigned", []).extend(
        {"visit": visit, "reasons": ["ROAD_CLOSED"], "detail": name} for visit, name in closed.items())
    version = (session.scalar(select(func.max(Plan.version)).where(Plan.week == week)) or 0) + 1
    plan = Plan(week=week, version=version, status="draft", author_id=author_id, request=request,
                result=answer, adjustments=adjustments)
    vehicles = dict(session.execute(select(Vehicle.code, Vehicle.id)).all())
    for route in answer.get("routes", []):
        lunch = route.get("lunch") or {}
        row = Route(vehicle_id=vehicles[route["vehicle"]], date=dt.date.fromisoformat(route["date"]), crew=route["crew"],
                    depart=route["depart"], return_=route["return"], meters=route.get("meters", 0),
                    drive_minutes=route.get("drive_minutes", 0), lunch_start=lunch.get("start"),
                    lunch_end=lunch.get("end"))
        for seq, stop in enumerate(route["stops"], start=1):
            row.stops.append(Stop(visit_request_id=int(stop["visit"].removeprefix("vr-")), seq=seq,
                                  arrive=stop["arrive"], start=stop["start"], end=stop["end"],
                                  staff=stop.get("staff", [])))
        plan.routes.append(row)
    session.add(plan)
    session.flush()
    return plan
