"""The rules an expedition series adds to the term model (docs/timetable.md, "Expeditions").

A series arrives as two programmes (``spec``): its trips and its planning
meetings. On top of a programme's rules a trip

- goes to its district in turn and, where that district has a reception
  point, starts so that ``reception_minutes`` of the trip fall inside the
  venue's hours that day (a date whose hours leave no such start is closed);
- takes the series' vehicle, which is on one trip at a time and not on its
  ``absent`` dates;
- has its planning meeting ``days_before`` it, with the trip's own people of
  the meeting's roles (the meeting is placed exactly when its trip is).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ortools.sat.python import cp_model

from planner.optimize.timetable.domain import Expedition, Programme, TermRequest, Weekly


def reception_window(weekly: Weekly, day: dt.date, start: int, end: int,
                     minutes: int) -> tuple[int, int] | None:
    """The first stretch of the venue's hours on ``day`` inside ``start..end``, if long enough."""
    if weekly is None:
        return (start, end) if end - start >= minutes else None
    for a, b in sorted(weekly.get(day.weekday(), ())):
        lo, hi = max(a, start), min(b, end)
        if hi - lo >= minutes:
            return lo, hi
    return None


def reception_of(req: TermRequest, exp: Expedition, n: int, day: dt.date, start: int,
                 end: int) -> dict | None:
    """Trip ``n``'s reception point and hours that day, or None (no point, or no time)."""
    venue = exp.reception.get(exp.district(n))
    if venue is None:
        return None
    window = reception_window(req.venues[venue].weekly, day, start, end, exp.reception_minutes)
    return None if window is None else {"venue": venue, "window": window}


def candidates(tm, prog: Programme, n: int, dates: list[dt.date],
               grid: list[int]) -> list[dt.date]:
    """The dates session ``n`` may take, less those an expedition's rules close.

    A trip loses the dates its vehicle is off the road and those on which no
    start leaves its reception point its minutes; a planning meeting keeps only
    the dates ``days_before`` one of its trip's dates. Pruning here keeps those
    dates out of the model instead of forbidding them in it.
    """
    for exp in tm.req.expeditions:
        if prog.id == exp.id:
            absent = tm.req.vehicles[exp.vehicle].absent
            return [d for d in dates if d not in absent and (
                exp.district(n) not in exp.reception
                or any(reception_of(tm.req, exp, n, d, t, t + prog.minutes) for t in grid))]
        if prog.id == exp.meeting_id:
            low, high = exp.meeting.days_before
            trip = next((s for s in tm.sessions if s.prog.id == exp.id and s.n == n), None)
            trip_dates = set(trip.dates) if trip is not None else set()
            return [d for d in dates if any(d + dt.timedelta(days=k) in trip_dates
                                            for k in range(low, high + 1))]
    return dates


def constrain(tm) -> None:
    """Add every expedition's rules to ``tm`` (a ``TermModel`` whose sessions exist)."""
    by_prog = defaultdict(list)
    for s in tm.sessions:
        by_prog[s.prog.id].append(s)
    by_vehicle = defaultdict(list)
    for exp in tm.req.expeditions:
        trips = by_prog[exp.id]
        by_vehicle[exp.vehicle].extend(trips)
        for trip in trips:
            _reception(tm, exp, trip)
        if exp.meeting is not None:
            for trip, meeting in zip(trips, by_prog[exp.meeting_id]):
                _meeting(tm, exp, trip, meeting)
    for trips in by_vehicle.values():
        if len(trips) > 1:
            tm.m.add_no_overlap([tm.m.new_optional_fixed_size_interval_var(
                t.start, t.length, t.placed, "") for t in trips])


def _reception(tm, exp: Expedition, trip) -> None:
    """Per date, the starts that leave the reception its minutes inside the venue's hours
    (a hand-placed trip whose start leaves none cannot be kept)."""
    if exp.district(trip.n) not in exp.reception:
        return
    for day, y in trip.dates.items():
        allowed = [t for t in trip.starts
                   if reception_of(tm.req, exp, trip.n, day, t, t + trip.prog.minutes)]
        if not allowed:
            tm.m.add(y == 0)
        else:
            tm.m.add_linear_expression_in_domain(
                trip.tod, cp_model.Domain.from_values(allowed)).only_enforce_if(y)


def _meeting(tm, exp: Expedition, trip, meeting) -> None:
    """The meeting is placed with its trip, ``days_before`` it, with the trip's people."""
    m = tm.m
    low, high = exp.meeting.days_before
    m.add(meeting.placed == trip.placed)
    for day, y in meeting.dates.items():
        m.add_bool_or([y.Not(), *(yt for d, yt in trip.dates.items()
                                  if low <= (d - day).days <= high)])
    for key, b in trip.roles.items():
        if key[0] in exp.meeting.roles:
            m.add(b == meeting.roles.get(key, 0))
    for key, b in meeting.roles.items():
        if key not in trip.roles:
            m.add(b == 0)

