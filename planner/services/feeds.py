"""iCalendar (RFC 5545) feeds: per specialist, vehicle, programme and family.

Feeds read only what was published (``PublishedEvent``) and the term
timetable (``Session``). Every byte of a feed is a function of the database,
never of the clock, so an unchanged plan gives the same body and the same
ETag, and calendar apps do not re-download or flash "updated" for nothing.
UIDs come from the visit key, the trip (vehicle + date) or the session id,
so a re-planned visit updates the event already on a phone instead of adding
a second one. Events carry the least that does the job (152-FZ): a case code,
settlement and address for the crew; a date, an hour window and roles for
the family; never a family's name.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vText
from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session as DbSession

from planner import clock, config
from planner.models import (
    Enrolment, Family, Programme, PublishedEvent, Session, Staff, Vehicle,
)
from planner.services import expeditions
from planner.services.family_view import family_visit, role_names, venue_place
from planner.services.plans import event_venue

REFRESH = "PT1H"
ZONE_FROM = dt.date(2015, 1, 1)
"""Where each VTIMEZONE starts. Russia has not changed clocks since 26 Oct 2014,
so its zones come out as one STANDARD block that every reader gets right;
a block reaching back to 1970 needs RDATE lists, which dateutil (vobject)
ignores and then places Moscow at +04:00."""
HORIZON = dt.timedelta(days=180)
"""How far back a feed reaches: enough for a quarter's reporting, small enough to fetch on a phone."""


@dataclass(frozen=True)
class Feed:
    """A rendered calendar and its validator."""

    name: str
    body: bytes

    @property
    def etag(self) -> str:
        """Unquoted entity tag: the body's digest, so equal bodies give equal tags."""
        return hashlib.sha256(self.body).hexdigest()[:32]


@dataclass
class _Context:
    """What every event of one feed needs: the zone, the UID domain, the people."""

    session: DbSession
    tz: ZoneInfo
    domain: str
    staff: dict[str, Staff]
    since: dt.date

    def at(self, day: dt.date, hhmm: str) -> dt.datetime:
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return dt.datetime.combine(day, dt.time(0, 0), self.tz) + dt.timedelta(hours=hours, minutes=minutes)

    def names(self, codes) -> str:
        return ", ".join(self.staff[c].full_name if c in self.staff else c for c in codes)

    def roles(self, codes, wanted: list[str]) -> str:
        return ", ".join(role_names([self.staff[c] for c in codes if c in self.staff], wanted))


def staff_feed(session: DbSession, staff: Staff, today: dt.date | None = None) -> Feed:
    """A specialist's brigade trips, the visits they serve on them, group sessions and supervision."""
    ctx = _context(session, today)
    events, rides = [], {}
    for event in _published_for(ctx, PublishedEvent.audience, staff.code):
        if staff.code not in event.audience:
            continue
        if event.kind != "trip" and not event.cancelled and staff.code in set(event.crew) - set(event.staff):
            continue  # a colleague's visit of the trip: the person's own visits are theirs, at their own times
        gone = event.cancelled or staff.code not in set(event.staff) | set(event.crew)
        if event.kind == "trip" and not gone and event.vehicle is not None:
            rides[event.date] = event.vehicle
        events.append(_trip(ctx, event, gone) if event.kind == "trip" else _visit(ctx, event, gone))
    needle = f'%"{staff.code}"%'
    for meeting in _sessions(ctx, or_(cast(Session.staff, String).like(needle),
                                      cast(Session.audience, String).like(needle))):
        if staff.code in meeting.staff or staff.code in meeting.audience:
            events.append(_session_event(ctx, meeting, ctx.names(meeting.staff),
                                         cancelled=staff.code not in meeting.staff))
    events += [_expedition(ctx, trip, rides.get(trip.date, trip.series.vehicle))
               for trip in expeditions.confirmed_for(session, staff) if trip.date >= ctx.since]
    return _calendar(f"Выезды и занятия: {staff.full_name}", ctx.tz.key, events)


def vehicle_feed(session: DbSession, vehicle: Vehicle, today: dt.date | None = None) -> Feed:
    """A vehicle's trips and the stops on them, for the driver and the dispatcher."""
    ctx = _context(session, today)
    events = []
    for event in _published_for(ctx, PublishedEvent.vehicles, str(vehicle.id)):
        if vehicle.id not in event.vehicles:
            continue
        gone = event.cancelled or event.vehicle_id != vehicle.id
        events.append(_trip(ctx, event, gone) if event.kind == "trip" else _visit(ctx, event, gone))
    return _calendar(f"Машина {vehicle.name}", ctx.tz.key, events)


