"""What has been published: one row per calendar event, kept across plan versions.

A week is re-planned many times, but a specialist's phone, a driver's
calendar and a family need one event per visit whose identity never changes.
``PublishedEvent`` is that identity: its ``uid`` comes from the visit key or
the vehicle and date of a trip, never from a plan version, and its
``sequence`` / ``last_modified`` rise only when what the event says changes.
Feeds read these rows; publishing is the only writer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base
from planner.models.centre import CentreOwned

EVENT_KINDS = ("visit", "trip")
EVENT_STATUSES = ("confirmed", "cancelled")


class PublishedEvent(CentreOwned, Base):
    """The last published state of a visit (``uid`` = visit key) or a brigade trip.

    ``staff`` and ``crew`` are staff codes now on it; ``audience`` keeps every
    staff code and ``vehicles`` every vehicle id that ever carried it, so a
    person taken off a visit still gets it as cancelled in their own feed
    instead of watching it vanish without a word.
    """

    __tablename__ = "published_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    week: Mapped[str] = mapped_column(String(8), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    status: Mapped[str] = mapped_column(String(12), default="confirmed")
    date: Mapped[dt.date]
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle.id"))
    visit_request_id: Mapped[int | None] = mapped_column(ForeignKey("visit_request.id"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    staff: Mapped[list] = mapped_column(default=list)
    crew: Mapped[list] = mapped_column(default=list)
    audience: Mapped[list] = mapped_column(default=list)
    vehicles: Mapped[list] = mapped_column(default=list)
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime]
    last_modified: Mapped[dt.datetime]

    plan: Mapped["Plan"] = relationship()  # noqa: F821
    vehicle: Mapped["Vehicle | None"] = relationship()  # noqa: F821
    visit_request: Mapped["VisitRequest | None"] = relationship()  # noqa: F821
    family: Mapped["Family | None"] = relationship()  # noqa: F821

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    def __repr__(self) -> str:
        return f"<PublishedEvent {self.uid} seq={self.sequence} {self.status}>"
