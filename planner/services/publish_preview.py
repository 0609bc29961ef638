"""What publishing a version would do, shown to the head before she confirms.

Publishing queues notices to families (cancellations among them) and changes
staff calendars, so the head sees the numbers first. The preview runs the
real ``publishing.publish`` inside a savepoint and rolls it back: the numbers
are exactly what the confirmed publication will do, with no second copy of
its rules to drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import Plan, PublishedEvent
from planner.services import publishing


@dataclass(frozen=True)
class Preview:
    """The effect of publishing a version, counted."""

    previous_version: int | None
    families: int
    new: int
    moved: int
    changed: int
    cancelled: int
    unchanged: int
    staff: int


def preview(session: Session, plan: Plan) -> Preview:
    """Publish ``plan`` in a savepoint, count what it did, roll it back; PublishError as ``publish``."""
    savepoint = session.begin_nested()
    try:
        result = publishing.publish(session, plan, None)
        touched = session.scalars(select(PublishedEvent).where(PublishedEvent.uid.in_(result.affected))).all()
        staff = {person for event in touched for person in event.audience}
        return Preview(previous_version=result.previous.version if result.previous else None,
                       families=result.notices, new=len(result.new), moved=len(result.moved),
                       changed=len(result.changed), cancelled=len(result.removed),
                       unchanged=len(result.unchanged), staff=len(staff))
    finally:
        savepoint.rollback()
        session.expire_all()
