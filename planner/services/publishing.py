"""Publishing a week's plan: the moment a draft becomes what people act on.

Publishing supersedes the week's previously published version, then compares
every visit and brigade trip of the new version with what was last published
(``PublishedEvent``) and records the difference: new, moved (date or time),
changed (crew or vehicle only), unchanged, removed. Calendar feeds read those
rows, so an unchanged re-publication changes nothing a subscriber sees, and
families are told only about what really changed for them.

The caller owns the transaction: ``publish`` flushes but never commits, so
the status change, the event state and the queued notices land together.

Two heads may publish the same week at the same moment. The database holds
at most one published version per week (a partial unique index on
``plan``), and the status is written before any event is read, so the
second publication either waits for the first and sees its events, or (a
different version) fails with ``PublishConflict`` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.models import Plan, PublishedEvent, User
from planner.services import notices
from planner.clock import utcnow

PUBLISHABLE = ("draft", "superseded", "published")


class PublishError(ValueError):
    """The plan cannot be published (e.g. the solver failed on it)."""


class PublishConflict(PublishError):
    """Another version of the week was published at the same moment; the caller rolls back."""


@dataclass(frozen=True)
class EventDraft:
    """What the new plan version says about one event, before comparison."""

    uid: str
    kind: str
    date: dt.date
    start: str
    end: str
    vehicle_id: int
    staff: tuple[str, ...]
    crew: tuple[str, ...]
    visit_request_id: int | None = None
    family_id: int | None = None

    def fingerprint(self) -> tuple:
        return (self.date, self.start, self.end, self.vehicle_id, self.staff, self.crew)


@dataclass
class PublishResult:
    """What a publication did, per visit key (``vr-<id>``)."""

    plan: Plan
    previous: Plan | None
    new: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notices: int = 0  # families a notice was queued for

    def change_of(self, key: str) -> str | None:
        """``new``/``moved``/``changed``/``unchanged``/``removed`` for a visit key."""
        for name in ("new", "moved", "changed", "unchanged", "removed"):
            if key in getattr(self, name):
                return name
        return None

    @property
    def affected(self) -> list[str]:
        """Visits whose family may need to hear about it."""
        return self.new + self.moved + self.changed + self.removed


def publish(session: Session, plan: Plan, user: User | None = None,
            now: dt.datetime | None = None) -> PublishResult:
    """Make ``plan`` the published version of its week and record what changed."""
    if plan.status not in PUBLISHABLE:
        raise PublishError(f"plan {plan.week} v{plan.version} is {plan.status}; only a solved plan can be published")
    now = now or utcnow()
    previous = _supersede_others(session, plan)
    plan.status, plan.published_at = "published", now
    plan.published_by_id = user.id if user is not None else None
    _write_status(session, plan)
    result = PublishResult(plan=plan, previous=previous)
    drafts = {draft.uid: draft for draft in _drafts(plan)}
    known = _known_events(session, plan.week, drafts)
    for uid, event in known.items():
        if uid not in drafts and event.status == "confirmed" and event.week == plan.week:
            _note(result, event, _cancel(event, plan, now))
    for draft in drafts.values():
        event = known.get(draft.uid)
        if event is None:
            event = PublishedEvent(uid=draft.uid, kind=draft.kind, created_at=now,
                                   sequence=0, audience=[], vehicles=[])
            session.add(event)
            change = "new"
        else:
            change = _classify(event, draft)
        _apply(event, draft, plan, now, change)
        _note(result, event, change)
    session.flush()
    result.notices = notices.queue_for_publication(session, result.affected, plan.id)
    return result


def _supersede_others(session: Session, plan: Plan) -> Plan | None:
    others = session.scalars(
        select(Plan).where(Plan.week == plan.week, Plan.status == "published", Plan.id != plan.id)
    ).all()
    for other in others:
        other.status = "superseded"
    _write_status(session, plan)
    return max(others, key=lambda p: p.version, default=None)


def _write_status(session: Session, plan: Plan) -> None:
    """Flush status changes now: supersede before publish, and meet a rival publication here."""
    week = plan.week
    try:
        session.flush()
    except IntegrityError as error:
        raise PublishConflict(f"another version of {week} was published at the same moment") from error


def _drafts(plan: Plan):
    """One event per stop (uid = visit key) and one per brigade trip (vehicle + date)."""
    for route in plan.routes:
        crew = tuple(route.crew)
        yield EventDraft(uid=f"trip-{route.vehicle.code}-{route.date.isoformat()}", kind="trip",
                         date=route.date, start=route.depart, end=route.return_,
                         vehicle_id=route.vehicle_id, staff=crew, crew=crew)
        for stop in route.stops:
            visit = stop.visit_request
            yield EventDraft(uid=visit.key, kind="visit", date=route.date, start=stop.start,
                             end=stop.end, vehicle_id=route.vehicle_id, staff=tuple(stop.staff),
                             crew=crew, visit_request_id=visit.id, family_id=visit.family_id)


def _known_events(session: Session, week: str, drafts: dict) -> dict[str, PublishedEvent]:
    """Events of the new version plus everything still confirmed in this week."""
    query = select(PublishedEvent).where(or_(
        PublishedEvent.uid.in_(list(drafts)),
        and_(PublishedEvent.week == week, PublishedEvent.status == "confirmed"),
    ))
    return {event.uid: event for event in session.scalars(query)}


def _classify(event: PublishedEvent, draft: EventDraft) -> str:
    if event.status == "cancelled":
        return "new"
    before = (event.date, event.start, event.end, event.vehicle_id, tuple(event.staff), tuple(event.crew))
    if before == draft.fingerprint():
        return "unchanged"
    if (event.date, event.start, event.end) != (draft.date, draft.start, draft.end):
        return "moved"
    return "changed"


def _apply(event: PublishedEvent, draft: EventDraft, plan: Plan, now: dt.datetime, change: str) -> None:
    """Write the draft into the event; SEQUENCE rises on every change after the first."""
    event.week, event.plan_id, event.status = plan.week, plan.id, "confirmed"
    if change == "unchanged":
        return
    if event.id is not None:
        event.sequence += 1
    event.last_modified = now
    event.date, event.start, event.end = draft.date, draft.start, draft.end
    event.vehicle_id, event.staff, event.crew = draft.vehicle_id, list(draft.staff), list(draft.crew)
    event.visit_request_id, event.family_id = draft.visit_request_id, draft.family_id
    event.audience = sorted(set(event.audience) | set(draft.staff) | set(draft.crew))
    event.vehicles = sorted(set(event.vehicles) | {draft.vehicle_id})


def _cancel(event: PublishedEvent, plan: Plan, now: dt.datetime) -> str:
    event.status, event.plan_id = "cancelled", plan.id
    event.sequence += 1
    event.last_modified = now
    return "removed"


def _note(result: PublishResult, event: PublishedEvent, change: str) -> None:
    if event.kind == "visit":
        getattr(result, change).append(event.uid)