def programme_feed(session: DbSession, programme: Programme, today: dt.date | None = None) -> Feed:
    """A programme's sessions for its participants: leaders by role, not by name."""
    ctx = _context(session, today)
    meetings = _sessions(ctx, Session.programme_id == programme.id)
    events = [_session_event(ctx, m, ctx.roles(m.staff, programme.roles)) for m in meetings]
    return _calendar(programme.name, ctx.tz.key, events)


def family_feed(session: DbSession, family: Family, today: dt.date | None = None) -> Feed:
    """A family's own visits (date, hour window, roles) and its programmes' sessions."""
    ctx = _context(session, today)
    visits = session.scalars(select(PublishedEvent).where(
        PublishedEvent.family_id == family.id, PublishedEvent.kind == "visit",
        PublishedEvent.date >= ctx.since)).all()
    events = [_family_visit(ctx, event) for event in visits]
    enrolled = select(Enrolment.programme_id).where(Enrolment.family_id == family.id)
    events += [_session_event(ctx, m, ctx.roles(m.staff, m.programme.roles))
               for m in _sessions(ctx, Session.programme_id.in_(enrolled))]
    return _calendar("Визиты и занятия центра", ctx.tz.key, events)


FEEDS = {"staff": (Staff, staff_feed), "vehicle": (Vehicle, vehicle_feed),
         "programme": (Programme, programme_feed), "family": (Family, family_feed)}


def feed_for(session: DbSession, kind: str, subject_id: int, today: dt.date | None = None) -> Feed | None:
    """The feed a token of ``kind`` points at, or None if its subject is gone."""
    model, render = FEEDS[kind]
    subject = session.get(model, subject_id)
    return render(session, subject, today) if subject is not None else None


def _context(session: DbSession, today: dt.date | None) -> _Context:
    settings = config.load()
    staff = {person.code: person for person in session.scalars(select(Staff))}
    return _Context(session, ZoneInfo(settings.timezone), settings.uid_domain, staff,
                    (today or clock.today(settings.timezone)) - HORIZON)


def _published_for(ctx: _Context, column, needle: str) -> list[PublishedEvent]:
    """Events whose JSON list ``column`` may hold ``needle``; callers check exactly."""
    return ctx.session.scalars(select(PublishedEvent).where(
        cast(column, String).like(f"%{needle}%"), PublishedEvent.date >= ctx.since)).all()


def _sessions(ctx: _Context, condition) -> list[Session]:
    return ctx.session.scalars(select(Session).where(condition, Session.date >= ctx.since)).all()


