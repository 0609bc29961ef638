"""Where a programme's sessions may go: usable dates, cadence periods, start times.

A date is **usable** for a programme when it lies in the programme's
``earliest``..``latest``, is not closed, and the programme could meet that day
as far as the calendar goes: some start time at which one of its venues is open
(if it needs one) and, for every role, enough people of the pool with that role
are at work and not absent. For a camp, a start date is usable when all its
``days`` are in range, none is closed and enough people of each role are free of
absences the whole time. Busy blocks and other programmes do not make a date
unusable: they are the optimiser's business. Cadence counts usable periods
only, so a week (or month) with no usable date is skipped, never squeezed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from planner.optimize.timetable.domain import DAY, Programme, TermRequest, Venue, Weekly


def holds(weekly: Weekly, weekday: int, start: int, end: int) -> bool:
    """Whether weekly hours contain ``start..end`` on ``weekday`` (None: always)."""
    if weekly is None:
        return True
    return any(a <= start and end <= b for a, b in weekly.get(weekday, ()))


def pool(req: TermRequest, prog: Programme) -> list[str]:
    """The people who may serve the programme: its pool, or every staff member."""
    return list(prog.staff_pool) or list(req.staff)


def venues(req: TermRequest, prog: Programme) -> list[Venue]:
    """Venues large enough for the programme's participants (online: any size).

    A programme that names no venue may use any venue of the request, except a
    camp, which then needs none (a tent camp).
    """
    if prog.is_trip:
        return []
    names = prog.venues or (() if prog.is_camp else tuple(req.venues))
    people = req.people(prog)
    return [req.venues[v] for v in names
            if req.venues[v].online or req.venues[v].capacity >= people]


def needs_venue(req: TermRequest, prog: Programme) -> bool:
    """A trip is on the road and a tent camp outdoors; everything else meets in a venue."""
    if prog.is_trip:
        return False
    return bool(prog.venues) or (not prog.is_camp and bool(req.venues))


def staff_cover(req: TermRequest, prog: Programme, ok) -> bool:
    """Whether every role finds as many pool members with it as it needs, given ``ok(staff)``."""
    people = [req.staff[s] for s in pool(req, prog)]
    return all(sum(1 for p in people if role in p.roles and ok(p)) >= count
               for role, count in prog.role_counts().items())


def fits_at(req: TermRequest, prog: Programme, day: dt.date, start: int) -> bool:
    """Calendar-only check of a (non-camp) meeting at ``start`` on ``day``."""
    end, wd = start + prog.minutes, day.weekday()
    if end > DAY:
        return False
    if needs_venue(req, prog) and not any(holds(v.weekly, wd, start, end)
                                          for v in venues(req, prog)):
        return False
    return staff_cover(req, prog,
                       lambda p: day not in p.absent and holds(p.weekly, wd, start, end))


def window_starts(req: TermRequest, prog: Programme, weekday: int) -> set[int]:
    """Starts of every relevant window that day: enough to decide whether a start exists."""
    weeklies = [v.weekly for v in venues(req, prog)] + [req.staff[s].weekly for s in pool(req, prog)]
    starts = {0}
    for weekly in weeklies:
        if weekly is not None:
            starts.update(a for a, _ in weekly.get(weekday, ()))
    return starts


def usable(req: TermRequest, prog: Programme, day: dt.date) -> bool:
    """The usable-date rule of the module docstring."""
    if prog.is_camp:
        span = [day + dt.timedelta(days=i) for i in range(prog.days)]
        return (prog.earliest <= day and span[-1] <= prog.latest
                and not any(d in req.closed_dates for d in span)
                and staff_cover(req, prog, lambda p: not any(d in p.absent for d in span)))
    if not prog.earliest <= day <= prog.latest or day in req.closed_dates:
        return False
    return any(fits_at(req, prog, day, t) for t in window_starts(req, prog, day.weekday()))


def usable_dates(req: TermRequest, prog: Programme) -> list[dt.date]:
    return [d for d in req.days() if usable(req, prog, d)]


def period(req: TermRequest, prog: Programme, day: dt.date) -> int:
    """Week (Monday-based) or calendar month of ``day``, counted from the term's start."""
    if prog.cadence.kind == "monthly":
        return (day.year - req.start.year) * 12 + day.month - req.start.month
    monday = req.start - dt.timedelta(days=req.start.weekday())
    return (day - monday).days // 7


def ranks(req: TermRequest, prog: Programme, dates: Iterable[dt.date]) -> dict[dt.date, int]:
    """The cadence's clock: each date's period ranked among the periods holding one of ``dates``.

    For a ``same_slot`` programme only dates on the same weekday count, so a holiday
    on its weekday skips that week (or month) for it, as a centre would.
    """
    dates = list(dates)
    periods: dict[int | None, set[int]] = defaultdict(set)
    for d in dates:
        periods[_slot_key(prog, d)].add(period(req, prog, d))
    order = {k: {p: i for i, p in enumerate(sorted(ps))} for k, ps in periods.items()}
    return {d: order[_slot_key(prog, d)][period(req, prog, d)] for d in dates}


def _slot_key(prog: Programme, day: dt.date) -> int | None:
    return day.weekday() if prog.same_slot else None


def start_grid(req: TermRequest, prog: Programme, dates: Iterable[dt.date]) -> list[int]:
    """Grid start times (minutes) at which the programme fits on some usable weekday."""
    if prog.is_camp:
        return [0]
    step = req.options.grid_minutes
    by_weekday: dict[int, dt.date] = {}
    for d in dates:
        by_weekday.setdefault(d.weekday(), d)
    return [t for t in range(0, DAY - prog.minutes + 1, step)
            if any(_fits_weekday(req, prog, wd, t) for wd in by_weekday)]


def _fits_weekday(req: TermRequest, prog: Programme, weekday: int, start: int) -> bool:
    """``fits_at`` ignoring absences: whether the weekly hours allow ``start``."""
    end = start + prog.minutes
    if needs_venue(req, prog) and not any(holds(v.weekly, weekday, start, end)
                                          for v in venues(req, prog)):
        return False
    return staff_cover(req, prog, lambda p: holds(p.weekly, weekday, start, end))
