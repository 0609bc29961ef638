"""A specialist's own schedule: published brigade days and group sessions.

Only published plans count (a draft may still change); a stop carries what
the specialist needs on the road and nothing more: case code, settlement,
address and time. On each trip the specialist sees their own visits, by
call (settlement, arrival, departure), at their own times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.models import Plan, Route, Staff, Stop
from planner.models import Session as GroupSession
from planner.services.plans import Call, route_calls


@dataclass
class Day:
    """A day of a specialist: their routes, their own visits on each (by call), their sessions."""

    date: dt.date
    routes: list[Route] = field(default_factory=list)
    sessions: list[GroupSession] = field(default_factory=list)
    calls: dict[int, list[Call]] = field(default_factory=dict)


def staff_schedule(session: Session, staff: Staff, start: dt.date, days: int = 14) -> list[Day]:
    """Days from ``start`` on which ``staff`` rides a published route or leads a session."""
    end = start + dt.timedelta(days=days - 1)
    routes = session.scalars(
        select(Route).join(Plan).where(Plan.status == "published", Route.date.between(start, end))
        .options(selectinload(Route.stops).selectinload(Stop.visit_request), selectinload(Route.vehicle))
        .order_by(Route.date, Route.depart)
    ).all()
    groups = session.scalars(
        select(GroupSession).where(GroupSession.date.between(start, end))
        .order_by(GroupSession.date, GroupSession.start)
    ).all()
    by_date: dict[dt.date, Day] = {}
    for route in routes:
        if staff.code in route.crew:
            day = by_date.setdefault(route.date, Day(route.date))
            day.routes.append(route)
            day.calls[route.id] = route_calls(route, staff.code)
    for group in groups:
        if staff.code in group.staff:
            by_date.setdefault(group.date, Day(group.date)).sessions.append(group)
    return [by_date[date] for date in sorted(by_date)]


def recent_stops(session: Session, staff: Staff, today: dt.date, days: int = 7) -> list[Stop]:
    """The specialist's published stops of the last ``days`` days up to today, newest first:
    the visits whose outcome they record from the road."""
    start = today - dt.timedelta(days=days - 1)
    stops = session.scalars(
        select(Stop).join(Route).join(Plan)
        .where(Plan.status == "published", Route.date.between(start, today))
        .options(selectinload(Stop.route).selectinload(Route.vehicle), selectinload(Stop.visit_request))
    ).all()
    mine = [stop for stop in stops if staff.code in stop.route.crew]
    return sorted(mine, key=lambda stop: (stop.route.date, stop.start), reverse=True)


def own_stop(session: Session, staff: Staff, stop_id: int, today: dt.date) -> Stop | None:
    """The stop if it is on a published route ``staff`` rides, on or before ``today``."""
    stop = session.get(Stop, stop_id)
    if stop is None or stop.route.plan.status != "published" or staff.code not in stop.route.crew \
            or stop.route.date > today:
        return None
    return stop
