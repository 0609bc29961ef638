"""What a family is told about a visit: the date, a one-hour window and who comes, by role.

Notices, the family's feed and the family's token page all show the same
thing, and nothing else: no surnames of staff (the family meets them at the
door), no address or case details (the family knows its own; only a reception
point the family comes to is named), and not the
planned minute either, since a brigade on rural roads keeps an hour, not a
minute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import PublishedEvent, Staff, Venue
from planner.services.plans import event_venue

ROLE_NAMES_RU = {
    "social_worker": "специалист по социальной работе",
    "psychologist": "психолог",
    "social_pedagogue": "социальный педагог",
    "pedagogue": "педагог",
    "lawyer": "юрист",
    "nurse": "медицинский работник",
    "narcologist": "врач-нарколог",
    "police_inspector": "инспектор по делам несовершеннолетних",
    "guardianship_officer": "специалист органа опеки",
    "employment_specialist": "специалист центра занятости",
    "culture_worker": "работник культуры",
    "department_head": "заведующий отделением",
    "coordinator": "координатор",
    "volunteer": "волонтёр",
}


@dataclass(frozen=True)
class FamilyVisit:
    """One visit as the family sees it; ``as_record`` is what the outbox keeps."""

    key: str
    status: str
    date: dt.date
    window: tuple[str, str]
    roles: tuple[str, ...]
    place: str | None = None
    """Where the family comes to (a reception point's name and address); None: the visit is at home."""

    def as_record(self) -> dict:
        return {"key": self.key, "status": self.status, "date": self.date.isoformat(),
                "window": list(self.window), "roles": list(self.roles), "place": self.place}


def hour_window(start: str) -> tuple[str, str]:
    """The planned start rounded outwards to a whole hour: 10:20 -> 10:00-11:00."""
    hour = int(start.split(":")[0])
    return f"{hour:02d}:00", f"{min(hour + 1, 24):02d}:00"


def role_names(people: list[Staff], wanted: list[str]) -> tuple[str, ...]:
    """Roles (Russian) of ``people``: the asked-for role each one fills, else their first."""
    names: list[str] = []
    for person in people:
        role = next((r for r in wanted if r in person.roles), person.roles[0] if person.roles else None)
        name = ROLE_NAMES_RU.get(role, role) if role else None
        if name and name not in names:
            names.append(name)
    return tuple(names)


def visit_roles(session: Session, event: PublishedEvent) -> tuple[str, ...]:
    """Roles of the people on the visit, in the order the plan lists them."""
    wanted = event.visit_request.roles if event.visit_request else []
    people = session.scalars(select(Staff).where(Staff.code.in_(event.staff))).all()
    return role_names(sorted(people, key=lambda p: event.staff.index(p.code)), wanted)


def family_visit(session: Session, event: PublishedEvent) -> FamilyVisit:
    venue = event_venue(session, event)
    return FamilyVisit(key=event.uid, status=event.status, date=event.date,
                       window=hour_window(event.start), roles=visit_roles(session, event),
                       place=venue_place(venue) if venue is not None else None)


def venue_place(venue: Venue) -> str:
    """A venue as people find it: its name and address."""
    return ", ".join(filter(None, [venue.name, venue.address]))


def family_visits(session: Session, family_id: int, since: dt.date | None = None) -> list[FamilyVisit]:
    """The family's published visits (cancelled ones too), earliest first."""
    query = select(PublishedEvent).where(PublishedEvent.family_id == family_id,
                                         PublishedEvent.kind == "visit")
    if since is not None:
        query = query.where(PublishedEvent.date >= since)
    events = session.scalars(query.order_by(PublishedEvent.date, PublishedEvent.start)).all()
    return [family_visit(session, event) for event in events]
