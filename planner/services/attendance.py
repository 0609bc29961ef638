"""Whether a group session was held, and who came.

Reports compare the term's timetable (``Session``: planned) with these
records (held, and the families, adults and children who attended).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner.models import Session, SessionRecord


def record_session(db: DbSession, session_id: int, held: bool, *, families: int = 0,
                   adults: int = 0, children: int = 0, note: str = "") -> SessionRecord:
    """Record a timetabled session as held (with its attendance) or not (again: the last word counts).

    LookupError for an unknown session, ValueError for negative counts or
    attendance at a session that was not held.
    """
    session = db.get(Session, session_id)
    if session is None:
        raise LookupError(f"no group session with id {session_id}")
    counts = {"families": families, "adults": adults, "children": children}
    for name, value in counts.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative, got {value}")
    if not held and any(counts.values()):
        raise ValueError("a session that was not held has no attendance")
    record = db.scalar(select(SessionRecord).where(
        SessionRecord.programme_id == session.programme_id, SessionRecord.date == session.date))
    if record is None:
        record = SessionRecord(programme_id=session.programme_id, date=session.date)
        db.add(record)
    record.held, record.note = held, note
    record.families, record.adults, record.children = families, adults, children
    db.flush()
    return record


def sessions_to_record(db: DbSession, start, end) -> list[tuple[Session, SessionRecord | None]]:
    """The timetabled sessions dated ``start``..``end``, each with what was recorded (None: nothing yet)."""
    sessions = db.scalars(select(Session).where(Session.date.between(start, end))
                          .order_by(Session.date, Session.start, Session.id)).all()
    records = {(r.programme_id, r.date): r for r in db.scalars(
        select(SessionRecord).where(SessionRecord.date.between(start, end)))}
    return [(session, records.get((session.programme_id, session.date))) for session in sessions]
