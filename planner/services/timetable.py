"""The term timetable over the database: build the request, solve, store, edit.

``plan_term`` creates or updates a ``Term`` and its ``Session`` rows from the
optimiser's answer; ``move_session`` puts one session where a person wants it,
locks it and re-solves the rest around it. Sessions already held (before
today) are the past: they go to the optimiser as pins and are never moved,
re-staffed or moved to. A stored session whose date, time, venue or people
change gets its ``sequence`` bumped and ``updated_at`` renewed, so calendar
feeds announce the change and the weekly brigade plan sees the new busy time;
``audience`` keeps everyone ever on it, so a person taken off sees the session
cancelled. The caller owns the transaction: these functions flush, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner import clock
from planner.models import Family, Programme, Session, Staff, Term, Venue
from planner.models.demand import ProtectedTime
from planner.optimize.timetable import timetable_term, validate_timetable
from planner.services import expeditions
from planner.services.errors import CodedError
from planner.services.production_calendar import day_off_reason


class TimetableError(CodedError):
    """A term, programme or session that does not exist, or a move that breaks a rule."""


def russian_holidays(start: dt.date, end: dt.date) -> list[dt.date]:
    """Public holidays and moved days off in ``start``..``end`` (production calendar)."""
    days = (end - start).days + 1
    return [d for d in (start + dt.timedelta(days=i) for i in range(days)) if day_off_reason(d)]


def fill_closed_dates(request: dict) -> dict:
    """The request with the production calendar's holidays when it names no closed dates."""
    term = request.get("term")
    if "closed_dates" in request or not isinstance(term, dict):
        return request
    try:
        start, end = dt.date.fromisoformat(term["start"]), dt.date.fromisoformat(term["end"])
    except (KeyError, TypeError, ValueError):
        return request  # the optimiser names the bad field
    return dict(request, closed_dates=[d.isoformat() for d in russian_holidays(start, end)])


# --- from the database to a request --------------------------------------------------


def build_request(db: DbSession, term: Term, *, time_limit: float = 20) -> dict:
    """The spec-section-2 request for ``term``: its programmes, people, venues, locks."""
    programmes = [p for p in db.scalars(select(Programme).order_by(Programme.code))
                  if _overlaps_term(p, term)]
    staff = db.scalars(select(Staff).where(Staff.active).order_by(Staff.code)).all()
    families = {e.family.case_code: e.family for p in programmes for e in p.enrolments
                if e.family.is_active}
    trips = expeditions.request_part(db, term)
    known = {s.code for s in staff}
    return {
        "version": 1,
        "timezone": "Europe/Moscow",
        "term": {"start": term.start.isoformat(), "end": term.end.isoformat()},
        "closed_dates": list(term.closed_dates),
        "staff": [_staff(s, term) for s in staff],
        "busy": _protected_time(db, staff, term) + trips["busy"],
        "venues": [_venue(v) for v in db.scalars(select(Venue).order_by(Venue.code))],
        "families": [{"id": code, "location": [f.lat, f.lon], "people": f.people}
                     for code, f in sorted(families.items())],
        "programmes": [_programme(p, term, set(families)) for p in programmes],
        "vehicles": trips["vehicles"],
        "expeditions": trips["expeditions"],
        "pinned": [_pin(s, known) for s in term.sessions if _fixed(s)] + trips["pinned"],
        "previous": [_pin(s, known) for s in term.sessions if not _fixed(s)] + trips["previous"],
        "options": {"time_limit": time_limit, "seed": 0},
    }


def _overlaps_term(prog: Programme, term: Term) -> bool:
    return ((prog.earliest is None or prog.earliest <= term.end)
            and (prog.latest is None or prog.latest >= term.start))


def _staff(member: Staff, term: Term) -> dict:
    absent = sorted({(a.start + dt.timedelta(days=i)).isoformat()
                     for a in member.absences
                     for i in range((a.end - a.start).days + 1)
                     if term.start <= a.start + dt.timedelta(days=i) <= term.end})
    out = {"id": member.code, "roles": list(member.roles), "absent": absent}
    if member.working_hours():
        out["weekly"] = member.working_hours()
    return out


def _protected_time(db: DbSession, staff: list[Staff], term: Term) -> list[dict]:
    """Weekly protected blocks (team meeting, supervision hour) as dated busy blocks."""
    blocks = db.scalars(select(ProtectedTime).where(ProtectedTime.active)).all()
    days = [term.start + dt.timedelta(days=i) for i in range((term.end - term.start).days + 1)]
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return [{"staff": member.code, "date": day.isoformat(), "start": b.start, "end": b.end}
            for b in blocks for member in staff if b.applies_to(member)
            for day in days if weekdays[day.weekday()] == b.weekday]


