"""Sending the outbox: e-mail over SMTP, SMS through an HTTP gateway, print lists.

Each message is committed as sent right after it leaves, so a crash in the
middle of a run never sends it twice; a failure is recorded on the notice
with a growing pause before the next try, and after ``MAX_ATTEMPTS`` the
notice is marked failed for a person to look at, never dropped. Families
without a phone get their notice on a printed list the curator hands over.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import requests
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planner import clock, config
from planner.clock import utcnow
from planner.models import Notice

MAX_ATTEMPTS = 6
BACKOFF = dt.timedelta(minutes=5)
"""First retry after 5 minutes, then 10, 20, ... (about 2.5 hours in all)."""


class SendError(Exception):
    """A channel could not deliver; the text says why, without secrets."""


@dataclass
class SendReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def send_pending(session: Session, now: dt.datetime | None = None, retry_now: bool = False) -> SendReport:
    """Send every due e-mail and SMS notice; commits after each one."""
    now = now or utcnow()
    settings = config.load()
    query = select(Notice).where(Notice.status == "queued", Notice.channel.in_(("email", "sms")))
    if not retry_now:
        query = query.where(or_(Notice.next_attempt_at.is_(None), Notice.next_attempt_at <= now))
    report = SendReport()
    for notice in session.scalars(query.order_by(Notice.id)).all():
        try:
            (send_email if notice.channel == "email" else send_sms)(notice, settings)
        except SendError as exc:
            _failed(notice, str(exc), now, report)
        else:
            notice.status, notice.sent_at, notice.last_error = "sent", now, ""
            notice.attempts += 1
            report.sent.append(notice.id)
        session.commit()
    return report


def send_email(notice: Notice, settings: config.Settings) -> None:
    deliver_email(notice.family.contact_email, notice.subject, notice.body, f"notice-{notice.id}",
                  settings)


def deliver_email(to: str, subject: str, body: str, key: str, settings: config.Settings) -> None:
    """One plain-text e-mail through the centre's SMTP server; ``SendError`` says why not.

    ``key`` names the message in its Message-ID (never a secret: the body may be one).
    """
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(idstring=key, domain=settings.uid_domain)
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"smtp {settings.smtp_host}:{settings.smtp_port}: {type(exc).__name__}: {exc}") from exc


def send_sms(notice: Notice, settings: config.Settings) -> None:
    """POST ``{"to", "text"}`` as JSON; any 2xx answer means the gateway took it."""
    if not settings.sms_url:
        raise SendError("PLANNER_SMS_URL is not set")
    headers = {"Authorization": f"Bearer {settings.sms_token}"} if settings.sms_token else {}
    try:
        answer = requests.post(settings.sms_url, json={"to": notice.family.contact_phone, "text": notice.body},
                               headers=headers, timeout=15)
    except requests.RequestException as exc:
        raise SendError(f"sms gateway: {type(exc).__name__}") from exc
    if not answer.ok:
        raise SendError(f"sms gateway answered {answer.status_code}")


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


def _failed(notice: Notice, error: str, now: dt.datetime, report: SendReport) -> None:
    notice.attempts += 1
    notice.last_error = error[:400]
    if notice.attempts >= MAX_ATTEMPTS:
        notice.status = "failed"
        report.failed.append(notice.id)
    else:
        notice.next_attempt_at = now + BACKOFF * 2 ** (notice.attempts - 1)
        report.retrying.append(notice.id)

