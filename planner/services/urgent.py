"""Urgent visits (срочная социальная услуга): entered by hand, served in the running week.

An urgent visit is a hand-entered ``VisitRequest`` (origin ``urgent``, no
week): demand puts it into every week until it is served. It may be planned
from today (never on a day already gone) up to its deadline, and a deadline
inside the week makes it mandatory. The week it lands in is re-planned from
its published version with a change penalty, so the rest of the week stays
as families and staff were told.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.models import ROLES, Family, Plan, Route, Stop, VisitRequest
from planner.services.production_calendar import week_of, working_days

URGENT_PRIORITY = 95
"""Near the top of the priority scale: urgent help goes before routine contact."""


class UrgentVisitError(ValueError):
    """The urgent visit cannot be entered as asked; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def running_week(today: dt.date) -> str:
    """The week an urgent visit goes into: this week while working days remain, else the next."""
    week = week_of(today)
    if any(day >= today for day in working_days(week)):
        return week
    return week_of(today + dt.timedelta(days=7))


def add_urgent_visit(session: Session, family: Family, *, roles: list[str], deadline: dt.date,
                     duration: int, note: str, today: dt.date) -> VisitRequest:
    """Enter an urgent visit for ``family``: possible from ``today`` to ``deadline``; flushed, not committed."""
    if not family.is_active:
        raise UrgentVisitError("family", "the family's case is closed or its consent withdrawn")
    if not roles or any(role not in ROLES for role in roles):
        raise UrgentVisitError("roles", "choose who must come")
    if deadline < today:
        raise UrgentVisitError("deadline", "the deadline has passed")
    days = _working_days_between(today, deadline)
    if not days:
        raise UrgentVisitError("deadline", "no working day between today and the deadline")
    request = VisitRequest(family=family, origin="urgent", purpose="urgent", roles=list(roles),
                           duration=duration, dates=[day.isoformat() for day in days],
                           deadline=deadline, due=today, priority=URGENT_PRIORITY, mandatory=True, note=note.strip())
    session.add(request)
    session.flush()
    return request


def _working_days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Working days from ``first`` to ``last`` inclusive, across weeks."""
    weeks = sorted({week_of(first + dt.timedelta(days=n)) for n in range(0, (last - first).days + 1, 7)}
                   | {week_of(last)})
    return [day for week in weeks for day in working_days(week) if first <= day <= last]


def waiting(session: Session, week: str) -> list[VisitRequest]:
    """Open urgent visits the week's published plan does not serve yet (they wait for a re-plan)."""
    served = set(session.scalars(select(Stop.visit_request_id).join(Route).join(Plan)
                                 .where(Plan.week == week, Plan.status == "published")))
    rows = session.scalars(select(VisitRequest).where(VisitRequest.origin == "urgent",
                                                      VisitRequest.status == "open", VisitRequest.week.is_(None))
                           .options(selectinload(VisitRequest.family).selectinload(Family.settlement))
                           .order_by(VisitRequest.deadline))
    return [row for row in rows if row.id not in served]
