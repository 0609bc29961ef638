"""Interagency expeditions: a series of district trips, its trips, and the partners' answers.

An ``ExpeditionSeries`` is a programme of the term: its districts in rotation,
the roles it must carry, its vehicle, a reception point (venue) per district
and the planning meeting before each trip. The term timetabler places its
``ExpeditionTrip`` rows with the group programmes. Each proposed trip date is
sent to the partner staff on it and to their agency's ``AgencyContact``; every
such addressee has one ``TripAnswer`` per trip date with a personal link
whose token only the e-mail carries (the database keeps its SHA-256).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base
from planner.models.centre import CentreOwned

ANSWER_STATUSES = ("pending", "confirmed", "declined", "superseded")
"""pending: sent (or to be sent), no answer yet; superseded: the trip moved to another date."""


class AgencyContact(CentreOwned, Base):
    """The person at a partner agency who agrees the trips with the centre."""

    __tablename__ = "agency_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200))

    agency: Mapped["Agency"] = relationship()  # noqa: F821


class ExpeditionSeries(CentreOwned, Base):
    """Trips of the whole team into the districts, one district after another.

    ``districts`` are district codes in rotation order, ``staff_pool`` staff
    codes, ``reception`` maps a district code to a venue code, ``meeting_*``
    describe the planning meeting before each trip. Partners are the team
    members whose agency is not the ``organiser``.
    """

    __tablename__ = "expedition_series"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    organiser_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"))
    districts: Mapped[list] = mapped_column(default=list)
    trips: Mapped[int] = mapped_column(default=1)
    cadence: Mapped[dict] = mapped_column(default=dict)
    minutes: Mapped[int] = mapped_column(default=420)
    roles: Mapped[list] = mapped_column(default=list)
    staff_pool: Mapped[list] = mapped_column(default=list)
    reception: Mapped[dict] = mapped_column(default=dict)
    reception_minutes: Mapped[int] = mapped_column(default=120)
    meeting_minutes: Mapped[int] = mapped_column(default=60)
    meeting_roles: Mapped[list] = mapped_column(default=list)
    meeting_days_before: Mapped[list] = mapped_column(default=list)
    meeting_venues: Mapped[list] = mapped_column(default=list)
    earliest: Mapped[dt.date | None]
    latest: Mapped[dt.date | None]
    preferred: Mapped[dict] = mapped_column(default=dict)

    organiser: Mapped["Agency"] = relationship()  # noqa: F821
    vehicle: Mapped["Vehicle"] = relationship()  # noqa: F821
    trip_rows: Mapped[list[ExpeditionTrip]] = relationship(
        back_populates="series", cascade="all, delete-orphan", order_by="ExpeditionTrip.n")


class ExpeditionTrip(CentreOwned, Base):
    """Trip ``n`` of a series in a term: date, hours, team, reception and planning meeting.

    ``staff`` lists staff codes; ``locked`` keeps an agreed trip where it is
    when a declined one is re-placed; ``sequence`` rises whenever the trip
    changes, so calendar feeds announce it.
    """

    __tablename__ = "expedition_trip"
    __table_args__ = (UniqueConstraint("series_id", "term_id", "n"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("expedition_series.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("term.id"))
    n: Mapped[int]
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    date: Mapped[dt.date]
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    staff: Mapped[list] = mapped_column(default=list)
    reception_venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"))
    reception_start: Mapped[str | None] = mapped_column(String(5))
    reception_end: Mapped[str | None] = mapped_column(String(5))
    meeting_date: Mapped[dt.date | None]
    meeting_start: Mapped[str | None] = mapped_column(String(5))
    meeting_end: Mapped[str | None] = mapped_column(String(5))
    meeting_venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id"))
    meeting_staff: Mapped[list] = mapped_column(default=list)
    locked: Mapped[bool] = mapped_column(default=False)
    sequence: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime]

    series: Mapped[ExpeditionSeries] = relationship(back_populates="trip_rows")
    term: Mapped["Term"] = relationship()  # noqa: F821
    district: Mapped["District"] = relationship()  # noqa: F821
    reception_venue: Mapped["Venue | None"] = relationship(  # noqa: F821
        foreign_keys=[reception_venue_id])
    meeting_venue: Mapped["Venue | None"] = relationship(  # noqa: F821
        foreign_keys=[meeting_venue_id])
    answers: Mapped[list[TripAnswer]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripAnswer.id")

    @property
    def key(self) -> str:
        """Stable id of the trip in calendar feeds."""
        return f"expedition-{self.id}"


class TripAnswer(CentreOwned, Base):
    """One addressee's answer to one proposed trip date.

    The addressee is a partner staff member on the trip (``staff``) or their
    agency's contact (``contact``); ``date`` is the date they were asked
    about, so moving the trip supersedes the row and asks again.
    """

    __tablename__ = "trip_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("expedition_trip.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("agency_contact.id"))
    email: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date]
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    expires_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    answered_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(String(400), default="")

    trip: Mapped[ExpeditionTrip] = relationship(back_populates="answers")
    staff: Mapped["Staff | None"] = relationship()  # noqa: F821
    contact: Mapped[AgencyContact | None] = relationship()

    @property
    def who(self) -> str:
        return self.staff.full_name if self.staff is not None else self.contact.name
