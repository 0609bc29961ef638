"""People who serve families: agencies, staff members and their absences."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, DaySpan
from planner.models.centre import CentreOwned

ROLES = (
    "social_worker",
    "psychologist",
    "social_pedagogue",
    "pedagogue",
    "lawyer",
    "nurse",
    "narcologist",
    "police_inspector",
    "guardianship_officer",
    "employment_specialist",
    "culture_worker",
    "department_head",
    "coordinator",
    "volunteer",
)
"""Skill codes a visit or a session can ask for (DOMAIN.md, "Roles")."""

CASELOAD_LIMIT = 15
"""Open families one case manager carries at most (seed 001)."""

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Agency(CentreOwned, Base):
    """The centre itself or a partner agency (district hospital, police, ...).

    ``weekly`` holds the agency's default working hours, e.g.
    ``{"mon": [["09:00", "18:00"]], ...}``; people of other agencies come on
    their own days, and the plan must fit them.
    """

    __tablename__ = "agency"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    weekly: Mapped[dict] = mapped_column(default=dict)

    staff: Mapped[list[Staff]] = relationship(back_populates="agency")


class Staff(CentreOwned, Base):
    """A specialist who may ride a brigade or lead a group session.

    ``weekly`` overrides the agency's hours for this person (part-time
    interagency people); ``weekly_hours`` is the contract load;
    ``caseload_limit`` is how many open families the person may curate.
    """

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    full_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list] = mapped_column(default=list)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    depot_id: Mapped[int] = mapped_column(ForeignKey("depot.id"))
    weekly_hours: Mapped[float] = mapped_column(default=40.0)
    caseload_limit: Mapped[int] = mapped_column(default=CASELOAD_LIMIT)
    weekly: Mapped[dict] = mapped_column(default=dict)
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency] = relationship(back_populates="staff")
    depot: Mapped["Depot"] = relationship()  # noqa: F821
    absences: Mapped[list[Absence]] = relationship(
        back_populates="staff", cascade="all, delete-orphan"
    )

    def working_hours(self) -> dict:
        """The person's weekly hours, falling back to the agency's."""
        return self.weekly or (self.agency.weekly if self.agency else {})

    def __repr__(self) -> str:
        return f"<Staff {self.code}>"


class Absence(DaySpan, CentreOwned, Base):
    """Leave, sickness or training: whole days ``start``..``end`` inclusive."""

    __tablename__ = "absence"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    staff: Mapped[Staff] = relationship(back_populates="absences")
