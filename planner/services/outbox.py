"""Sending the outbox: e-mail over SMTP, SMS through an HTTP gateway, print lists.

A notice is told only when it is delivered: it stays ``queued`` until its
channel took it, and each message is committed as sent right after it
leaves, so a crash in the middle of a run never sends it twice.

E-mail and SMS go out side by side, one thread per channel, so a mail
server that accepts a connection and never answers delays only the
e-mail. A channel that cannot be reached at all (``ChannelDown``: refused,
timed out, disconnected) is not tried again for the rest of the run; its
remaining notices wait for the next one. A failure is recorded on the
notice with a growing pause before the next try; a notice is given up
(``failed``) only after ``MAX_ATTEMPTS`` tries spread over at least
``GIVE_UP_AFTER``, so a few ``--now`` runs during a short outage cannot use
up its tries. Failed notices are listed (``undelivered``) and can be sent
again (``resend``). Families without a phone get their notice on a printed
list the curator hands over.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import queue
import threading
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from planner import config
from planner.clock import utcnow
from planner.models import Notice
from planner.services.channels import (  # noqa: F401  deliver_email: other letters use the same SMTP channel
    ChannelDown, Letter, SendError, SmsChannel, SmtpChannel, deliver_email,
)

MAX_ATTEMPTS = 6
BACKOFF = dt.timedelta(minutes=5)
"""First retry after 5 minutes, then 10, 20, ... (about 2.5 hours in all)."""
GIVE_UP_AFTER = sum((BACKOFF * 2**n for n in range(MAX_ATTEMPTS - 1)), dt.timedelta())
SENT_BY_NETWORK = ("email", "sms")


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def send_pending(session: Session, now: dt.datetime | None = None, retry_now: bool = False) -> SendReport:
    """Send every due e-mail and SMS notice, the channels side by side; commits after each one."""
    now = now or utcnow()
    settings = config.load()
    query = select(Notice).where(Notice.status == "queued", Notice.channel.in_(SENT_BY_NETWORK))
    if not retry_now:
        query = query.where(or_(Notice.next_attempt_at.is_(None), Notice.next_attempt_at <= now))
    due = {notice.id: notice for notice in session.scalars(query.order_by(Notice.id))}
    outcomes: queue.Queue = queue.Queue()
    threads = []
    for channel, sender in (("email", SmtpChannel), ("sms", SmsChannel)):
        letters = [_letter(n) for n in due.values() if n.channel == channel]
        if letters:
            threads.append(threading.Thread(target=_run_channel, args=(sender(settings), letters, outcomes),
                                            name=f"notices-{channel}", daemon=True))
    for thread in threads:
        thread.start()
    report = SendReport()
    for _ in range(len(due)):
        notice_id, error = outcomes.get()
        _record(due[notice_id], error, now, report)
        session.commit()
    for thread in threads:
        thread.join()
    return report


def _letter(notice: Notice) -> Letter:
    family = notice.family
    to = family.contact_email if notice.channel == "email" else family.contact_phone
    return Letter(notice.id, to, notice.subject, notice.body)


def _run_channel(channel, letters: list[Letter], outcomes: queue.Queue) -> None:
    """Send ``letters`` in order, putting ``(notice id, error or None)`` for every one of them."""
    done = 0
    try:
        with channel:
            for letter in letters:
                try:
                    channel.send(letter)
                    outcomes.put((letter.notice_id, None))
                except ChannelDown:
                    raise
                except SendError as error:
                    outcomes.put((letter.notice_id, str(error)))
                done += 1
    except ChannelDown as error:
        reason = str(error)
    except Exception as error:  # a bug in a channel must still answer for every letter
        reason = f"{type(error).__name__}"
    else:
        return
    for letter in letters[done:]:
        outcomes.put((letter.notice_id, reason))


def _record(notice: Notice, error: str | None, now: dt.datetime, report: SendReport) -> None:
    notice.attempts += 1
    if error is None:
        notice.status, notice.sent_at, notice.last_error = "sent", now, ""
        report.sent.append(notice.id)
        return
    notice.last_error = error[:400]
    notice.failing_since = notice.failing_since or now
    if notice.attempts >= MAX_ATTEMPTS and now - notice.failing_since >= GIVE_UP_AFTER:
        notice.status = "failed"
        report.failed.append(notice.id)
    else:
        notice.next_attempt_at = now + BACKOFF * 2 ** min(notice.attempts - 1, MAX_ATTEMPTS - 1)
        report.retrying.append(notice.id)


def undelivered(session: Session) -> list[Notice]:
    """E-mail and SMS notices given up, then those still being retried after a failure."""
    return session.scalars(select(Notice).where(
        Notice.channel.in_(SENT_BY_NETWORK),
        or_(Notice.status == "failed", (Notice.status == "queued") & (Notice.attempts > 0)),
    ).order_by(Notice.status, Notice.id)).all()


def waiting(session: Session) -> int:
    """E-mail and SMS notices not delivered yet: queued, retrying or given up."""
    return session.scalar(select(func.count()).select_from(Notice).where(
        Notice.channel.in_(SENT_BY_NETWORK), Notice.status.in_(("queued", "failed"))))


def resend(session: Session, ids: list[int] | None = None) -> int:
    """Queue given-up notices again (``ids``, or all of them) with a fresh set of tries."""
    query = select(Notice).where(Notice.status == "failed", Notice.channel.in_(SENT_BY_NETWORK))
    if ids is not None:
        query = query.where(Notice.id.in_(ids))
    notices = session.scalars(query).all()
    for notice in notices:
        notice.status, notice.attempts, notice.failing_since, notice.next_attempt_at = "queued", 0, None, None
    session.flush()
    return len(notices)


def print_queue(session: Session) -> list[Notice]:
    """Notices waiting to be printed and handed over by the curator."""
    return session.scalars(select(Notice).where(Notice.status == "queued", Notice.channel == "print")
                           .order_by(Notice.id)).all()


def print_csv(notices: list[Notice]) -> str:
    """The paper list as CSV: case code, settlement, address, text (no family names)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["notice", "case_code", "settlement", "address", "text"])
    for notice in notices:
        family = notice.family
        writer.writerow([notice.id, family.case_code, family.settlement.name, family.address, notice.body])
    return out.getvalue()


def mark_handed_over(session: Session, ids: list[int], now: dt.datetime | None = None) -> int:
    """Mark listed print notices as sent; only ones still queued, so a stale page cannot undo news."""
    notices = [n for n in print_queue(session) if n.id in set(ids)]
    for notice in notices:
        notice.status, notice.sent_at = "sent", now or utcnow()
        notice.attempts += 1
    session.flush()
    return len(notices)
