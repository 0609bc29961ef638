"""Secret feed tokens: 256 random bits in the URL, only their SHA-256 in the database.

A calendar app cannot sign in, so the URL itself is the key. The token is
shown once, when it is issued; the database keeps its digest, so a dump or
a backup does not hand out working feed URLs. Issuing a new token revokes
the old one (a lost phone is dealt with by one click), and a revoked token
is kept as a row so the page can tell when it was revoked.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import FEED_KINDS, FeedToken, User, tenancy
from planner.clock import utcnow

TOKEN_BYTES = 32
"""256 bits; ``token_urlsafe`` makes it 43 URL-safe characters."""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, kind: str, subject_id: int, user: User | None = None) -> str:
    """A fresh token for the subject's feed; every earlier one stops working."""
    if kind not in FEED_KINDS:
        raise ValueError(f"unknown feed kind {kind!r}; one of {', '.join(FEED_KINDS)}")
    revoke(session, kind, subject_id)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(FeedToken(digest=digest(token), kind=kind, subject_id=subject_id,
                          created_at=utcnow(), created_by_id=user.id if user is not None else None))
    session.flush()
    return token


def revoke(session: Session, kind: str, subject_id: int) -> int:
    """Revoke the subject's live tokens; returns how many there were."""
    live = session.scalars(select(FeedToken).where(
        FeedToken.kind == kind, FeedToken.subject_id == subject_id, FeedToken.revoked_at.is_(None))).all()
    for token in live:
        token.revoked_at = utcnow()
    session.flush()
    return len(live)


def current(session: Session, kind: str, subject_id: int) -> FeedToken | None:
    """The subject's live token row (never the token itself: that is not stored)."""
    return session.scalars(select(FeedToken).where(
        FeedToken.kind == kind, FeedToken.subject_id == subject_id, FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.id.desc())).first()


def resolve(session: Session, token: str) -> FeedToken | None:
    """The live token row behind a URL token, or None (unknown or revoked).

    A token belongs to a person, vehicle, programme or family, hence to a centre: from here on
    ``session`` sees only that centre (a feed shows nothing of another centre's)."""
    if not token or len(token) > 128:
        return None
    row = session.scalars(select(FeedToken).where(FeedToken.digest == digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    tenancy.enter(session, row.centre_id)
    return row

