"""The channels a family notice leaves by: SMTP for e-mail, an HTTP gateway for SMS.

A channel is used from its own thread for one run of the outbox: it gets
plain ``Letter``s, never database rows, and answers each with nothing
(delivered), ``SendError`` (this message failed) or ``ChannelDown`` (nothing
can go through this channel now). Error texts name the server, never a
password or token.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import requests

from planner import clock, config

SMTP_TIMEOUT = 30
SMS_TIMEOUT = 15


class SendError(Exception):
    """A channel could not deliver one message; the text says why, without secrets."""


class ChannelDown(SendError):
    """The channel cannot be reached at all; its other messages wait for the next run."""


@dataclass(frozen=True)
class Letter:
    """One notice as plain data, so a channel's thread never touches the database session."""

    notice_id: int
    to: str
    subject: str
    body: str

    @property
    def key(self) -> str:
        """What names the message in its Message-ID (never a secret)."""
        return f"notice-{self.notice_id}"


class SmtpChannel:
    """One SMTP connection for the whole run, opened at the first message."""

    def __init__(self, settings: config.Settings):
        self.settings, self.smtp = settings, None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass

    def _where(self) -> str:
        return f"smtp {self.settings.smtp_host}:{self.settings.smtp_port}"

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        try:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelDown(f"{self._where()}: {type(exc).__name__}: {exc}") from exc
        return smtp

    def send(self, letter: Letter) -> None:
        self.deliver(letter.to, letter.subject, letter.body, letter.key)

    def deliver(self, to: str, subject: str, body: str, key: str) -> None:
        """One plain-text e-mail; ``key`` names it in its Message-ID."""
        settings = self.settings
        message = EmailMessage()
        message["From"] = settings.mail_sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = format_datetime(clock.now())
        message["Message-ID"] = make_msgid(idstring=key, domain=settings.uid_domain)
        message.set_content(body)
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise SendError(f"{self._where()}: {type(exc).__name__}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise ChannelDown(f"{self._where()}: {type(exc).__name__}: {exc}") from exc


def deliver_email(to: str, subject: str, body: str, key: str, settings: config.Settings) -> None:
    """One e-mail on its own connection (letters other than notices); ``SendError`` says why not."""
    with SmtpChannel(settings) as channel:
        channel.deliver(to, subject, body, key)


class SmsChannel:
    """POST ``{"to", "text"}`` as JSON; any 2xx answer means the gateway took it."""

    def __init__(self, settings: config.Settings):
        self.settings, self.http = settings, requests.Session()
        if settings.sms_token:
            self.http.headers["Authorization"] = f"Bearer {settings.sms_token}"

    def __enter__(self):
        if not self.settings.sms_url:
            raise ChannelDown("PLANNER_SMS_URL is not set")
        return self

    def __exit__(self, *_exc):
        self.http.close()

    def send(self, letter: Letter) -> None:
        try:
            answer = self.http.post(self.settings.sms_url, json={"to": letter.to, "text": letter.body},
                                    timeout=SMS_TIMEOUT)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise ChannelDown(f"sms gateway: {type(exc).__name__}") from exc
        except requests.RequestException as exc:
            raise SendError(f"sms gateway: {type(exc).__name__}") from exc
        if not answer.ok:
            raise SendError(f"sms gateway answered {answer.status_code}")