def _venue(venue: Venue) -> dict:
    location = [venue.lat, venue.lon] if venue.lat is not None and venue.lon is not None else (
        [venue.settlement.lat, venue.settlement.lon] if venue.settlement else None)
    out = {"id": venue.code, "capacity": venue.capacity, "online": venue.online,
           "location": location}
    if venue.weekly:
        out["weekly"] = venue.weekly
    return out


def _programme(prog: Programme, term: Term, active: set[str]) -> dict:
    out = {
        "id": prog.code, "kind": prog.kind, "sessions": prog.sessions,
        "minutes": prog.minutes, "days": prog.days, "roles": list(prog.roles),
        "staff_pool": list(prog.staff_pool), "venues": list(prog.venues),
        "same_staff": prog.same_staff, "same_slot": prog.same_slot,
        "participants": sorted(e.family.case_code for e in prog.enrolments
                               if e.family.case_code in active),
        "earliest": max(prog.earliest or term.start, term.start).isoformat(),
        "latest": min(prog.latest or term.end, term.end).isoformat(),
    }
    if prog.cadence:
        out["cadence"] = prog.cadence
    preferred = {k: v for k, v in (prog.preferred or {}).items() if v}
    if preferred:
        out["preferred"] = preferred
    return out


def _fixed(s: Session) -> bool:
    """Placed by hand or already held: the optimiser keeps it where it is."""
    return s.locked or _held(s)


def _held(s: Session) -> bool:
    """Already took place: the past is not re-planned."""
    return s.date < clock.today()


def _pin(s: Session, known: set[str]) -> dict:
    """A stored session as a pin or hint; people who have left since are not named."""
    return {"programme": s.programme.code, "n": s.n, "date": s.date.isoformat(), "start": s.start,
            "venue": s.venue.code if s.venue else None, "staff": [c for c in s.staff if c in known]}


# --- solving and storing ------------------------------------------------------------------


def plan_term(db: DbSession, code: str, start: dt.date, end: dt.date, *,
              time_limit: float = 20, progress: Callable[[dict], None] | None = None) -> dict:
    """Create or update term ``code`` and timetable it; returns the optimiser's answer.

    A new term (or one without closed dates) gets the production calendar's
    holidays; locked sessions stay where they are.
    """
    term = db.scalar(select(Term).where(Term.code == code))
    if term is None:
        term = Term(code=code, start=start, end=end, closed_dates=[])
        db.add(term)
    term.start, term.end = start, end
    if not term.closed_dates:
        term.closed_dates = [d.isoformat() for d in russian_holidays(start, end)]
    db.flush()
    return _solve_and_store(db, term, time_limit, progress)


def _solve_and_store(db: DbSession, term: Term, time_limit: float, progress=None) -> dict:
    request = build_request(db, term, time_limit=time_limit)
    answer = timetable_term(request, progress=progress)
    status = answer["summary"]["status"]
    if status == "INFEASIBLE":
        raise TimetableError("LOCKED_CONFLICT", "the locked sessions break a rule: "
                             + "; ".join(_pin_conflicts(request)))
    if status not in ("OPTIMAL", "FEASIBLE"):
        raise TimetableError("NO_TIMETABLE", f"no timetable found in {time_limit} s (solver: {status})",
                             seconds=round(time_limit))
    store(db, term, answer)
    return answer


def store(db: DbSession, term: Term, answer: dict) -> None:
    """Write the answer's sessions and trips into the term; changed rows get a new sequence."""
    programmes = {p.code: p for p in db.scalars(select(Programme))}
    venues = {v.code: v for v in db.scalars(select(Venue))}
    existing = {(s.programme.code, s.n): s for s in term.sessions}
    now = clock.utcnow()
    for item in answer["sessions"]:
        if "expedition" in item:
            continue  # trips and their meetings: expeditions.store_trips
        key = (item["programme"], item["n"])
        row = existing.pop(key, None)
        fields = {
            "date": dt.date.fromisoformat(item["date"]), "start": item["start"],
            "end": item["end"], "venue": venues.get(item["venue"]),
            "end_date": dt.date.fromisoformat(item["end_date"]) if item.get("end_date") else None,
            "staff": list(item["staff"]),
        }
        if row is None:
            term.sessions.append(Session(programme=programmes[key[0]], n=key[1], updated_at=now,
                                         audience=sorted(fields["staff"]), **fields))
        elif not _held(row):
            _change(row, fields, now)
    for row in existing.values():
        term.sessions.remove(row)
    expeditions.store_trips(db, term, answer)


