"""The precinct principle: settlements assigned to curators by order (seed 003).

A family's curator comes from its settlement's territory unless the family
has one set by hand (``Family.curator``); a curator carries at most
``Staff.caseload_limit`` open families (seed 001: 15).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base
from planner.models.centre import CentreOwned


class Territory(CentreOwned, Base):
    """One settlement of a curator's precinct."""

    __tablename__ = "territory"

    id: Mapped[int] = mapped_column(primary_key=True)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id"), unique=True)
    curator_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    settlement: Mapped["Settlement"] = relationship(back_populates="territory")  # noqa: F821
    curator: Mapped["Staff"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<Territory {self.settlement_id} -> {self.curator_id}>"
