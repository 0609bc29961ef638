"""Server-side sign-ins: a session lasts only while its row exists.

The session cookie is signed but kept by the browser, so clearing it at
sign-out does not stop a copy saved earlier. The cookie therefore carries a
random token whose SHA-256 is a ``SignIn`` row; signing out deletes that
row, and a password change or a deactivation deletes every row of the
user, so a replayed cookie finds nothing and is anonymous.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.models import SignIn, User
from planner.clock import utcnow


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User) -> str:
    """A new sign-in of ``user``; returns the token for the cookie (the caller commits)."""
    token = secrets.token_urlsafe(32)
    session.add(SignIn(user_id=user.id, digest=_digest(token), created_at=utcnow()))
    session.flush()
    return token


def user_of(session: Session, token: str) -> User | None:
    """The active user signed in with ``token``, else None."""
    user = session.scalar(select(User).join(SignIn, SignIn.user_id == User.id)
                          .where(SignIn.digest == _digest(token)))
    return user if user is not None and user.active else None


def end(session: Session, token: str) -> None:
    """End one sign-in (sign-out); the caller commits."""
    session.execute(delete(SignIn).where(SignIn.digest == _digest(token)))


def end_all(session: Session, user: User) -> None:
    """End every sign-in of ``user`` (new password, deactivation); the caller commits."""
    session.execute(delete(SignIn).where(SignIn.user_id == user.id))
