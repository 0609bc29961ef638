"""What really happened at each stop or contact, written into the visit history.

The next due date counts from visits made (``VisitRecord`` outcome
``done``), so recording outcomes is what moves a family's cadence on; a
family that was absent, or a visit that was moved, stays due. A visit made
also says which services of the catalogue were given and how many adults
and children were met: the figures a centre reports (``services/reports``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner import clock
from planner.models import CONTACT_MODES, OUTCOMES, PURPOSES, Family, Service, Stop, VisitRecord
from planner.services.plans import stop_venue

REQUEST_STATUS = {"done": "done", "refused": "refused", "absent": "open", "moved": "open"}
"""An absent family or a moved visit leaves the request open to be planned again."""


def record_outcome(db: DbSession, stop_id: int, outcome: str, note: str = "",
                   at: dt.datetime | None = None, *, services: Iterable[str] | None = None,
                   adults: int | None = None, children: int | None = None) -> VisitRecord:
    """Record ``outcome`` of a stop (again: the last word counts); LookupError/ValueError on bad input.

    ``services`` (catalogue codes), ``adults`` and ``children`` describe a
    visit made; left out (None) they keep what was recorded before. A visit
    not made gave no service and met nobody, so they are cleared then.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    stop = db.get(Stop, stop_id)
    if stop is None:
        raise LookupError(f"no stop with id {stop_id}")
    request, day = stop.visit_request, stop.route.date
    stop.outcome, stop.outcome_note = outcome, note
    stop.outcome_at = at or clock.utcnow()
    record = db.scalar(select(VisitRecord).where(VisitRecord.stop_id == stop.id)) or VisitRecord(
        stop=stop, services=[], adults=0, children=0)
    record.family_id, record.visit_request_id = request.family_id, request.id
    record.date, record.outcome, record.note = day, outcome, note
    record.mode = "reception" if stop_venue(stop) is not None else "home"
    record.purpose = request.purpose if request.purpose in PURPOSES else (
        "urgent" if request.origin == "urgent" else "routine")
    record.staff = list(stop.staff)
    db.add(record)
    _what_was_given(db, record, services, adults, children)
    request.status = REQUEST_STATUS[outcome]
    db.flush()
    return record


def record_contact(db: DbSession, family_id: int, date: dt.date, *, mode: str = "online",
                   purpose: str = "routine", services: Iterable[str] = (), adults: int = 0,
                   children: int = 0, staff: Iterable[str] = (), note: str = "") -> VisitRecord:
    """A contact made off the routes: an online consultation or a family received at a reception point.

    It counts as a visit made (the family's cadence moves on) and in the
    reports under its ``mode``. LookupError/ValueError on bad input.
    """
    if mode not in CONTACT_MODES:
        raise ValueError(f"mode {mode!r} is not one of {', '.join(CONTACT_MODES)}")
    if purpose not in PURPOSES:
        raise ValueError(f"purpose {purpose!r} is not one of {', '.join(PURPOSES)}")
    if db.get(Family, family_id) is None:
        raise LookupError(f"no family with id {family_id}")
    record = VisitRecord(family_id=family_id, date=date, purpose=purpose, outcome="done",
                         mode=mode, staff=list(staff), note=note)
    db.add(record)
    _what_was_given(db, record, services, adults, children)
    db.flush()
    return record


def _what_was_given(db: DbSession, record: VisitRecord, services: Iterable[str] | None,
                    adults: int | None, children: int | None) -> None:
    """Write the services and people of a visit made; a visit not made has none."""
    if record.outcome != "done":
        if services or adults or children:
            raise ValueError(f"a visit that was {record.outcome} gave no services and met nobody")
        record.services, record.adults, record.children = [], 0, 0
        return
    if services is not None:
        record.services = known_services(db, services)
    for name, value in (("adults", adults), ("children", children)):
        if value is not None:
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value}")
            setattr(record, name, value)


def known_services(db: DbSession, codes: Iterable[str]) -> list[str]:
    """``codes`` checked against the active catalogue, in the order given; ValueError names the unknown."""
    codes = list(codes)
    active = set(db.scalars(select(Service.code).where(Service.active, Service.code.in_(codes))))
    unknown = [code for code in codes if code not in active]
    if unknown:
        raise ValueError(f"unknown or inactive service(s): {', '.join(unknown)}")
    return codes
