"""Expedition series over the database: into the term timetable, stored trips, the week.

``request_part`` is what a term request adds for the series (spec section 2,
``vehicles`` / ``expeditions``, with trips kept in place as pins or previous
placements, and every declined date as a whole busy day of whoever declined
it); ``store_trips`` writes the answer's trips. ``replace_declined`` moves a
declined trip: every other trip is locked, the term re-solved, and the moved
trip's answers start again. ``agreed_trips`` are the trips the weekly plan
request carries as fixed routes. Like the other services, these flush and
never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import object_session

from planner.models import (
    Agency, District, ExpeditionSeries, ExpeditionTrip, Staff, Term, TripAnswer, Vehicle, Venue,
)
from planner.clock import utcnow
from planner.services.errors import CodedError

CURRENT = ("pending", "confirmed", "declined")
"""Answer states that speak about the trip's present date (the others were superseded)."""


class ExpeditionError(CodedError):
    """A trip that does not exist or cannot be re-placed; the text says why."""


# --- the term request --------------------------------------------------------------------


def request_part(db: DbSession, term: Term) -> dict:
    """The request fields of every series overlapping ``term`` (merged by the timetable)."""
    series = [s for s in db.scalars(select(ExpeditionSeries).order_by(ExpeditionSeries.code))
              if _overlaps(s, term)]
    trips = [t for s in series for t in s.trip_rows if t.term_id == term.id]
    pins = [p for t in trips if t.locked for p in _placements(t)]
    return {
        "vehicles": [_vehicle(s.vehicle, term) for s in {s.vehicle_id: s for s in series}.values()],
        "expeditions": [_expedition(s, term) for s in series],
        "pinned": pins,
        "previous": [p for t in trips if not t.locked for p in _placements(t)],
        "busy": _declined_days(trips),
    }


def _overlaps(series: ExpeditionSeries, term: Term) -> bool:
    return ((series.earliest is None or series.earliest <= term.end)
            and (series.latest is None or series.latest >= term.start))


def _vehicle(vehicle, term: Term) -> dict:
    days = {(u.start + dt.timedelta(days=i)).isoformat()
            for u in vehicle.unavailability for i in range((u.end - u.start).days + 1)
            if term.start <= u.start + dt.timedelta(days=i) <= term.end}
    return {"id": vehicle.code, "absent": sorted(days)}


def _expedition(series: ExpeditionSeries, term: Term) -> dict:
    out = {
        "id": series.code, "districts": list(series.districts), "trips": series.trips,
        "minutes": series.minutes, "roles": list(series.roles),
        "staff_pool": _riders(object_session(series), series), "vehicle": series.vehicle.code,
        "reception": dict(series.reception), "reception_minutes": series.reception_minutes,
        "earliest": max(series.earliest or term.start, term.start).isoformat(),
        "latest": min(series.latest or term.end, term.end).isoformat(),
    }
    if series.cadence:
        out["cadence"] = series.cadence
    if series.preferred:
        out["preferred"] = series.preferred
    if series.meeting_roles:
        out["meeting"] = {"minutes": series.meeting_minutes, "roles": list(series.meeting_roles),
                          "days_before": list(series.meeting_days_before or [1, 7]),
                          "venues": list(series.meeting_venues)}
    return out


def _riders(db: DbSession, series: ExpeditionSeries) -> list[str]:
    """The pool's people who ride from the vehicle's depot.

    The week's route carries only people of its vehicle's depot (spec section 1):
    a trip team with someone from another depot would leave the week without
    its route, so the term never picks them.
    """
    pool = db.scalars(select(Staff).where(Staff.code.in_(series.staff_pool)))
    near = {s.code for s in pool if s.depot_id == series.vehicle.depot_id}
    return [code for code in series.staff_pool if code in near]


def _placements(trip: ExpeditionTrip) -> list[dict]:
    """The trip and its meeting as the request's pin / previous entries."""
    code = trip.series.code
    out = [{"programme": code, "n": trip.n, "date": trip.date.isoformat(), "start": trip.start,
            "venue": None, "staff": list(trip.staff)}]
    if trip.meeting_date is not None:
        out.append({"programme": f"{code}.meeting", "n": trip.n,
                    "date": trip.meeting_date.isoformat(), "start": trip.meeting_start,
                    "venue": trip.meeting_venue.code if trip.meeting_venue else None,
                    "staff": list(trip.meeting_staff)})
    return out


def _declined_days(trips: list[ExpeditionTrip]) -> list[dict]:
    """Whoever declined a date is busy that whole day (a contact: their agency's team members)."""
    busy = set()
    for trip in trips:
        for answer in trip.answers:
            if answer.status != "declined":
                continue
            people = ([answer.staff] if answer.staff is not None else
                      [s for s in team(trip) if s.agency_id == answer.contact.agency_id])
            busy.update((p.code, answer.date.isoformat()) for p in people)
    return [{"staff": code, "date": day, "start": "00:00", "end": "24:00"}
            for code, day in sorted(busy)]


