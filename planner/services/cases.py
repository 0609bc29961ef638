"""Closing a case, and the follow-ups after it.

A closed case stops getting visits (``Family.is_active``); the reason is
what the region asks for (how many closed because the situation improved,
seeds 000 and 003). Seed 001 looks again 1 and 3 years after closure, so
closing a case sets those follow-ups due.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner.models import CLOSURE_REASONS, FOLLOW_UP_RESULTS, FOLLOW_UP_YEARS, Family, FollowUp


def close_case(db: DbSession, family_id: int, date: dt.date, reason: str) -> Family:
    """Close a family's case on ``date`` for ``reason``; follow-ups fall due 1 and 3 years later.

    Closing again moves the date and reason and the follow-ups not yet made.
    LookupError/ValueError on bad input.
    """
    if reason not in CLOSURE_REASONS:
        raise ValueError(f"reason {reason!r} is not one of {', '.join(CLOSURE_REASONS)}")
    family = db.get(Family, family_id)
    if family is None:
        raise LookupError(f"no family with id {family_id}")
    if family.intake_date and date < family.intake_date:
        raise ValueError(f"closure {date} is before the intake {family.intake_date}")
    family.status, family.closed_date, family.closure_reason = "closed", date, reason
    schedule_follow_ups(family)
    db.flush()
    return family


def schedule_follow_ups(family: Family) -> None:
    """Follow-ups not yet made fall due 1 and 3 years after the closure; a reopened case has none."""
    pending = {follow_up.years: follow_up for follow_up in family.follow_ups if follow_up.date is None}
    made = {follow_up.years for follow_up in family.follow_ups if follow_up.date is not None}
    if family.status != "closed" or family.closed_date is None:
        for follow_up in pending.values():
            family.follow_ups.remove(follow_up)
        return
    for years in set(FOLLOW_UP_YEARS) - made:
        follow_up = pending.get(years)
        if follow_up is None:
            follow_up = FollowUp(years=years)
            family.follow_ups.append(follow_up)
        follow_up.due = years_after(family.closed_date, years)


def record_follow_up(db: DbSession, follow_up_id: int, date: dt.date, result: str,
                     note: str = "") -> FollowUp:
    """What a follow-up found on ``date``; LookupError/ValueError on bad input."""
    if result not in FOLLOW_UP_RESULTS:
        raise ValueError(f"result {result!r} is not one of {', '.join(FOLLOW_UP_RESULTS)}")
    follow_up = db.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise LookupError(f"no follow-up with id {follow_up_id}")
    closed = follow_up.family.closed_date
    if closed and date < closed:
        raise ValueError(f"follow-up {date} is before the closure {closed}")
    follow_up.date, follow_up.result, follow_up.note = date, result, note
    db.flush()
    return follow_up


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def follow_ups_due(db: DbSession, until: dt.date) -> list[FollowUp]:
    """Follow-ups not yet made that fall due by ``until``, the most overdue first."""
    return list(db.scalars(select(FollowUp).where(FollowUp.date.is_(None), FollowUp.due <= until)
                           .order_by(FollowUp.due, FollowUp.id)))
