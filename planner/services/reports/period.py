"""The period a report covers: a month, a quarter, a year or any two dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Period:
    """Days ``start``..``end`` inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends {self.end} before it starts {self.start}")

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches, in order (the charts' x axis)."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = (first + dt.timedelta(days=32)).replace(day=1)
        return months


def month(year: int, number: int) -> Period:
    first = dt.date(year, number, 1)
    return Period(first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    return Period(month(year, 3 * number - 2).start, month(year, 3 * number).end)


def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31))


def parse_period(text: str) -> Period:
    """``2026`` (a year), ``2026-Q1`` (a quarter), ``2026-03`` (a month); ValueError otherwise."""
    text = text.strip()
    try:
        if match := _QUARTER.fullmatch(text):
            return quarter(int(match[1]), int(match[2]))
        if match := _MONTH.fullmatch(text):
            return month(int(match[1]), int(match[2]))
        if _YEAR.fullmatch(text):
            return year(int(text))
    except ValueError:
        pass
    raise ValueError(f"period {text!r} is not a year (2026), quarter (2026-Q1) or month (2026-03)")


def quarter_of(day: dt.date) -> Period:
    """The quarter ``day`` falls in (the report page opens on the current one)."""
    return quarter(day.year, (day.month - 1) // 3 + 1)
