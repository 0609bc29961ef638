"""The service catalogue: the kinds of help a centre gives, kept by the admin.

A visit record lists the codes of the services given there; reports count
them (about 11 services per interagency trip, seed 002). A service is never
deleted once used, only made inactive, so old records keep their meaning.
"""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.models.base import Base
from planner.models.centre import CentreOwned


class Service(CentreOwned, Base):
    """One kind of service (a consultation of a lawyer, a home visit of a nurse...).

    ``role`` names the role that usually gives it (empty: anyone).
    """

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Service {self.code}>"