def _calendar(name: str, tzid: str, events: list[Event]) -> Feed:
    """The feed; its name on one line, typed as TEXT so commas and semicolons are escaped."""
    name = " ".join(name.split())
    cal = Calendar()
    cal.add("prodid", "-//planner//family-support brigades//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal["x-published-ttl"] = REFRESH
    if events:
        cal.add_component(Timezone.from_ical(_vtimezone(tzid)))
    for event in sorted(events, key=lambda e: (e.DTSTART, str(e["uid"]))):
        cal.add_component(event)
    return Feed(name=name, body=cal.to_ical())


@functools.cache
def _vtimezone(tzid: str) -> bytes:
    """The zone's VTIMEZONE, built once: building it walks years of offsets (~60 ms)."""
    return Timezone.from_tzid(tzid, first_date=ZONE_FROM).to_ical()


def _event(ctx: _Context, uid: str, start: dt.datetime, end: dt.datetime, sequence: int,
           created: dt.datetime, modified: dt.datetime, cancelled: bool) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{ctx.domain}")
    event.add("dtstamp", _utc(modified))
    event.add("created", _utc(created))
    event.add("last-modified", _utc(modified))
    event.add("sequence", sequence)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _published(ctx: _Context, event: PublishedEvent, cancelled: bool, start: str, end: str) -> Event:
    return _event(ctx, event.uid, ctx.at(event.date, start), ctx.at(event.date, end),
                  event.sequence, event.created_at, event.last_modified, cancelled)


def _visit(ctx: _Context, event: PublishedEvent, cancelled: bool) -> Event:
    """A stop for the crew: case code, settlement, address, crew, time."""
    family = event.family
    venue = event_venue(ctx.session, event)
    out = _published(ctx, event, cancelled, event.start, event.end)
    if venue is not None:  # the family is received at a reception point, not at home
        out.add("summary", f"{'Отменён: ' if cancelled else ''}Приём {family.case_code}, {venue.name}")
        out.add("location", venue_place(venue))
    else:
        place = family.settlement.name
        out.add("summary", f"{'Отменён: ' if cancelled else ''}Визит {family.case_code}, {place}")
        out.add("location", f"{place}, {family.address}" if family.address else place)
    out.add("description", "\n".join([
        f"Случай: {family.case_code}",
        f"Машина: {event.vehicle.name if event.vehicle else ''}",
        f"Экипаж: {ctx.names(event.crew)}",
        f"На визите: {ctx.names(event.staff)}",
    ]))
    return out


def _trip(ctx: _Context, event: PublishedEvent, cancelled: bool) -> Event:
    """A brigade day: departure to return, the car and who rides it."""
    out = _published(ctx, event, cancelled, event.start, event.end)
    name = event.vehicle.name if event.vehicle else ""
    out.add("summary", f"{'Отменён: ' if cancelled else ''}Выезд бригады, {name}")
    out.add("description", f"Машина: {name}\nЭкипаж: {ctx.names(event.crew)}")
    return out


def _expedition(ctx: _Context, trip, car: Vehicle) -> Event:
    """An agreed expedition trip: district, reception point, team, the planning meeting.

    ``car``: the one the person rides that day, from the published plan (a team
    larger than the series' car takes a second one); the series' car until then.
    """
    out = _event(ctx, trip.key, ctx.at(trip.date, trip.start), ctx.at(trip.date, trip.end),
                 trip.sequence, trip.updated_at, trip.updated_at, cancelled=False)
    out.add("summary", f"Межведомственный выезд: {trip.district.name}")
    lines = [f"Серия: {trip.series.name}", f"Машина: {car.name}",
             f"Состав: {ctx.names(trip.staff)}"]
    if trip.reception_venue is not None:
        out.add("location", trip.reception_venue.name)
        lines.append(f"Приём семей: {trip.reception_venue.name}, "
                     f"{trip.reception_start}–{trip.reception_end}")
    if trip.meeting_date is not None:
        lines.append(f"Планёрка: {trip.meeting_date.strftime('%d.%m.%Y')} {trip.meeting_start}")
    out.add("description", "\n".join(lines))
    return out


def _family_visit(ctx: _Context, event: PublishedEvent) -> Event:
    """The family's view: the hour window and roles, nothing about the case."""
    seen = family_visit(ctx.session, event)
    out = _event(ctx, event.uid, ctx.at(event.date, seen.window[0]), ctx.at(event.date, seen.window[1]),
                 event.sequence, event.created_at, event.last_modified, event.cancelled)
    what, who = ("Приём", "Примут") if seen.place else ("Визит", "Придут")
    out.add("summary", f"{what} специалистов центра" + (" отменён" if event.cancelled else ""))
    if seen.place:  # a reception point the family comes to
        out.add("location", seen.place)
    out.add("description", f"{who}: {', '.join(seen.roles)}\nТелефон центра: {config.load().centre_phone}")
    return out


def _session_event(ctx: _Context, meeting: Session, people: str, cancelled: bool = False) -> Event:
    """A group session or supervision from the term timetable (``people``: names or roles).

    ``cancelled``: for someone taken off the session, who must see it go.
    """
    end_day = meeting.end_date or meeting.date
    out = _event(ctx, f"session-{meeting.id}", ctx.at(meeting.date, meeting.start),
                 ctx.at(end_day, meeting.end), meeting.sequence, meeting.updated_at,
                 meeting.updated_at, cancelled=cancelled)
    programme = meeting.programme
    out.add("summary", f"{'Отменено: ' if cancelled else ''}{programme.name} ({meeting.n}/{programme.sessions})")
    venue = meeting.venue
    if venue is not None:
        out.add("location", "онлайн" if venue.online else venue_place(venue))
    out.add("description", f"Занятие {meeting.n} из {programme.sessions}\nВедут: {people}")
    return out


def _utc(moment: dt.datetime) -> dt.datetime:
    """Stored timestamps are naive UTC; feeds write them with a Z."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
