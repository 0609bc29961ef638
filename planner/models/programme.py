"""Group programmes: venues, programmes, terms, their sessions and enrolments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner import clock
from planner.models.base import Base
from planner.models.centre import CentreOwned

PROGRAMME_KINDS = (
    "art_therapy",
    "parent_school",
    "club",
    "training",
    "video_lecture",
    "case_method",
    "supervision",
    "animation_studio",
    "camp",
    "planning_meeting",
)
"""``planning_meeting``: the team's meeting with the partner agencies before trips (seed 003
reports 62 a year); reports count its sessions as planning meetings, not group sessions."""


class Venue(CentreOwned, Base):
    """A house of culture, school, the centre's hall, or an online room."""

    __tablename__ = "venue"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    settlement_id: Mapped[int | None] = mapped_column(ForeignKey("settlement.id"))
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    capacity: Mapped[int] = mapped_column(default=20)
    online: Mapped[bool] = mapped_column(default=False)
    weekly: Mapped[dict] = mapped_column(default=dict)

    settlement: Mapped["Settlement | None"] = relationship()  # noqa: F821


class Programme(CentreOwned, Base):
    """A cycle, school, club, supervision group or camp (spec section 2)."""

    __tablename__ = "programme"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    sessions: Mapped[int] = mapped_column(default=1)
    cadence: Mapped[dict] = mapped_column(default=dict)
    minutes: Mapped[int] = mapped_column(default=90)
    days: Mapped[int] = mapped_column(default=0)
    roles: Mapped[list] = mapped_column(default=list)
    staff_pool: Mapped[list] = mapped_column(default=list)
    venues: Mapped[list] = mapped_column(default=list)
    same_staff: Mapped[bool] = mapped_column(default=False)
    same_slot: Mapped[bool] = mapped_column(default=False)
    earliest: Mapped[dt.date | None]
    latest: Mapped[dt.date | None]
    preferred: Mapped[dict] = mapped_column(default=dict)
    audience: Mapped[str] = mapped_column(String(200), default="")

    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )


class Enrolment(CentreOwned, Base):
    """A family taking part in a programme."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("programme_id", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))

    programme: Mapped[Programme] = relationship(back_populates="enrolments")
    family: Mapped["Family"] = relationship()  # noqa: F821


class Term(CentreOwned, Base):
    """A school-like term the group programmes are timetabled in."""

    __tablename__ = "term"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    start: Mapped[dt.date]
    end: Mapped[dt.date]
    closed_dates: Mapped[list] = mapped_column(default=list)

    sessions: Mapped[list[Session]] = relationship(
        back_populates="term", cascade="all, delete-orphan"
    )


class Session(CentreOwned, Base):
    """One meeting of a programme in a term's timetable.

    ``staff`` lists staff codes; ``locked`` keeps a hand-moved session in
    place when the rest of the term is re-solved.
    """

    __tablename__ = "session"
    __table_args__ = (UniqueConstraint("term_id", "programme_id", "n"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    n: Mapped[int]
    date: Mapped[dt.date]
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    end_date: Mapped[dt.date | None]
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"))
    staff: Mapped[list] = mapped_column(default=list)
    locked: Mapped[bool] = mapped_column(default=False)
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    audience: Mapped[list] = mapped_column(default=list)
    """Everyone who was ever on the session: one taken off sees it CANCELLED in their feed."""

    term: Mapped[Term] = relationship(back_populates="sessions")
    programme: Mapped[Programme] = relationship()
    venue: Mapped[Venue | None] = relationship()


class SessionRecord(CentreOwned, Base):
    """Whether a programme met on a date, and who came (counts only).

    Kept apart from the timetable's ``Session`` so a re-solved term cannot
    lose what happened, and so past terms' attendance can be imported.
    """

    __tablename__ = "session_record"
    __table_args__ = (UniqueConstraint("programme_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    date: Mapped[dt.date]
    held: Mapped[bool] = mapped_column(default=True)
    families: Mapped[int] = mapped_column(default=0)
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(String(400), default="")

    programme: Mapped[Programme] = relationship()
