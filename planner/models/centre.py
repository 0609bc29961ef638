"""Centres as tenants of one installation: a region runs many centres on one database.

Every row that belongs to a centre carries ``centre_id`` (``CentreOwned``);
``planner.models.tenancy`` keeps a session that is scoped to a centre from
reading, changing or writing any other centre's rows. Codes (of districts,
staff, cases...) are unique within a centre only: two centres may both call
their first district ``north``.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base


class Centre(Base):
    """A family-support centre: its people, families, fleet, plans and feeds are its own."""

    __tablename__ = "centre"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")
    """Moves with every committed change of the centre's rows (``data_version``): what cached pages are keyed by."""

    def __repr__(self) -> str:
        return f"<Centre {self.code}>"


class CentreOwned:
    """Mixin of every model whose rows belong to one centre.

    New rows get the centre of the session they are added in (``tenancy``),
    so no service has to pass a centre around.
    """

    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
