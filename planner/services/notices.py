"""Family notices: queued when a plan is published, sent later through an outbox.

A family hears about a visit when what it would be told differs from what
it was last told: a new visit, a new date or hour window, other roles, or a
cancellation of a visit it knew about. "Told" means delivered: only a sent
notice counts, so a visit whose first notice never went out is announced
as new at its new time, and its cancellation simply withdraws it from the
waiting notice. Re-publishing an unchanged plan, or moving a visit by twenty
minutes inside the same hour, says nothing. Each family gets at most one
undelivered message: a newer publication folds the waiting or failed one
into itself, so a family never reads two contradicting texts.

Sending is separate (``send_pending``) so a slow or dead mail server never
blocks publishing, and every failure stays in the outbox for a retry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner import config
from planner.clock import utcnow
from planner.models import Family, Notice, PublishedEvent
from planner.services.family_view import FamilyVisit, family_visit

PENDING = ("queued", "failed")
TOLD = ("sent",)
COMPARED = ("status", "date", "window", "roles", "place")


def channel_for(family: Family) -> str | None:
    """The family's channel, falling back to what its contacts allow; None if it opted out."""
    wanted = family.notice_channel
    if wanted == "none":
        return None
    if wanted == "email" and family.contact_email:
        return "email"
    if wanted in ("email", "sms") and family.contact_phone:
        return "sms"
    return "print"


def queue_for_publication(session: Session, changed_keys: list[str], plan_id: int | None) -> int:
    """Queue one notice per family whose visits read differently now; returns how many."""
    news: dict[int, dict[str, dict | None]] = defaultdict(dict)
    for event in session.scalars(select(PublishedEvent).where(PublishedEvent.uid.in_(changed_keys))):
        family = event.family
        if family is None or not family.is_active or channel_for(family) is None:
            continue
        told = _last_told(session, family.id, event.uid)
        news[family.id][event.uid] = _news(family_visit(session, event), told)
    queued = sum(_queue(session, session.get(Family, family_id), by_key, plan_id)
                 for family_id, by_key in news.items())
    session.flush()
    return queued


def _news(seen: FamilyVisit, told: dict | None) -> dict | None:
    """The record to send, or None when the family already knows (or never needs to)."""
    record = seen.as_record()
    if told is not None and all(told.get(k) == record[k] for k in COMPARED):
        return None
    if seen.status == "cancelled":
        if told is None or told["status"] == "cancelled":
            return None
        return record | {"change": "cancelled"}
    if told is None or told["status"] == "cancelled":
        return record | {"change": "new"}
    if (told["date"], told["window"]) != (record["date"], record["window"]):
        return record | {"change": "moved"}
    return record | {"change": "place" if told.get("place") != record["place"] else "crew"}


def _last_told(session: Session, family_id: int, key: str) -> dict | None:
    notices = session.scalars(select(Notice).where(Notice.family_id == family_id,
                                                   Notice.status.in_(TOLD)).order_by(Notice.id.desc()))
    for notice in notices:
        for record in notice.visits:
            if record["key"] == key:
                return record
    return None


def _queue(session: Session, family: Family, by_key: dict[str, dict | None], plan_id: int | None) -> bool:
    """Fold the family's undelivered notice into a new one, so the family reads one message.

    ``by_key`` holds, per changed visit, the record to tell or None (nothing
    to tell, e.g. the cancellation of a visit never told): a None also drops
    that visit from the undelivered notice. Answers whether a notice was queued.
    """
    pending = session.scalars(select(Notice).where(Notice.family_id == family.id,
                                                   Notice.status.in_(PENDING))).all()
    waiting = [r for notice in pending for r in notice.visits]
    records = [r for r in waiting if r["key"] not in by_key] + [r for r in by_key.values() if r is not None]
    if _gist(records) == _gist(waiting):
        return False
    for notice in pending:
        notice.status = "superseded"
    if not records:
        return False
    records.sort(key=lambda r: (r["date"], r["window"]))
    channel = channel_for(family)
    notice = Notice(family=family, plan_id=plan_id, channel=channel, status="queued",
                    subject=subject(records), body=render(records, short=channel == "sms"),
                    visits=records, created_at=utcnow())
    session.add(notice)
    return True


def _gist(records: list[dict]) -> list[tuple]:
    """What a family would read in these records, in a comparable form."""
    return sorted((r["key"], r["change"], *(repr(r.get(k)) for k in COMPARED)) for r in records)


def subject(records: list[dict]) -> str:
    if all(r["change"] == "new" for r in records):
        return "Визит специалистов центра"
    return "Изменения в визите специалистов центра"


def render(records: list[dict], short: bool = False) -> str:
    """The message in Russian: date, hour window, roles, the centre's phone."""
    phone = config.load().centre_phone
    lines = [_line(r, short) for r in records]
    if short:
        return " ".join(["Центр помощи семье:", *lines, f"Тел. {phone}"])
    return "\n\n".join(["Здравствуйте!", *lines,
                        f"Если время не подходит или есть вопросы, позвоните в центр: {phone}."])


def _line(record: dict, short: bool) -> str:
    day = dt.date.fromisoformat(record["date"])
    when = format_date(day, "dd.MM" if short else "d MMMM (EEEE)", locale="ru")
    start, end = record["window"]
    if record["change"] == "cancelled":
        return f"Визит {when} отменён." + ("" if short else " Мы сообщим новое время.")
    who = ", ".join(record["roles"])
    if place := record.get("place"):  # the family comes to a reception point
        lead = {"new": "Приём", "moved": "Приём перенесён на", "crew": "Изменился состав специалистов, приём",
                "place": "Изменилось место: приём"}
        return f"{lead[record['change']]} {when} с {start} до {end}, место: {place}" + (
            f"; примут: {who}." if who else ".")
    lead = {"new": "Визит", "moved": "Визит перенесён на", "crew": "Изменился состав специалистов, визит",
            "place": "Изменилось место: визит к вам домой"}
    return f"{lead[record['change']]} {when} с {start} до {end}" + (f"; придут: {who}." if who else ".")

