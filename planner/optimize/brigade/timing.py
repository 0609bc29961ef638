"""The timetable of one route as plain data, and the two steps every timing shares."""

from __future__ import annotations

from dataclasses import dataclass

from planner.optimize.brigade.domain import Lunch, Visit, Window


@dataclass(frozen=True)
class StopTime:
    """When the crew arrives at, starts and ends one visit (minutes of the day).

    In a route of calls (spec 1.1) ``call`` is its call's index and ``staff``
    the people the call's schedule sent; otherwise the answer picks the staff.
    """

    visit: str
    arrive: int
    start: int
    end: int
    call: int | None = None
    staff: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallTime:
    """When the vehicle reaches a place and when it drives on (minutes of the day)."""

    place: str
    arrive: int
    depart: int


@dataclass(frozen=True)
class Timing:
    """A feasible timetable of one route."""

    depart: int
    back: int
    stops: tuple[StopTime, ...]
    lunch: Window | None
    drive: int
    meters: int
    calls: tuple[CallTime, ...] = ()


@dataclass
class Steps:
    """Visits a route of calls sent out over all its timing passes (``calls``).

    The repeatable mode counts its work with it: one such step costs about
    what a whole sequential timetable does, and a call's timetable takes a
    step per visit for each lunch position it tries, so counting evaluations
    alone let a week with a reception point's call run for minutes.
    """

    count: int = 0


def drive_leg(leave: int, leg: int, rule: Lunch | None):
    """(ready, arrive, lunch) after driving ``leg`` minutes, with lunch if ``rule``."""
    if rule is None:
        return leave + leg, leave + leg, None
    start = max(rule.earliest, min(leave + leg, rule.latest))
    if start < leave or start > rule.latest:
        return None, None, None
    ready = max(leave + leg, start) + rule.minutes
    arrive = leave + leg if start >= leave + leg else ready
    return ready, arrive, (start, start + rule.minutes)


def first_start(visit: Visit, ready: int) -> int | None:
    """The earliest start at or after ``ready`` that fits one of the visit's windows."""
    for a, b in visit.time_windows:
        start = max(a, ready)
        if start + visit.duration <= b:
            return start
    return None
