"""What really happened at each stop, written into the visit history.

The next due date counts from visits made (``VisitRecord`` outcome
``done``), so recording outcomes is what moves a family's cadence on; a
family that was absent, or a visit that was moved, stays due.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner import clock
from planner.models import OUTCOMES, PURPOSES, Stop, VisitRecord

REQUEST_STATUS = {"done": "done", "refused": "refused", "absent": "open", "moved": "open"}
"""An absent family or a moved visit leaves the request open to be planned again."""


def record_outcome(db: DbSession, stop_id: int, outcome: str, note: str = "",
                   at: dt.datetime | None = None) -> VisitRecord:
    """Record ``outcome`` of a stop (again: the last word counts); LookupError/ValueError on bad input."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    stop = db.get(Stop, stop_id)
    if stop is None:
        raise LookupError(f"no stop with id {stop_id}")
    request = stop.visit_request
    stop.outcome, stop.outcome_note = outcome, note
    stop.outcome_at = at or clock.utcnow()
    record = db.scalar(select(VisitRecord).where(VisitRecord.stop_id == stop.id))
    if record is None:
        record = VisitRecord(stop=stop)
        db.add(record)
    record.family_id, record.visit_request_id = request.family_id, request.id
    record.date, record.outcome, record.note = stop.route.date, outcome, note
    record.purpose = request.purpose if request.purpose in PURPOSES else (
        "urgent" if request.origin == "urgent" else "routine")
    record.staff = list(stop.staff)
    request.status = REQUEST_STATUS[outcome]
    db.flush()
    return record
