"""Working days of the Russian production calendar (производственный календарь).

The ``holidays`` package keeps the public holidays, the days off moved by the
yearly government decree and the weekend days those moves turn into working
days (``weekend_workdays``), so the planner keeps no list of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import holidays

from planner.models import WEEKDAYS

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(week: str) -> dt.date:
    """The Monday of an ISO week written ``2026-W50``; ValueError names the problem."""
    match = WEEK.match(week or "")
    if not match:
        raise ValueError(f"week {week!r} is not an ISO week like 2026-W50")
    year, number = int(match[1]), int(match[2])
    try:
        return dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        raise ValueError(f"week {week!r}: {year} has no week {number}") from None


def week_of(day: dt.date) -> str:
    """The ISO week ``day`` lies in, written like ``2026-W50``."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def week_days(week: str) -> list[dt.date]:
    """All seven dates of an ISO week, Monday first."""
    monday = parse_week(week)
    return [monday + dt.timedelta(days=i) for i in range(7)]


@lru_cache(maxsize=16)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


def is_working_day(day: dt.date) -> bool:
    """A weekday that is no holiday or moved day off, or a weekend day made working."""
    return _calendar(day.year).is_working_day(day)


def day_off_reason(day: dt.date) -> str | None:
    """The holiday's name (in Russian) when ``day`` is a public holiday or moved day off."""
    return _calendar(day.year).get(day)


def working_days(week: str) -> list[dt.date]:
    """The working days of an ISO week by the production calendar."""
    return [day for day in week_days(week) if is_working_day(day)]


def schedule_weekday(day: dt.date) -> str:
    """Whose weekly hours apply on ``day``: its own weekday's.

    A weekend day the calendar makes working (e.g. Saturday 2027-02-20) is
    worked as a full weekday: Saturday on Friday's hours, Sunday on Monday's.
    """
    code = WEEKDAYS[day.weekday()]
    if code in ("sat", "sun") and is_working_day(day):
        return "fri" if code == "sat" else "mon"
    return code
