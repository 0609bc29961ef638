"""Families under support (cases) and the visits they are due.

A family's data are personal data (152-FZ): ``display_name`` and contacts
stay inside the centre; everything that leaves it (feeds, maps, notices)
uses ``case_code``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner import clock
from planner.models.base import Base
from planner.models.centre import CentreOwned

CATEGORIES = ("sop", "tzhs", "risk", "foster", "other")
"""СОП, ТЖС, risk of removal, foster family, other."""

CASE_STATUSES = ("open", "closed")
CLOSURE_REASONS = (
    "improved", "goals_met", "moved_away", "refused", "child_removed", "child_adult",
    "transferred", "other",
)
"""Why a case was closed: the situation improved (seeds 000, 003), the plan's goals were
met, the family moved away, refused or withdrew consent, a child was placed outside the
family, the child came of age, the case went to another service, other."""
FOLLOW_UP_YEARS = (1, 3)
"""Follow-ups after closure (seed 001: indicators updated 1 and 3 years after closing)."""
FOLLOW_UP_RESULTS = ("child_in_family", "child_removed", "not_reached")
"""What a follow-up found: the child lives safely in the family, was removed, no news."""
NOTICE_CHANNELS = ("email", "sms", "print", "none")


class Family(CentreOwned, Base):
    """A family case, managed by its curator.

    ``curator`` is the curator set by hand; without one the family's curator
    is the one whose territory its settlement is (``case_curator``).
    """

    __tablename__ = "family"
    __table_args__ = (UniqueConstraint("case_code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_code: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id"))
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float]
    lon: Mapped[float]
    category: Mapped[str] = mapped_column(String(20), default="other")
    curator_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[str] = mapped_column(String(20), default="open")
    intake_date: Mapped[dt.date | None]
    agreement_date: Mapped[dt.date | None]
    consent_date: Mapped[dt.date | None]
    consent_withdrawn: Mapped[bool] = mapped_column(default=False)
    closed_date: Mapped[dt.date | None]
    closure_reason: Mapped[str] = mapped_column(String(20), default="")
    dependence: Mapped[bool] = mapped_column(default=False)
    legal_question: Mapped[bool] = mapped_column(default=False)
    people: Mapped[int] = mapped_column(default=3)
    availability: Mapped[dict] = mapped_column(default=dict)
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    notice_channel: Mapped[str] = mapped_column(String(10), default="none")

    settlement: Mapped["Settlement"] = relationship()  # noqa: F821
    curator: Mapped["Staff | None"] = relationship()  # noqa: F821
    visit_requests: Mapped[list[VisitRequest]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FollowUp.years"
    )

    @property
    def case_curator(self):
        """The family's curator: set by hand, else from its settlement's territory."""
        return self.curator or (self.settlement.curator if self.settlement else None)

    @property
    def is_active(self) -> bool:
        """Open with consent in force: only such families get visits."""
        return self.status == "open" and not self.consent_withdrawn

    def __repr__(self) -> str:
        return f"<Family {self.case_code}>"


class VisitRequest(CentreOwned, Base):
    """A visit a family is due: who must come, when it may happen, how urgent.

    ``origin`` says where it came from (cadence, milestone, urgent, manual);
    ``dates`` and ``time_windows`` follow the plan-request spec. ``week``
    (ISO, ``2026-W50``) is set on requests generated for one week, so
    regenerating that week updates them and their ids stay stable; urgent and
    manual requests have none and stay open until served.
    """

    __tablename__ = "visit_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    roles: Mapped[list] = mapped_column(default=list)
    duration: Mapped[int] = mapped_column(default=60)
    dates: Mapped[list] = mapped_column(default=list)
    time_windows: Mapped[list] = mapped_column(default=list)
    priority: Mapped[int] = mapped_column(default=50)
    mandatory: Mapped[bool] = mapped_column(default=False)
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    purpose: Mapped[str] = mapped_column(String(60), default="")
    deadline: Mapped[dt.date | None]
    due: Mapped[dt.date | None]
    """When the visit fell due (the cadence's date, or the day an urgent visit was entered):
    the left-out list counts a visit overdue from it, ``deadline`` being the last day allowed."""
    week: Mapped[str | None] = mapped_column(String(8), index=True)
    amount: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="open")
    note: Mapped[str] = mapped_column(String(400), default="")
    """What the brigade must know (an urgent visit's reason, a door code)."""
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)

    family: Mapped[Family] = relationship(back_populates="visit_requests")

    @property
    def key(self) -> str:
        """Stable id of the visit across plan versions (used in feeds and UIDs)."""
        return f"vr-{self.id}"


class FollowUp(CentreOwned, Base):
    """A check on a closed case ``years`` after closure: is the child still safely at home?

    ``due`` is set when the case is closed; ``date`` and ``result`` when the
    follow-up was made.
    """

    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("family_id", "years"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"))
    years: Mapped[int]
    due: Mapped[dt.date]
    date: Mapped[dt.date | None]
    result: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(String(400), default="")

    family: Mapped[Family] = relationship(back_populates="follow_ups")
