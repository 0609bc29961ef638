"""Where the work happens: districts, settlements and the centre's depots."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base
from planner.models.centre import CentreOwned


class District(CentreOwned, Base):
    """A municipal district served by the centre; carries its own road speed."""

    __tablename__ = "district"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    lat: Mapped[float]
    lon: Mapped[float]
    speed_kmh: Mapped[float] = mapped_column(default=45.0)
    detour: Mapped[float] = mapped_column(default=1.35)

    settlements: Mapped[list[Settlement]] = relationship(back_populates="district")

    def __repr__(self) -> str:
        return f"<District {self.code}>"


class Settlement(CentreOwned, Base):
    """A village or town; ``demo`` marks invented places of the demo region."""

    __tablename__ = "settlement"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    lat: Mapped[float]
    lon: Mapped[float]
    road_note: Mapped[str] = mapped_column(String(400), default="")
    needs_4x4_in_thaw: Mapped[bool] = mapped_column(default=False)
    demo: Mapped[bool] = mapped_column(default=False)

    district: Mapped[District] = relationship(back_populates="settlements")
    territory: Mapped["Territory | None"] = relationship(  # noqa: F821
        back_populates="settlement", cascade="all, delete-orphan")

    @property
    def curator(self):
        """The curator whose precinct this settlement is (None: unassigned)."""
        return self.territory.curator if self.territory else None

    def __repr__(self) -> str:
        return f"<Settlement {self.code}>"


class Depot(CentreOwned, Base):
    """A base the brigades leave from and return to (the centre, a branch)."""

    __tablename__ = "depot"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float]
    lon: Mapped[float]
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"))

    district: Mapped[District | None] = relationship()

    def __repr__(self) -> str:
        return f"<Depot {self.code}>"