# --- storing the answer ----------------------------------------------------------------------


def store_trips(db: DbSession, term: Term, answer: dict) -> None:
    """Write the answer's trips (and meetings) into the term; a moved trip's answers lapse."""
    series = {s.code: s for s in db.scalars(select(ExpeditionSeries))}
    venues = {v.code: v for v in db.scalars(select(Venue))}
    districts = {d.code: d for d in db.scalars(select(District))}
    meetings = {(s["expedition"], s["before_trip"]): s for s in answer["sessions"]
                if "before_trip" in s}
    seen = set()
    for item in answer["sessions"]:
        if "district" not in item:
            continue
        owner = series[item["expedition"]]
        meeting = meetings.get((item["expedition"], item["n"]))
        reception = item.get("reception") or {}
        fields = {
            "district": districts[item["district"]],
            "date": dt.date.fromisoformat(item["date"]), "start": item["start"],
            "end": item["end"], "staff": list(item["staff"]),
            "reception_venue": venues.get(reception.get("venue")),
            "reception_start": reception.get("start"), "reception_end": reception.get("end"),
            "meeting_date": dt.date.fromisoformat(meeting["date"]) if meeting else None,
            "meeting_start": meeting["start"] if meeting else None,
            "meeting_end": meeting["end"] if meeting else None,
            "meeting_venue": venues.get(meeting["venue"]) if meeting else None,
            "meeting_staff": list(meeting["staff"]) if meeting else [],
        }
        seen.add(_write_trip(db, owner, term, item["n"], fields))
    for owner in series.values():
        for trip in list(owner.trip_rows):
            if trip.term_id == term.id and trip.id not in seen:
                owner.trip_rows.remove(trip)
    db.flush()


def _write_trip(db: DbSession, series: ExpeditionSeries, term: Term, n: int, fields: dict) -> int:
    trip = next((t for t in series.trip_rows if t.term_id == term.id and t.n == n), None)
    now = utcnow()
    if trip is None:
        trip = ExpeditionTrip(series=series, term=term, n=n, updated_at=now, **fields)
        db.add(trip)
    elif any(getattr(trip, k) != v for k, v in fields.items()):
        moved = trip.date != fields["date"] or trip.staff != fields["staff"]
        for k, v in fields.items():
            setattr(trip, k, v)
        trip.sequence += 1
        trip.updated_at = now
        if moved:
            for answer in trip.answers:
                if answer.status in CURRENT and answer.status != "declined":
                    answer.status = "superseded"
    db.flush()
    return trip.id


# --- reading trips ---------------------------------------------------------------------------


def current_answers(trip: ExpeditionTrip) -> list[TripAnswer]:
    """The answers about the trip's present date and team."""
    return [a for a in trip.answers if a.status in CURRENT and a.date == trip.date]


def state(trip: ExpeditionTrip) -> str:
    """``agreed``, ``declined``, ``waiting`` (asked, not all answered) or ``not_sent``.

    Agreed: every answer confirmed, and each partner asked in person or, without
    an e-mail address, through their agency's contact.
    """
    answers = current_answers(trip)
    partners = partner_staff(trip)
    if any(a.status == "declined" for a in answers):
        return "declined"
    if not partners:
        return "agreed"
    if not answers:
        return "not_sent"
    asked = {a.staff_id for a in answers if a.staff_id is not None}
    agencies = {a.contact.agency_id for a in answers if a.contact is not None}
    covered = all(p.id in asked or p.agency_id in agencies for p in partners)
    if covered and all(a.status == "confirmed" for a in answers):
        return "agreed"
    return "waiting"


def partner_staff(trip: ExpeditionTrip) -> list[Staff]:
    """The trip's people from other agencies than the organiser's."""
    return [s for s in team(trip) if s.agency_id != trip.series.organiser_id]


def team(trip: ExpeditionTrip) -> list[Staff]:
    """The trip's people as staff records, by code."""
    db = object_session(trip)
    return list(db.scalars(select(Staff).where(Staff.code.in_(trip.staff)).order_by(Staff.code)))


def agreed_count(series: ExpeditionSeries) -> int:
    """How many of the series' placed trips every partner has confirmed."""
    return sum(1 for t in series.trip_rows if state(t) == "agreed")


def agreed_trips(db: DbSession, dates: list[dt.date]) -> list[ExpeditionTrip]:
    """Trips on ``dates`` that every partner confirmed: the week carries them as fixed routes."""
    if not dates:
        return []
    trips = db.scalars(select(ExpeditionTrip).where(ExpeditionTrip.date.in_(dates))
                       .order_by(ExpeditionTrip.date, ExpeditionTrip.id))
    return [t for t in trips if state(t) == "agreed"]


