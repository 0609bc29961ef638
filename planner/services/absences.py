"""Absences and breakdowns entered during the week, and what they break in a plan.

A person ill or on leave (``Absence``) or a vehicle in repair
(``VehicleUnavailability``) changes the week's availability; the next plan
request already leaves them out. A plan made before does not know: ``broken``
lists its brigade-days whose crew member or vehicle is now away, so the head
sees what to re-plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import Absence, Plan, Staff, Vehicle, VehicleUnavailability
from planner.services import plans


class SpanError(ValueError):
    """The days asked for do not make a span (the end before the start)."""


def _check(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise SpanError("the last day is before the first")


def mark_absent(session: Session, staff: Staff, start: dt.date, end: dt.date, reason: str) -> Absence:
    """Record that ``staff`` is away from ``start`` to ``end`` inclusive; flushed, not committed."""
    _check(start, end)
    return _added(session, Absence(staff=staff, start=start, end=end, reason=reason))


def mark_repair(session: Session, vehicle: Vehicle, start: dt.date, end: dt.date, reason: str) -> VehicleUnavailability:
    """Record that ``vehicle`` cannot go out from ``start`` to ``end`` inclusive; flushed, not committed."""
    _check(start, end)
    return _added(session, VehicleUnavailability(vehicle=vehicle, start=start, end=end, reason=reason))


def _added(session: Session, span):
    session.add(span)
    session.flush()
    return span


@dataclass
class Break:
    """One brigade-day of a plan that can no longer go out as planned."""

    route_id: int
    date: dt.date
    vehicle: str
    visits: int
    away: list[str] = field(default_factory=list)
    """Names of the crew members now away (and the vehicle's name when it is in repair)."""


def broken(session: Session, plan: Plan, routes: list | None = None) -> list[Break]:
    """The plan's brigade-days hit by an absence or a repair entered for their date
    (``routes``: the plan's routes when the caller has loaded them already)."""
    routes = plans.plan_routes(session, plan) if routes is None else routes
    if not routes:
        return []
    first, last = min(r.date for r in routes), max(r.date for r in routes)
    absences = session.scalars(select(Absence).where(Absence.start <= last, Absence.end >= first)).all()
    repairs = session.scalars(select(VehicleUnavailability).where(
        VehicleUnavailability.start <= last, VehicleUnavailability.end >= first)).all()
    names = dict(session.execute(select(Staff.code, Staff.full_name)).all())
    result = []
    for route in routes:
        away = [names.get(a.staff.code, a.staff.code) for a in absences
                if a.covers(route.date) and a.staff.code in route.crew]
        away += [route.vehicle.name for r in repairs if r.covers(route.date) and r.vehicle_id == route.vehicle_id]
        if away:
            result.append(Break(route.id, route.date, route.vehicle.name, len(route.stops), sorted(set(away))))
    return result


def upcoming(session: Session, today: dt.date) -> tuple[list[Absence], list[VehicleUnavailability]]:
    """Absences and repairs that have not ended before ``today``, soonest first."""
    return (session.scalars(select(Absence).where(Absence.end >= today).order_by(Absence.start)).all(),
            session.scalars(select(VehicleUnavailability).where(VehicleUnavailability.end >= today)
                            .order_by(VehicleUnavailability.start)).all())
