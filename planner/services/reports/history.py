"""What a report counts from: the period's published trips, visits, sessions and cases, in scope."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession, selectinload

from planner.models import (
    ExpeditionTrip, Family, FollowUp, Plan, Route, Session, SessionRecord, Stop, VisitRecord,
)
from planner.services.reports.period import Period
from planner.services.reports.scope import Scope

PLANNING = "planning_meeting"
MADE = ("done", "absent", "refused")
"""Outcomes that mean the brigade got there (a moved visit did not happen)."""


@dataclass
class Trip:
    """A brigade-day of a published plan, with the stops that count for the scope."""

    route: Route
    stops: list[Stop]

    @property
    def made(self) -> bool:
        return any(stop.outcome in MADE for stop in self.stops)


@dataclass
class History:
    """The scope's records of one period, read once and counted by ``figures``."""

    period: Period
    trips: list[Trip]
    records: list[VisitRecord]
    sessions: list[Session]
    held: list[SessionRecord]
    cases: list[Family]
    follow_ups: list[FollowUp]
    expeditions: list[ExpeditionTrip]
    """Interagency expedition trips of the term's timetable dated in the period."""
    meetings: list[ExpeditionTrip]
    """Expedition trips whose planning meeting falls in the period."""

    def group_sessions(self, planning: bool = False) -> list[Session]:
        return [s for s in self.sessions if (s.programme.kind == PLANNING) == planning]

    def group_records(self, planning: bool = False) -> list[SessionRecord]:
        return [r for r in self.held if (r.programme.kind == PLANNING) == planning]


def read_history(db: DbSession, period: Period, scope: Scope) -> History:
    """Everything in ``period`` that ``scope`` keeps."""
    return History(
        period=period,
        trips=_trips(db, period, scope),
        records=[r for r in db.scalars(select(VisitRecord).where(
            VisitRecord.date.between(period.start, period.end)))
            if scope.keeps_family(r.family_id) and scope.keeps_staff(r.staff)],
        sessions=[s for s in db.scalars(select(Session).options(selectinload(Session.programme))
                                        .where(Session.date.between(period.start, period.end)))
                  if scope.keeps_programme(s.programme.code) and scope.keeps_staff(s.staff)],
        held=_session_records(db, period, scope),
        cases=[f for f in db.scalars(select(Family).options(selectinload(Family.curator)))
               if scope.keeps_case(f)],
        follow_ups=[f for f in db.scalars(select(FollowUp).options(selectinload(FollowUp.family)))
                    if scope.keeps_case(f.family)],
        expeditions=[t for t in _expeditions(db, ExpeditionTrip.date, period)
                     if scope.keeps_expedition(t.district.code, t.staff)],
        meetings=[t for t in _expeditions(db, ExpeditionTrip.meeting_date, period)
                  if scope.keeps_expedition(t.district.code, t.meeting_staff)],
    )


def _expeditions(db: DbSession, day, period: Period) -> list[ExpeditionTrip]:
    return list(db.scalars(select(ExpeditionTrip).where(day.between(period.start, period.end))
                           .options(selectinload(ExpeditionTrip.district),
                                    selectinload(ExpeditionTrip.series))))


def _trips(db: DbSession, period: Period, scope: Scope) -> list[Trip]:
    routes = db.scalars(
        select(Route).join(Plan).where(Plan.status == "published",
                                       Route.date.between(period.start, period.end))
        .options(selectinload(Route.stops).selectinload(Stop.visit_request))
        .order_by(Route.date, Route.id))
    trips = []
    for route in routes:
        stops = [stop for stop in route.stops if scope.keeps_family(stop.visit_request.family_id)
                 and scope.keeps_staff(stop.staff)]
        if scope.specialist is not None:
            if scope.specialist in route.crew:
                trips.append(Trip(route, stops))
        elif scope.families is None or stops:
            trips.append(Trip(route, stops))
    return trips


def _session_records(db: DbSession, period: Period, scope: Scope) -> list[SessionRecord]:
    """Held (or cancelled) sessions in scope; a specialist's are the sessions they staffed."""
    records = [r for r in db.scalars(select(SessionRecord).options(selectinload(SessionRecord.programme))
                                     .where(SessionRecord.date.between(period.start, period.end)))
               if scope.keeps_programme(r.programme.code)]
    if scope.specialist is None:
        return records
    staffed = {(s.programme_id, s.date): s.staff for s in db.scalars(
        select(Session).where(Session.date.between(period.start, period.end)))}
    return [r for r in records
            if scope.specialist in staffed.get((r.programme_id, r.date), r.programme.staff_pool)]
