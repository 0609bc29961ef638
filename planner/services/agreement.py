"""Agreeing expedition dates with the partner agencies: letters out, answers in.

``ask`` writes one pending ``TripAnswer`` per trip date and addressee (each
partner staff member on the trip, and their agency's contact) and sends each
addressee one Russian e-mail through the centre's SMTP server
(``outbox.deliver_email``) listing their trips, each with a personal link.
The token lives only in that e-mail: the database keeps its SHA-256, and a
letter that could not be sent gets a fresh token the next time. ``respond``
takes a confirm or decline; a forged, expired, already used or superseded
token changes nothing and says which it was. These functions flush; the
caller commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner import config
from planner.models import AgencyContact, ExpeditionSeries, ExpeditionTrip, TripAnswer, tenancy
from planner.clock import utcnow
from planner.services.expeditions import current_answers, partner_staff, team
from planner.services.family_view import ROLE_NAMES_RU
from planner.services.outbox import SendError, deliver_email

TOKEN_BYTES = 32
"""256 bits, as the feed tokens."""

CHOICES = ("confirm", "decline")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class SendReport:
    """Letters that went out and addresses that could not be reached (with the reason)."""

    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What a token stands for: ``open`` (may answer), ``confirmed`` / ``declined`` (just
    answered), ``answered`` (used before), ``expired``, ``superseded`` or ``unknown``."""

    kind: str
    answer: TripAnswer | None = None


# --- asking -----------------------------------------------------------------------------------


def ask(db: DbSession, series: ExpeditionSeries, link: Callable[[str], str],
        now: dt.datetime | None = None) -> SendReport:
    """Ask every addressee about every coming trip date not yet sent to them; send the letters.

    ``link(token)`` makes the absolute URL of the token page.
    """
    now = now or utcnow()
    letters: dict[str, list[tuple[TripAnswer, str]]] = defaultdict(list)
    for trip in series.trip_rows:
        if trip.date <= now.date():
            continue
        have = {(a.staff_id, a.contact_id): a for a in current_answers(trip)}
        for staff, contact, email in addressees(db, trip):
            answer = have.get((staff and staff.id, contact and contact.id))
            if answer is not None and answer.sent_at is not None:
                continue
            if answer is None:
                answer = TripAnswer(trip=trip, staff=staff, contact=contact, email=email,
                                    date=trip.date, created_at=now,
                                    expires_at=dt.datetime.combine(trip.date, dt.time()))
                db.add(answer)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            answer.digest = digest(token)
            letters[email].append((answer, token))
    db.flush()
    return _send(series, letters, link, now)


def addressees(db: DbSession, trip: ExpeditionTrip):
    """(staff, contact, e-mail) of each partner on the trip and of their agencies' contacts."""
    partners = partner_staff(trip)
    for person in partners:
        if person.email:
            yield person, None, person.email
    agencies = sorted({p.agency_id for p in partners})
    for contact in db.scalars(select(AgencyContact).where(AgencyContact.agency_id.in_(agencies))
                              .order_by(AgencyContact.id)):
        if contact.email:
            yield None, contact, contact.email


def _send(series: ExpeditionSeries, letters: dict, link: Callable[[str], str],
          now: dt.datetime) -> SendReport:
    settings = config.load()
    report = SendReport()
    for email, items in sorted(letters.items()):
        subject, body = letter(series, items, link, settings.centre_phone)
        try:
            deliver_email(email, subject, body, f"expedition-{series.id}-{items[0][0].id}",
                          settings)
        except SendError as exc:
            report.failed[email] = str(exc)
            for answer, _ in items:
                answer.sent_at, answer.last_error = None, str(exc)[:400]
            continue
        report.sent.append(email)
        for answer, _ in items:
            answer.sent_at, answer.last_error = now, ""
    return report


def letter(series: ExpeditionSeries, items: list[tuple[TripAnswer, str]],
           link: Callable[[str], str], phone: str) -> tuple[str, str]:
    """Subject and Russian text of one addressee's letter: every trip with its own link."""
    who = items[0][0].who
    lines = [f"Здравствуйте, {who}!", "",
             f"{series.organiser.name} предлагает даты межведомственных выездов "
             f"«{series.name}». Пожалуйста, подтвердите или отклоните каждую дату по личной "
             "ссылке под ней (входить в систему не нужно).", ""]
    for answer, token in sorted(items, key=lambda item: item[0].trip.date):
        lines += [*trip_lines(answer.trip), f"  Ответить: {link(token)}", ""]
    lines += ["Ссылка действует до дня выезда и только для вас.",
              f"Вопросы по телефону центра: {phone}"]
    return f"Согласование выездов «{series.name}»", "\n".join(lines)


def trip_lines(trip: ExpeditionTrip) -> list[str]:
    """A trip in Russian: date, hours, district, reception point, team by role."""
    day = format_date(trip.date, "EEEE, d MMMM y", locale="ru")
    lines = [f"• {day}, {trip.start}–{trip.end}: {trip.district.name}"]
    if trip.reception_venue is not None:
        lines.append(f"  Приём семей: {trip.reception_venue.name}, "
                     f"{trip.reception_start}–{trip.reception_end}")
    people = [f"{p.full_name} ({ROLE_NAMES_RU.get(p.roles[0], p.roles[0])})" for p in team(trip)]
    lines.append(f"  Состав: {', '.join(people)}")
    return lines


# --- answering --------------------------------------------------------------------------------


def find(db: DbSession, token: str, now: dt.datetime | None = None) -> Outcome:
    """What the token page should say, without changing anything."""
    if not token or len(token) > 128:
        return Outcome("unknown")
    answer = db.scalar(select(TripAnswer).where(TripAnswer.digest == digest(token)))
    if answer is None:
        return Outcome("unknown")
    tenancy.enter(db, answer.centre_id)  # the page goes on in the trip's centre only
    if answer.status == "superseded" or answer.date != answer.trip.date:
        return Outcome("superseded", answer)
    if answer.status in ("confirmed", "declined"):
        return Outcome("answered", answer)
    if (now or utcnow()) >= answer.expires_at:
        return Outcome("expired", answer)
    return Outcome("open", answer)


def respond(db: DbSession, token: str, choice: str, now: dt.datetime | None = None) -> Outcome:
    """Record a confirm or decline once; any other state of the token changes nothing."""
    now = now or utcnow()
    found = find(db, token, now)
    if found.kind != "open" or choice not in CHOICES:
        return found
    answer = found.answer
    answer.status = "confirmed" if choice == "confirm" else "declined"
    answer.answered_at = now
    db.flush()
    return Outcome(answer.status, answer)