def _change(row: Session, fields: dict, now: dt.datetime) -> None:
    """Write ``fields`` into a stored session; a real change raises its SEQUENCE."""
    if all(_same(k, getattr(row, k), v) for k, v in fields.items()):
        return
    row.audience = sorted(set(row.audience) | set(row.staff) | set(fields.get("staff", row.staff)))
    for k, v in fields.items():
        setattr(row, k, v)
    row.sequence += 1
    row.updated_at = now


def _same(name: str, old, new) -> bool:
    """Equal as the feeds show it: the people of a session are a set, not a list."""
    return sorted(old) == sorted(new) if name == "staff" else old == new


def _pin_conflicts(request: dict) -> list[str]:
    """What the validator says about the locked sessions alone."""
    pins = request.get("pinned", [])
    progs = {p["id"]: p for p in request["programmes"]}
    sessions = []
    for pin in pins:
        prog = progs.get(pin["programme"])
        if prog is None:
            continue  # a locked expedition trip: its rules are checked with the whole answer
        if prog["days"]:
            last = dt.date.fromisoformat(pin["date"]) + dt.timedelta(days=prog["days"] - 1)
            sessions.append(dict(pin, start="00:00", end="24:00", end_date=last.isoformat()))
            continue
        start = dt.datetime.strptime(pin["start"], "%H:%M")
        end = (start + dt.timedelta(minutes=prog["minutes"])).strftime("%H:%M")
        sessions.append(dict(pin, end=end))
    errors = validate_timetable(request, {"sessions": sessions, "unplaced": []})
    found = [e for e in errors if "unplaced !=" not in e]
    return found or ["the locked sessions leave no room for the sessions before them"]


# --- editing -----------------------------------------------------------------------------


def move_session(db: DbSession, code: str, programme: str, n: int, *, date: dt.date,
                 start: str | None = None, venue: str | None = None,
                 staff: list[str] | None = None, time_limit: float = 20) -> dict:
    """Put session ``n`` of ``programme`` on ``date`` (and time, venue, people), lock it,
    re-solve the rest of the term around it.

    Raises ``TimetableError`` when the move breaks a rule; the caller rolls back.
    """
    term = _term(db, code)
    row = next((s for s in term.sessions if s.programme.code == programme and s.n == n), None)
    if row is None:
        raise TimetableError("NO_SESSION", f"term {code} has no session {n} of {programme!r}",
                             n=n, programme=programme)
    if _held(row) or date < clock.today():
        raise TimetableError("PAST", f"session {n} of {programme!r} on {row.date} or the new date {date} "
                             "is in the past; held sessions stay as they were", n=n, programme=programme)
    fields = {"date": date, "start": start or row.start, "end": _shifted(row.end, row.start, start),
              "staff": list(staff) if staff is not None else row.staff}
    if venue is not None:
        fields["venue"] = db.scalar(select(Venue).where(Venue.code == venue))
        if fields["venue"] is None:
            raise TimetableError("UNKNOWN_VENUE", f"unknown venue {venue!r}", venue=venue)
    if row.end_date is not None:
        fields["end_date"] = date + (row.end_date - row.date)
    _change(row, fields, clock.utcnow())
    row.locked = True
    db.flush()
    return _solve_and_store(db, term, time_limit)


def _shifted(end: str, old_start: str, new_start: str | None) -> str:
    """The end time after moving the start, the length kept (a camp's 00:00-24:00 stays)."""
    if not new_start or new_start == old_start:
        return end
    length = _minutes(end) - _minutes(old_start)
    finish = _minutes(new_start) + length
    return f"{finish // 60:02d}:{finish % 60:02d}"


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def unlock_session(db: DbSession, code: str, programme: str, n: int) -> None:
    """Let the optimiser move a hand-placed session again at the next solve."""
    term = _term(db, code)
    for s in term.sessions:
        if s.programme.code == programme and s.n == n:
            s.locked = False
    db.flush()


def replan(db: DbSession, code: str, *, time_limit: float = 20) -> dict:
    """Re-solve an existing term, keeping its locked sessions."""
    return _solve_and_store(db, _term(db, code), time_limit)


def _term(db: DbSession, code: str) -> Term:
    term = db.scalar(select(Term).where(Term.code == code))
    if term is None:
        raise TimetableError("NO_TERM", f"no term {code!r}", term=code)
    return term
