"""Weekly brigade plans: versions of a week's routes and their stops.

A plan is a draft until a head publishes it; publishing supersedes the
previously published version of the week. Feeds, notices and the coverage
map read published plans only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner import clock
from planner.models.base import Base
from planner.models.centre import CentreOwned

PLAN_STATUSES = ("draft", "published", "superseded", "failed")
OUTCOMES = ("done", "absent", "refused", "moved")


class Plan(CentreOwned, Base):
    """One version of a week's plan, with the request it was solved from."""

    __tablename__ = "plan"
    __table_args__ = (
        UniqueConstraint("week", "version", "centre_id"),
        Index("uq_plan_published_week", "week", "centre_id", unique=True, sqlite_where=text("status = 'published'"),
              postgresql_where=text("status = 'published'")),
    )
    """At most one published version per week and centre, enforced by the database: of two heads
    publishing the same week at the same moment, exactly one wins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    request: Mapped[dict] = mapped_column(default=dict)
    result: Mapped[dict] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(String(400), default="")
    adjustments: Mapped[dict] = mapped_column(default=dict)
    """The head's edits for the next solve: pinned visits, locked crews, closed settlements."""

    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])  # noqa: F821
    routes: Mapped[list[Route]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Route.date"
    )


class Route(CentreOwned, Base):
    """One vehicle on one date with its crew (staff codes)."""

    __tablename__ = "route"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"))
    date: Mapped[dt.date]
    crew: Mapped[list] = mapped_column(default=list)
    depart: Mapped[str] = mapped_column(String(5))
    return_: Mapped[str] = mapped_column("return", String(5))
    meters: Mapped[int] = mapped_column(default=0)
    drive_minutes: Mapped[int] = mapped_column(default=0)
    lunch_start: Mapped[str | None] = mapped_column(String(5))
    lunch_end: Mapped[str | None] = mapped_column(String(5))
    calls: Mapped[list] = mapped_column(default=list)
    """The settlements the brigade stops at, in driving order (spec 1.1): place, arrive, depart."""

    plan: Mapped[Plan] = relationship(back_populates="routes")
    vehicle: Mapped["Vehicle"] = relationship()  # noqa: F821
    stops: Mapped[list[Stop]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="Stop.seq"
    )


class Stop(CentreOwned, Base):
    """A visit served on a route, and later what really happened there."""

    __tablename__ = "stop"

    id: Mapped[int] = mapped_column(primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("route.id"))
    visit_request_id: Mapped[int] = mapped_column(ForeignKey("visit_request.id"))
    seq: Mapped[int]
    arrive: Mapped[str] = mapped_column(String(5))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    staff: Mapped[list] = mapped_column(default=list)
    call: Mapped[int | None]
    """Index into the route's ``calls``; None in a plan where each stop is its own call."""
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str] = mapped_column(String(400), default="")
    outcome_at: Mapped[dt.datetime | None]

    route: Mapped[Route] = relationship(back_populates="stops")
    visit_request: Mapped["VisitRequest"] = relationship()  # noqa: F821
