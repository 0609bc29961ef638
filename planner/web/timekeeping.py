"""The centre's calendar: today and ISO weeks in the centre's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_today(timezone: str) -> dt.date:
    """Today's date where the centre is (a server in UTC may be a day behind)."""
    return dt.datetime.now(ZoneInfo(timezone)).date()


def iso_week(day: dt.date) -> str:
    """``2026-W50`` for any date of that ISO week (the key of a weekly plan)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_dates(week: str) -> list[dt.date]:
    """Monday..Sunday of an ISO week ``YYYY-Www``; ValueError when malformed."""
    monday = dt.datetime.strptime(week + "-1", "%G-W%V-%u").date()
    return [monday + dt.timedelta(days=offset) for offset in range(7)]
