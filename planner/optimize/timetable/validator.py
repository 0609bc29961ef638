"""An independent check of any timetable against its request.

It shares nothing with the solver but the parsed request and the calendar's
definition of a usable date (``slots``), which is what "a week with no usable
date is skipped" means; every rule is re-checked on the answer's own dates,
times, venues and people, so a modelling slip in ``model.py`` shows up here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import combinations

from planner.optimize.timetable import slots
from planner.optimize.timetable.domain import DAY, Expedition, Programme, TermRequest

Meeting = dict
"""A session of the answer with parsed fields added: ``_prog``, ``_from``, ``_to``, ``_days``."""


def validate(req: TermRequest, timetable: dict) -> list[str]:
    """Every broken rule, one sentence each; empty when the timetable keeps them all."""
    errors: list[str] = []
    meetings = _parse(req, timetable, errors)
    by_prog = defaultdict(list)
    for m in meetings:
        by_prog[m["programme"]].append(m)
    _coverage(req, timetable, by_prog, errors)
    for m in meetings:
        _session_rules(req, m, errors)
    for prog in req.programmes:
        group = sorted(by_prog[prog.id], key=lambda m: m["n"])
        _programme_rules(req, prog, group, errors)
    _double_booking(meetings, errors)
    for exp in req.expeditions:
        _expedition_rules(req, exp, by_prog, errors)
    return errors


# --- reading the answer ----------------------------------------------------------


def _parse(req: TermRequest, timetable: dict, errors: list[str]) -> list[Meeting]:
    progs = {p.id: p for p in req.programmes}
    out = []
    for i, raw in enumerate(timetable.get("sessions", [])):
        where = f"sessions[{i}]"
        prog = progs.get(raw.get("programme"))
        if prog is None:
            errors.append(f"{where}: unknown programme {raw.get('programme')!r}")
            continue
        try:
            day = dt.date.fromisoformat(raw["date"])
            start, end = _minutes(raw["start"]), _minutes(raw["end"])
            last = dt.date.fromisoformat(raw["end_date"]) if prog.is_camp else day
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(f"{where}: unreadable date or time ({exc})")
            continue
        m = dict(raw, _prog=prog, _where=f"{prog.id} #{raw.get('n')}", _day=day, _last=last,
                 _start=start, _end=end)
        base = (day - req.start).days * DAY
        m["_from"] = base + start
        m["_to"] = (last - req.start).days * DAY + end
        out.append(m)
    return out


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


# --- every programme accounted for ------------------------------------------------


def _coverage(req: TermRequest, timetable: dict, by_prog: dict, errors: list[str]) -> None:
    missing = {u.get("programme"): u.get("missing", 0) for u in timetable.get("unplaced", [])}
    for prog in req.programmes:
        ns = [m["n"] for m in by_prog[prog.id]]
        if len(set(ns)) != len(ns):
            errors.append(f"{prog.id}: a session number appears twice")
        if any(not isinstance(n, int) or not 1 <= n <= prog.sessions for n in ns):
            errors.append(f"{prog.id}: session numbers outside 1..{prog.sessions}")
        if len(ns) + missing.get(prog.id, 0) != prog.sessions:
            errors.append(f"{prog.id}: {len(ns)} placed + {missing.get(prog.id, 0)} "
                          f"unplaced != {prog.sessions} sessions")
    summary = timetable.get("summary", {})
    placed = sum(len(v) for v in by_prog.values())
    if summary.get("placed", placed) != placed:
        errors.append(f"summary: placed {summary.get('placed')} but {placed} sessions listed")


# --- one session ----------------------------------------------------------------------


def _session_rules(req: TermRequest, m: Meeting, errors: list[str]) -> None:
    prog: Programme = m["_prog"]
    where, day, last = m["_where"], m["_day"], m["_last"]
    if prog.is_camp:
        if (last - day).days + 1 != prog.days or m["_start"] != 0 or m["_end"] != DAY:
            errors.append(f"{where}: a camp takes {prog.days} whole days, 00:00 to 24:00")
    elif m["_end"] - m["_start"] != prog.minutes:
        errors.append(f"{where}: lasts {m['_end'] - m['_start']} minutes, not {prog.minutes}")
    days = [day + dt.timedelta(days=i) for i in range((last - day).days + 1)]
    if day < prog.earliest or last > prog.latest:
        errors.append(f"{where}: outside {prog.earliest}..{prog.latest}")
    for d in days:
        if d in req.closed_dates:
            errors.append(f"{where}: on closed date {d}")
    _venue_rules(req, m, errors)
    _staff_rules(req, m, days, errors)


def _venue_rules(req: TermRequest, m: Meeting, errors: list[str]) -> None:
    prog, where, venue_id = m["_prog"], m["_where"], m.get("venue")
    if not slots.needs_venue(req, prog):
        if venue_id is not None and venue_id not in req.venues:
            errors.append(f"{where}: unknown venue {venue_id!r}")
        return
    allowed = prog.venues or tuple(req.venues)
    if venue_id not in allowed:
        errors.append(f"{where}: venue {venue_id!r} is not one of the programme's")
        return
    venue = req.venues[venue_id]
    if not venue.online and req.people(prog) > venue.capacity:
        errors.append(f"{where}: {req.people(prog)} people in {venue_id} seating {venue.capacity}")
    if not prog.is_camp and not slots.holds(venue.weekly, m["_day"].weekday(),
                                             m["_start"], m["_end"]):
        errors.append(f"{where}: {venue_id} is closed at {m['start']}-{m['end']}")


def _staff_rules(req: TermRequest, m: Meeting, days: list[dt.date], errors: list[str]) -> None:
    prog, where = m["_prog"], m["_where"]
    people = list(m.get("staff", []))
    if len(set(people)) != len(people):
        errors.append(f"{where}: a person is listed twice")
    unknown = [p for p in people if p not in req.staff]
    if unknown:
        errors.append(f"{where}: unknown staff {unknown}")
        return
    outside = [p for p in people if prog.staff_pool and p not in prog.staff_pool]
    if outside:
        errors.append(f"{where}: {outside} not in the staff pool")
    if len(people) != len(prog.roles) or not _cover_roles(req, prog.roles, people):
        errors.append(f"{where}: {people} do not cover the roles {list(prog.roles)} one each")
    for p in people:
        person = req.staff[p]
        if any(d in person.absent for d in days):
            errors.append(f"{where}: {p} is absent")
        if not prog.is_camp and not slots.holds(person.weekly, m["_day"].weekday(),
                                                m["_start"], m["_end"]):
            errors.append(f"{where}: {p} does not work at {m['start']}-{m['end']}")
        for b in req.busy:
            if b.staff == p and b.date in days and _overlaps(
                    (b.start, b.end), (m["_start"], m["_end"]) if not prog.is_camp else (0, DAY)):
                errors.append(f"{where}: {p} is busy {b.date} {b.start // 60:02d}:{b.start % 60:02d}")


def _cover_roles(req: TermRequest, roles: tuple[str, ...], people: list[str]) -> bool:
    """A perfect matching of role entries to distinct people (augmenting paths)."""
    match: dict[str, int] = {}

    def assign(i: int, seen: set[str]) -> bool:
        for p in people:
            if roles[i] in req.staff[p].roles and p not in seen:
                seen.add(p)
                if p not in match or assign(match[p], seen):
                    match[p] = i
                    return True
        return False

    return all(assign(i, set()) for i in range(len(roles)))


# --- rules across a programme's sessions --------------------------------------------------


def _programme_rules(req: TermRequest, prog: Programme, group: list[Meeting],
                     errors: list[str]) -> None:
    pins = {p.n: p for p in req.pins if p.programme == prog.id}
    free = [m for m in group if m["n"] not in pins]  # pinned ones may leave slot and team
    if prog.same_staff and len({frozenset(m.get("staff", [])) for m in free}) > 1:
        errors.append(f"{prog.id}: same_staff, but the people change")
    if prog.same_slot and len({(m["_day"].weekday(), m["_start"]) for m in free}) > 1:
        errors.append(f"{prog.id}: same_slot, but the weekday or start changes")
    for m in group:
        pin = pins.get(m["n"])
        if pin and (m["_day"], m["_start"] if not prog.is_camp else 0, m.get("venue"),
                    sorted(m.get("staff", []))) != (pin.date, pin.start, pin.venue,
                                                    sorted(pin.staff)):
            errors.append(f"{m['_where']}: moved away from where it was pinned")
    usable = slots.usable_dates(req, prog)
    rank = slots.ranks(req, prog, usable + [p.date for p in pins.values()])
    for a, b in zip(group, group[1:]):
        problem = _cadence_problem(req, prog, a, b, rank, a["n"] in pins or b["n"] in pins)
        if problem:
            errors.append(f"{prog.id} #{a['n']}->#{b['n']}: {problem}")


def _cadence_problem(req: TermRequest, prog: Programme, a: Meeting, b: Meeting,
                     rank: dict[dt.date, int], pinned: bool) -> str | None:
    gap = (b["_day"] - a["_day"]).days
    if gap < max(prog.days, 1):
        return f"{gap} days apart: out of order or overlapping"
    kind, k = prog.cadence.kind, prog.cadence.k
    if kind in ("weekly", "monthly"):
        pa, pb = slots.period(req, prog, a["_day"]), slots.period(req, prog, b["_day"])
        if pinned and pb <= pa:
            return f"two sessions in one {kind[:-2]}"
        if pinned:
            return None
        if a["_day"] not in rank or b["_day"] not in rank:
            return f"a session falls on a date that is not usable for the {kind} cadence"
        step = rank[b["_day"]] - rank[a["_day"]]
        if step != k:
            return (f"{step} usable {kind[:-2]}s apart, the cadence wants {k} "
                    "(unusable ones skipped)")
    if kind == "gap" and not pinned and not prog.cadence.min_gap <= gap <= prog.cadence.max_gap:
        return f"{gap} days apart, outside {prog.cadence.min_gap}..{prog.cadence.max_gap}"
    return None


# --- expeditions ---------------------------------------------------------------------------


def _expedition_rules(req: TermRequest, exp: Expedition, by_prog: dict,
                      errors: list[str]) -> None:
    """District in turn, vehicle, reception hours, and the meeting before each trip."""
    meetings = {m["n"]: m for m in by_prog[exp.meeting_id]}
    for trip in by_prog[exp.id]:
        where, day = trip["_where"], trip["_day"]
        if trip.get("district") != exp.district(trip["n"]):
            errors.append(f"{where}: goes to {trip.get('district')!r}, "
                          f"the rotation says {exp.district(trip['n'])!r}")
        if trip.get("vehicle") != exp.vehicle:
            errors.append(f"{where}: vehicle {trip.get('vehicle')!r}, not {exp.vehicle!r}")
        if day in req.vehicles[exp.vehicle].absent:
            errors.append(f"{where}: vehicle {exp.vehicle} is off the road on {day}")
        _reception_rules(req, exp, trip, errors)
        if exp.meeting is not None:
            _meeting_rules(exp, trip, meetings.pop(trip["n"], None), errors)
    for n in meetings:
        errors.append(f"{exp.meeting_id} #{n}: a meeting without its trip")


def _reception_rules(req: TermRequest, exp: Expedition, trip: Meeting,
                     errors: list[str]) -> None:
    venue = exp.reception.get(exp.district(trip["n"]))
    if venue is None:
        return
    got = trip.get("reception") or {}
    try:
        start, end = _minutes(got["start"]), _minutes(got["end"])
    except (KeyError, TypeError, ValueError, AttributeError):
        errors.append(f"{trip['_where']}: no reception hours at {venue}")
        return
    if (got.get("venue") != venue or end - start < exp.reception_minutes
            or not trip["_start"] <= start < end <= trip["_end"]
            or not slots.holds(req.venues[venue].weekly, trip["_day"].weekday(), start, end)):
        errors.append(f"{trip['_where']}: reception {got} is not {exp.reception_minutes} minutes "
                      f"of the trip inside the hours of {venue}")


def _meeting_rules(exp: Expedition, trip: Meeting, meeting: Meeting | None,
                   errors: list[str]) -> None:
    if meeting is None:
        errors.append(f"{trip['_where']}: no planning meeting before the trip")
        return
    low, high = exp.meeting.days_before
    if not low <= (trip["_day"] - meeting["_day"]).days <= high:
        errors.append(f"{meeting['_where']}: {(trip['_day'] - meeting['_day']).days} days "
                      f"before its trip, not {low}..{high}")
    if not set(meeting.get("staff", [])) <= set(trip.get("staff", [])):
        errors.append(f"{meeting['_where']}: people who are not on the trip")


# --- nobody in two places at once -------------------------------------------------------


def _double_booking(meetings: list[Meeting], errors: list[str]) -> None:
    holders = defaultdict(list)
    for m in meetings:
        for p in m.get("staff", []):
            holders["staff", p].append(m)
        if m.get("venue") is not None:
            holders["venue", m["venue"]].append(m)
        if m["_prog"].is_trip:
            holders["vehicle", m.get("vehicle")].append(m)
        for f in m["_prog"].participants:
            holders["family", f].append(m)
    for (kind, key), ms in holders.items():
        for a, b in combinations(sorted(ms, key=lambda m: m["_from"]), 2):
            if _overlaps((a["_from"], a["_to"]), (b["_from"], b["_to"])):
                errors.append(f"{kind} {key} is double-booked: {a['_where']} and {b['_where']}")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
