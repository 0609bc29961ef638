"""What a week's demand and capacity are computed from.

Cadence rules say how often a family is due which visit; the visit history
says what really happened (so the next due date follows the facts, not the
plan); protected time is the recurring staff time (the weekly team meeting)
that no brigade may take.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner import clock
from planner.models.base import Base
from planner.models.centre import CentreOwned

PURPOSES = (
    "first_visit", "assessment", "monitoring", "diagnostics", "followup", "routine", "urgent",
    "consultation",
)
"""Why a visit is made: the case milestones (DOMAIN.md), routine contact, urgent help, a
consultation with an expedition's specialist at its reception point."""

ANCHORS = ("intake", "agreement")
CURATOR_RULES = ("required", "preferred", "none")
"""Whether the family's curator must make the visit (when working that week), should, or need not."""


class CadenceRule(CentreOwned, Base):
    """How often a visit of ``purpose`` is due, editable by a department head.

    A rule applies to one ``category`` (or every category when empty) and,
    when ``family_id`` is set, to one family only (a foster family's own
    plan). Days count from the last visit of the purpose actually made or,
    before the first one, from the case's ``anchor`` date: the visit is due at
    ``interval_days``, may happen from ``min_days`` and becomes mandatory at
    ``max_days`` (the hard deadline). A rule that does not ``repeat`` is a
    one-off milestone (first visit, assessment, follow-up). ``curator`` says
    whether the family's curator is required on the visit when the curator
    works that week, preferred, or neither; ``code`` is the rule's name in
    imports.
    """

    __tablename__ = "cadence_rule"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    purpose: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(20))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"))
    anchor: Mapped[str] = mapped_column(String(20), default="intake")
    repeat: Mapped[bool] = mapped_column(default=True)
    interval_days: Mapped[int]
    min_days: Mapped[int]
    max_days: Mapped[int]
    roles: Mapped[list] = mapped_column(default=list)
    duration: Mapped[int] = mapped_column(default=60)
    priority: Mapped[int] = mapped_column(default=50)
    add_narcologist: Mapped[bool] = mapped_column(default=False)
    add_lawyer: Mapped[bool] = mapped_column(default=False)
    curator: Mapped[str] = mapped_column(String(10), default="preferred")
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)

    family: Mapped["Family | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<CadenceRule {self.purpose} {self.category or '*'}>"


CONTACT_MODES = ("home", "reception", "online")
"""Where a contact took place: at the family's home, at a reception point, online."""


class VisitRecord(CentreOwned, Base):
    """A visit that was attempted, and what came of it.

    Written from a stop's recorded outcome (``stop_id``) or entered by hand
    or imported (the demo history); ``staff`` lists staff codes, ``services``
    the codes of the catalogue's services given, ``adults`` and ``children``
    the people met (counts only; reports never name anyone).
    """

    __tablename__ = "visit_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    date: Mapped[dt.date]
    purpose: Mapped[str] = mapped_column(String(20), default="routine")
    outcome: Mapped[str] = mapped_column(String(20), default="done")
    staff: Mapped[list] = mapped_column(default=list)
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("stop.id"), unique=True)
    visit_request_id: Mapped[int | None] = mapped_column(ForeignKey("visit_request.id"))
    note: Mapped[str] = mapped_column(String(400), default="")
    mode: Mapped[str] = mapped_column(String(20), default="home")
    services: Mapped[list] = mapped_column(default=list)
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)

    family: Mapped["Family"] = relationship()  # noqa: F821
    stop: Mapped["Stop | None"] = relationship()  # noqa: F821
    visit_request: Mapped["VisitRequest | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<VisitRecord {self.family_id} {self.date} {self.purpose} {self.outcome}>"


class ProtectedTime(CentreOwned, Base):
    """A weekly block staff keep free (team meeting, supervision hour).

    Applies to the listed ``staff`` codes, else to every member of
    ``agency``, else to everyone; ``code`` names the block in imports.
    """

    __tablename__ = "protected_time"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    weekday: Mapped[str] = mapped_column(String(3))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    staff: Mapped[list] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped["Agency | None"] = relationship()  # noqa: F821

    def applies_to(self, member) -> bool:
        """Whether this block takes time from ``member`` (a Staff)."""
        if self.staff:
            return member.code in self.staff
        return self.agency_id is None or member.agency_id == self.agency_id
