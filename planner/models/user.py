"""Accounts of the web app, their sign-ins, and the secret tokens behind calendar feeds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner import clock
from planner.models.base import Base
from planner.models.centre import CentreOwned

USER_ROLES = ("admin", "head", "coordinator", "specialist", "regional")
"""``regional``: the region's coordinator, who sees every centre's coverage and report as counts only."""
FEED_KINDS = ("staff", "vehicle", "programme", "family")


class User(CentreOwned, Base):
    """Someone who signs in; a specialist is linked to their staff record."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    locale: Mapped[str] = mapped_column(String(5), default="ru")
    active: Mapped[bool] = mapped_column(default=True)

    staff: Mapped["Staff | None"] = relationship()  # noqa: F821


class SignIn(Base):
    """One signed-in browser: the session cookie carries a random token, the row its SHA-256.

    Deleting the row ends that session on the server, so a cookie saved
    before sign-out, a password change or a deactivation no longer works.
    """

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime]


class SignInFailure(Base):
    """A wrong password (or unknown user name) from an address: what sign-in throttling counts."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)


class FeedToken(CentreOwned, Base):
    """A revocable secret behind a feed URL.

    Only the SHA-256 digest of the token is stored, so a database dump does
    not leak working URLs.
    """

    __tablename__ = "feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.utcnow)
    revoked_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
