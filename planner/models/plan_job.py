"""A solve of one week's plan, stored so that every web process and worker sees the same job.

The web process that starts a solve, the worker that runs it and the web
process a head's next request lands on are often three different
processes (gunicorn workers, ``planner worker`` on another machine, a
restart in between), so the job's state, its progress and its heartbeat
live here, not in anyone's memory.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base
from planner.models.centre import CentreOwned

JOB_STATES = ("running", "done", "failed", "cancelled")


class PlanJob(CentreOwned, Base):
    """One solve: queued (``started_at`` empty), running, then done, failed or cancelled."""

    __tablename__ = "plan_job"
    __table_args__ = (UniqueConstraint("active_week", "centre_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    active_week: Mapped[str | None] = mapped_column(String(8))
    """The week while the job runs, else empty: the unique key lets one solve per week and centre run
    at a time, whichever process starts it."""
    time_limit: Mapped[float]
    base_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    change_penalty: Mapped[float | None]
    """What each visit moved away from the base plan costs (a re-plan keeps what it can)."""
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    state: Mapped[str] = mapped_column(String(20), default="running")
    visits: Mapped[int] = mapped_column(default=0)
    progress: Mapped[dict] = mapped_column(default=dict)
    """The best plan so far: served, priority_served, cost."""
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    error: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[dt.datetime]
    started_at: Mapped[dt.datetime | None]
    """When a worker took the job; empty while it waits in the queue."""
    heartbeat_at: Mapped[dt.datetime | None]
    """Moved by the running worker every few seconds; a stale one means the worker died."""
    finished_at: Mapped[dt.datetime | None]
