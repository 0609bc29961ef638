"""The product's one clock.

Every "now" and "today" of the product comes from here, so a test, the demo
and a rolling simulation can run the whole product at any date: they install a
:class:`FixedClock` (``use(FixedClock(...))``) or start the process with
``PLANNER_NOW`` (an ISO date or date-time; the clock then ticks from there).
No other module asks the operating system for the time.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Moscow"


class Clock(Protocol):
    """Anything that tells the current instant as an aware UTC datetime."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The machine's clock: the one place in the product that asks the operating system."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class OffsetClock:
    """Another clock (the machine's by default) moved to start at ``start``: time still passes."""

    def __init__(self, start: dt.datetime, source: Clock | None = None) -> None:
        self._source = source or SystemClock()
        self._offset = _aware(start) - self._source.now()

    def now(self) -> dt.datetime:
        return self._source.now() + self._offset


class FixedClock:
    """A clock that stands still until it is set or advanced (tests, simulation)."""

    def __init__(self, at: dt.datetime | dt.date) -> None:
        self.set(at)

    def set(self, at: dt.datetime | dt.date) -> None:
        self._now = _aware(at)

    def advance(self, **delta: float) -> None:
        """Move on by a ``timedelta(**delta)``, e.g. ``advance(days=7)``."""
        self._now += dt.timedelta(**delta)

    def now(self) -> dt.datetime:
        return self._now


def _aware(at: dt.datetime | dt.date) -> dt.datetime:
    """A date means its local noon in the centre (a safe middle of the day)."""
    if not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(12), ZoneInfo(_timezone()))
    elif at.tzinfo is None:
        at = at.replace(tzinfo=ZoneInfo(_timezone()))
    return at.astimezone(dt.UTC)


def _timezone() -> str:
    return os.environ.get("PLANNER_TIMEZONE", DEFAULT_TIMEZONE)


def from_environment() -> Clock:
    """``PLANNER_NOW`` set: the clock starts there and ticks; unset: the system clock."""
    start = os.environ.get("PLANNER_NOW", "").strip()
    if not start:
        return SystemClock()
    try:
        return OffsetClock(dt.datetime.fromisoformat(start))
    except ValueError as err:
        raise ValueError(f"PLANNER_NOW: {start!r} is not an ISO date or date-time") from err


_current: Clock = from_environment()


def current() -> Clock:
    return _current


def install(clock: Clock) -> Clock:
    """Make ``clock`` the product's clock; returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    """Run a block on ``clock``, then put the previous clock back."""
    previous = install(clock)
    try:
        yield clock
    finally:
        install(previous)


def now() -> dt.datetime:
    """The current instant, aware, in UTC."""
    return _current.now()


def utcnow() -> dt.datetime:
    """Naive UTC to the second: what the models store."""
    return now().replace(tzinfo=None, microsecond=0)


def today(timezone: str | None = None) -> dt.date:
    """Today's date where the centre is (a server in UTC may be a day behind)."""
    return now().astimezone(ZoneInfo(timezone or _timezone())).date()
