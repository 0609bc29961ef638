"""Vehicles the brigades drive and the days they are off the road."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.models.base import Base, DaySpan
from planner.models.centre import CentreOwned


class Vehicle(CentreOwned, Base):
    """A car or minibus based at a depot.

    ``capacity`` counts aid parcels and similar load; ``max_drive_minutes``
    is the daily driving limit of its driver.
    """

    __tablename__ = "vehicle"
    __table_args__ = (UniqueConstraint("code", "centre_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    depot_id: Mapped[int] = mapped_column(ForeignKey("depot.id"))
    seats: Mapped[int] = mapped_column(default=4)
    capacity: Mapped[int] = mapped_column(default=20)
    cost_per_km: Mapped[float] = mapped_column(default=1.0)
    fixed_cost: Mapped[float] = mapped_column(default=0.0)
    max_drive_minutes: Mapped[int] = mapped_column(default=300)
    four_wd: Mapped[bool] = mapped_column(default=False)
    start_time: Mapped[str] = mapped_column(String(5), default="08:30")
    end_time: Mapped[str] = mapped_column(String(5), default="18:00")
    active: Mapped[bool] = mapped_column(default=True)

    depot: Mapped["Depot"] = relationship()  # noqa: F821
    unavailability: Mapped[list[VehicleUnavailability]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Vehicle {self.code}>"


class VehicleUnavailability(DaySpan, CentreOwned, Base):
    """Maintenance or repair: whole days ``start``..``end`` inclusive."""

    __tablename__ = "vehicle_unavailability"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"))

    vehicle: Mapped[Vehicle] = relationship(back_populates="unavailability")