def confirmed_for(db: DbSession, member: Staff) -> list[ExpeditionTrip]:
    """Trips for ``member``'s calendar: a partner's once they confirmed, the centre's once agreed."""
    trips = db.scalars(select(ExpeditionTrip).order_by(ExpeditionTrip.date))
    out = []
    for trip in trips:
        if member.code not in trip.staff:
            continue
        if member.agency_id == trip.series.organiser_id:
            if state(trip) == "agreed":
                out.append(trip)
        elif any(a.staff_id == member.id and a.status == "confirmed"
                 for a in current_answers(trip)):
            out.append(trip)
    return out


def trip(db: DbSession, trip_id: int) -> ExpeditionTrip:
    found = db.get(ExpeditionTrip, trip_id)
    if found is None:
        raise ExpeditionError("NO_TRIP", f"no expedition trip {trip_id}", trip=trip_id)
    return found


# --- re-placing a declined trip -------------------------------------------------------------


def replace_declined(db: DbSession, trip_id: int, *, time_limit: float = 20) -> ExpeditionTrip:
    """Move a declined trip to another date and re-solve the term around the agreed trips.

    Trips someone has confirmed are locked where they are; the others may
    shift with it (the cadence keeps them in turn) and are asked again if they
    do. The decliner's date becomes their busy day, so the trip cannot come
    back to it; the answers about the old date stay as the record of the refusal.
    Raises ``ExpeditionError`` when no date is left (the caller rolls back).
    """
    from planner.services import timetable

    moving = trip(db, trip_id)
    if state(moving) != "declined":
        raise ExpeditionError("NOT_DECLINED", f"trip {moving.n} of {moving.series.code} was not declined", n=moving.n)
    for other in moving.series.trip_rows:
        if other.term_id == moving.term_id:
            other.locked = other.id != moving.id and any(
                a.status == "confirmed" for a in current_answers(other))
    db.flush()
    try:
        timetable.replan(db, moving.term.code, time_limit=time_limit)
    except timetable.TimetableError as exc:
        raise ExpeditionError("NO_OTHER_DATE", f"no other date fits trip {moving.n} around the confirmed "
                              f"trips ({exc})", n=moving.n) from exc
    db.refresh(moving)
    return moving


# --- creating a series ------------------------------------------------------------------------


def create_series(db: DbSession, *, code: str, name: str, organiser: Agency, vehicle: Vehicle,
                  districts: list[District], trips: int, weeks_apart: int, minutes: int,
                  roles: list[str], staff_pool: list[Staff], reception: list[Venue],
                  meeting_roles: list[str], meeting_venue: Venue | None,
                  meeting_minutes: int = 60, days_before: tuple[int, int] = (1, 7),
                  earliest: dt.date | None = None,
                  latest: dt.date | None = None) -> ExpeditionSeries:
    """A new series (the head's form); ``ExpeditionError`` names what does not fit.

    Each reception point serves the district its settlement lies in.
    """
    if db.scalar(select(ExpeditionSeries).where(ExpeditionSeries.code == code)) is not None:
        raise ExpeditionError("SERIES_EXISTS", f"a series {code!r} exists already", series=code)
    points = {}
    for venue in reception:
        district = venue.settlement.district if venue.settlement else None
        if district not in districts:
            raise ExpeditionError("RECEPTION_OUTSIDE", f"reception point {venue.code!r} is not in a district of the series",
                                  venue=venue.name)
        if district.code in points:
            raise ExpeditionError("TWO_RECEPTIONS", f"two reception points in {district.code!r}", district=district.name)
        points[district.code] = venue.code
    missing = [r for r in meeting_roles if r not in roles]
    if missing:
        raise ExpeditionError("MEETING_ROLES", f"the meeting's roles {missing} are not the trip's", roles=missing)
    for role in roles:
        if not any(role in s.roles for s in staff_pool):
            raise ExpeditionError("NOBODY_WITH_ROLE", f"nobody in the team's pool is a {role}", role=role)
    series = ExpeditionSeries(
        code=code, name=name, organiser=organiser, vehicle=vehicle,
        districts=[d.code for d in districts], trips=trips, cadence={"weekly": weeks_apart},
        minutes=minutes, roles=list(roles), staff_pool=[s.code for s in staff_pool],
        reception=points, meeting_minutes=meeting_minutes, meeting_roles=list(meeting_roles),
        meeting_days_before=list(days_before),
        meeting_venues=[meeting_venue.code] if meeting_venue else [],
        earliest=earliest, latest=latest)
    db.add(series)
    db.flush()
    return series
