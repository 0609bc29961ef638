"""The outbox of family notices: every message, what it announced and whether it went.

A notice is written in the same transaction as the publication that caused
it and sent later, so a mail server or SMS gateway that is down loses
nothing: the row stays queued and is retried. ``visits`` keeps what the
family was told about each visit (date, time window, roles, status), which
is how an unchanged visit is never announced twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner import clock
from planner.models.base import Base
from planner.models.centre import CentreOwned

NOTICE_STATUSES = ("queued", "sent", "failed", "superseded")
"""queued: waiting or retrying; sent: delivered (what the family was told);
failed: given up after the last attempt, listed for a person to send again;
superseded: folded into a newer notice to the same family before it went."""


class Notice(CentreOwned, Base):
    """One message to one family over one channel (email, sms or print)."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    visits: Mapped[list] = mapped_column(default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(400), default="")
    next_attempt_at: Mapped[dt.datetime | None]
    failing_since: Mapped[dt.datetime | None]
    """When the current run of failures began: a notice is given up only after it failed for a while."""
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    sent_at: Mapped[dt.datetime | None]

    family: Mapped["Family"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.channel} {self.status}>"
