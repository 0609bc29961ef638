"""Who and what can work on which dates of a week, as spec availability maps.

Staff: their (or their agency's) weekly hours on working days, minus
absences, minus the group sessions the term timetable already gives them,
minus protected time (team meeting). Vehicles: their daily hours minus
maintenance. The result is ``{"YYYY-MM-DD": [["HH:MM", "HH:MM"], ...]}``
with unavailable dates left out, exactly as the plan request wants it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner.models import WEEKDAYS, ProtectedTime, Session, Staff, Vehicle
from planner.services.production_calendar import schedule_weekday

Interval = tuple[int, int]


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def subtract(free: list[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """``free`` with every ``busy`` interval cut out (all in minutes of the day)."""
    for b_start, b_end in busy:
        cut: list[Interval] = []
        for start, end in free:
            if b_end <= start or b_start >= end:
                cut.append((start, end))
                continue
            if start < b_start:
                cut.append((start, b_start))
            if b_end < end:
                cut.append((b_end, end))
        free = cut
    return free


def weekly_intervals(weekly: dict, day: dt.date) -> list[Interval]:
    """The intervals a weekly-hours map gives on ``day`` (a working day)."""
    spans = weekly.get(WEEKDAYS[day.weekday()]) or weekly.get(schedule_weekday(day)) or []
    return [(minutes(start), minutes(end)) for start, end in spans]


def as_spec(by_date: dict[dt.date, list[Interval]]) -> dict[str, list[list[str]]]:
    """Spec availability: dates with some time left, intervals as clock strings."""
    return {
        day.isoformat(): [[clock(s), clock(e)] for s, e in sorted(spans)]
        for day, spans in sorted(by_date.items())
        if spans
    }


def _session_busy(db: DbSession, dates: list[dt.date]) -> dict[tuple[str, dt.date], list[Interval]]:
    """Time the term timetable gives each staff code on each date.

    A multi-day session (a camp, ``end_date``) takes its staff whole days.
    """
    first, last = min(dates), max(dates)
    rows = db.scalars(select(Session).where(Session.date <= last)).all()
    busy: dict[tuple[str, dt.date], list[Interval]] = defaultdict(list)
    for row in rows:
        end_date = row.end_date or row.date
        if end_date < first:
            continue
        for day in dates:
            if not row.date <= day <= end_date:
                continue
            span = (minutes(row.start), minutes(row.end)) if row.end_date is None else (0, 24 * 60)
            for code in row.staff:
                busy[(code, day)].append(span)
    return busy


def staff_availability(db: DbSession, dates: list[dt.date]) -> dict[str, dict]:
    """Spec availability of every active staff member on the given working dates."""
    sessions = _session_busy(db, dates) if dates else {}
    blocks = db.scalars(select(ProtectedTime).where(ProtectedTime.active)).all()
    result = {}
    for member in db.scalars(select(Staff).where(Staff.active).order_by(Staff.code)):
        weekly = member.working_hours()
        own_blocks = [b for b in blocks if b.applies_to(member)]
        by_date = {}
        for day in dates:
            if any(absence.covers(day) for absence in member.absences):
                continue
            busy = [*sessions.get((member.code, day), []),
                    *((minutes(b.start), minutes(b.end))
                      for b in own_blocks if b.weekday == schedule_weekday(day))]
            by_date[day] = subtract(weekly_intervals(weekly, day), busy)
        result[member.code] = as_spec(by_date)
    return result


def vehicle_availability(db: DbSession, dates: list[dt.date]) -> dict[str, dict]:
    """Spec availability of every active vehicle: its daily hours off maintenance days."""
    result = {}
    for vehicle in db.scalars(select(Vehicle).where(Vehicle.active).order_by(Vehicle.code)):
        hours = [(minutes(vehicle.start_time), minutes(vehicle.end_time))]
        result[vehicle.code] = as_spec({
            day: hours for day in dates
            if not any(off.covers(day) for off in vehicle.unavailability)
        })
    return result
