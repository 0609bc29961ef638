"""Who an agreed trip invites to its reception point beyond the week's due visits.

The practices announce an expedition ahead and invite the families of the
municipality and the nearby villages to the reception point for the day
(seeds 002/003: about 11 services a trip), not only those whose home visit
falls due that week. The invitations come from the product's own rows, for
families of the trip's district living near its point who are not seen this
week already, and for those on its road (``expedition_week.on_the_way``),
whom the team visits at home on its way:

- **ahead**: the family's next cadence visit, when its rule allows it on the
  trip's day (``min_days``) and it falls due before the trip into the district
  after this one; made at the point (or at home on the way), the cadence
  then counts from it;
- **consultation**: a specialist the centre rarely brings, whom the case asks
  for and the trip carries: the narcologist for a parent's dependence, the
  lawyer for an open legal question, the police juvenile inspector for a
  family in a socially dangerous position (СОП), unless the family saw one
  within ``CONSULT_DAYS`` or its own visits this week bring one. A family
  seen this week anyway is offered it too: the specialist comes once a
  month at most, the family's curator every week.

Invitations are optional and never urgent; ``expedition_week.carry`` books
them after the week's own work while the team's minutes last and drops the
rest, so none is left to a curator's car.
"""

from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import object_session

from planner.models import CadenceRule, ExpeditionTrip, Family, Settlement, Staff, VisitRecord
from planner.services.due import DueVisit, WeekContext, family_due, family_windows, last_visits
from planner.services.expedition_week import near_point, on_the_way
from planner.services.expeditions import agreed_trips, team

ORIGIN = "expedition"
"""The invitations' ``VisitRequest.origin``: kept apart from the week's cadence rows."""

CONSULT_DAYS = 28
"""A family is offered a specialist again once this long has passed since it saw one."""
CONSULT_MINUTES = 30
CONSULT_PRIORITY = 30
"""Below every cadence rule's base: a consultation never outranks a visit that is due."""
HORIZON_DAYS = 28
"""When no later trip into the district is placed: how far ahead a visit may be made."""


def consult_roles(family: Family) -> list[str]:
    """The partner specialists the family's case asks for."""
    roles = []
    if family.dependence:
        roles.append("narcologist")
    if family.legal_question:
        roles.append("lawyer")
    if family.category == "sop":
        roles.append("police_inspector")
    return roles


def invitations(db: DbSession, ctx: WeekContext, due: list[DueVisit]) -> list[DueVisit]:
    """The invitations of the week's agreed trips (``due``: the week's own visits)."""
    trips = agreed_trips(db, ctx.days)
    if not trips:
        return []
    coming: dict[int, set[str]] = {}  # family id -> the roles its own visits this week bring
    for visit in due:
        coming.setdefault(visit.family.id, set()).update(visit.roles)
    rules = list(db.scalars(select(CadenceRule)))
    history = last_visits(db, ctx.monday)
    asked: set[int] = set()
    out: list[DueVisit] = []
    for trip in trips:
        roles = {r for p in team(trip) for r in p.roles}
        met = _specialists_met(db, trip, roles)
        for family in _reached_families(db, trip):
            if family.id in asked:
                continue
            ahead = [] if family.id in coming else _ahead(family, trip, rules, history.get(family.id, {}), ctx)
            found = ahead + _consultations(
                family, trip, roles - met.get(family.id, set()) - coming.get(family.id, set()), ctx)
            if found:
                asked.add(family.id)
                out += found
    return out


def _reached_families(db: DbSession, trip: ExpeditionTrip) -> list[Family]:
    families = db.scalars(select(Family).join(Settlement)
                          .where(Settlement.district_id == trip.district_id, Family.status == "open",
                                 ~Family.consent_withdrawn).order_by(Family.case_code))
    return [f for f in families if near_point(trip, f) or on_the_way(trip, f)]


def _ahead(family: Family, trip: ExpeditionTrip, rules: list[CadenceRule],
           last: dict[str, dt.date], ctx: WeekContext) -> list[DueVisit]:
    """The family's cadence visits that may be made on the trip's day and fall due before the next."""
    day_ctx = copy.copy(ctx)
    day_ctx.days, day_ctx.ask_until = [trip.date], _next_trip(object_session(trip), trip)
    visits = family_due(family, rules, last, day_ctx)
    for visit in visits:
        visit.origin, visit.mandatory = ORIGIN, False
    return visits


def _next_trip(db: DbSession, trip: ExpeditionTrip) -> dt.date:
    """The date of the next trip into the trip's district (any series), or ``HORIZON_DAYS`` on."""
    later = db.scalar(select(func.min(ExpeditionTrip.date))
                      .where(ExpeditionTrip.district_id == trip.district_id,
                             ExpeditionTrip.date > trip.date))
    return later or trip.date + dt.timedelta(days=HORIZON_DAYS)


def _consultations(family: Family, trip: ExpeditionTrip, roles: set[str],
                   ctx: WeekContext) -> list[DueVisit]:
    dates, windows = family_windows(family, [trip.date])
    return [DueVisit(family=family, purpose="consultation", origin=ORIGIN, due=trip.date,
                     deadline=None, roles=[role], duration=CONSULT_MINUTES,
                     priority=CONSULT_PRIORITY, mandatory=False, dates=dates, time_windows=windows)
            for role in consult_roles(family) if role in roles and dates]


def _specialists_met(db: DbSession, trip: ExpeditionTrip, roles: set[str]) -> dict[int, set[str]]:
    """Family id -> the trip's roles someone of which saw the family within ``CONSULT_DAYS``."""
    holders = {s.code: set(s.roles) & roles for s in db.scalars(select(Staff))}
    since = trip.date - dt.timedelta(days=CONSULT_DAYS)
    met: dict[int, set[str]] = {}
    rows = db.execute(select(VisitRecord.family_id, VisitRecord.staff)
                      .where(VisitRecord.outcome == "done", VisitRecord.date >= since,
                             VisitRecord.date < trip.date))
    for family_id, staff in rows:
        met.setdefault(family_id, set()).update(r for code in staff for r in holders.get(code, ()))
    return met
