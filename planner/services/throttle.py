"""Sign-in throttling: too many wrong passwords for one account or from one address.

Each failed sign-in is a row; while an account has ``PER_ACCOUNT`` failures
or an address ``PER_ADDRESS`` failures inside ``WINDOW``, sign-in is refused
without looking at the password, so guessing costs the guesser the window
each few tries. The per-address limit is higher: an office shares one
address. A successful sign-in clears the account's failures.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planner.models import SignInFailure
from planner.clock import utcnow

WINDOW = dt.timedelta(minutes=15)
PER_ACCOUNT = 5
PER_ADDRESS = 20


def _key(username: str) -> str:
    return username.strip().lower()[:80]


def retry_after(session: Session, username: str, address: str, now: dt.datetime | None = None) -> int:
    """Seconds until this account and address may try again; 0 when they may now."""
    now = now or utcnow()
    since = now - WINDOW
    waits = []
    for column, value, limit in ((SignInFailure.username, _key(username), PER_ACCOUNT),
                                 (SignInFailure.address, address[:64], PER_ADDRESS)):
        times = session.scalars(select(SignInFailure.at).where(column == value, SignInFailure.at > since)
                                .order_by(SignInFailure.at.desc()).limit(limit)).all()
        if len(times) >= limit:
            waits.append(int((times[-1] + WINDOW - now).total_seconds()) + 1)
    return max(waits, default=0)


def record_failure(session: Session, username: str, address: str, now: dt.datetime | None = None) -> None:
    """Count one failed sign-in and forget those older than the window (the caller commits)."""
    now = now or utcnow()
    session.execute(delete(SignInFailure).where(SignInFailure.at <= now - WINDOW))
    session.add(SignInFailure(username=_key(username), address=address[:64], at=now))
    session.flush()


def clear(session: Session, username: str) -> None:
    """Forget an account's failures after it signed in."""
    session.execute(delete(SignInFailure).where(SignInFailure.username == _key(username)))
