"""Two centres on one database for the tenancy tests: the web tests' region is centre A (the
default, where the ``users`` fixture's accounts live), ``make_other_centre`` builds centre B with
a published plan, a draft, a job, feed tokens, an expedition with a partner's answer, a closed
case's follow-up and visit records, all named so that any of it showing on a page is spotted."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select

from planner import clock
from planner.db import session_factory
from planner.models import (
    Base, Centre, ExpeditionTrip, FollowUp, Notice, PlanJob, Session, Term, TripAnswer, Venue, VisitRecord,
    tenancy,
)
from planner.services import agreement, publishing, tokens
from tests.services.expedition_world import make_expedition_world
from tests.services.world import BASE_LAYOUT, MONDAY, WEEK, make_plan, make_world

PERSONAL = ("Семья Иванова", "F-00", "ул. Садовая", "Петрова Анна", "Сидоров Олег", "Кузнецов Иван",
            "Никитина Ольга", "Фёдоров Николай", "Петрова Екатерина", "Иванова Анна")
"""Centre B's families' names, case codes and addresses and its staff's names: never on a page of
anyone but centre B (the regional coordinator included)."""
PLACES = ("Красное", "Родительский клуб", "ДК Красное", "Семейная экспедиция", "Дубенский")
"""Centre B's settlements, programmes and series: the region's counts may name a settlement, a
centre's pages may not show another centre's."""


@dataclass
class OtherCentre:
    id: int
    ids: dict[str, int | str] = field(default_factory=dict)
    """Centre B's rows by the name of the path argument or form field that would aim at them."""
    admin_ids: dict[str, int] = field(default_factory=dict)
    """The admin page kind -> the id of one of centre B's rows of that kind."""


def make_other_centre(engine) -> OtherCentre:
    """Centre B, committed; the caller's own sessions stay as they are."""
    sessions = session_factory(engine)
    with sessions() as session:
        centre = Centre(code="other", name="Чужой центр")
        session.add(centre)
        session.commit()
        centre_id = centre.id
    with tenancy.scoped(sessions, centre_id)() as b:
        other = OtherCentre(centre_id)
        _fill(b, other)
        b.commit()
    return other


def _fill(b, other: OtherCentre) -> None:
    world = make_world(b)
    published = make_plan(b, world, BASE_LAYOUT, 1)
    publishing.publish(b, published)
    draft = make_plan(b, world, BASE_LAYOUT, 2)
    route = published.routes[0]
    stop = route.stops[0]
    family = world.families["F-004"]
    family.status, family.closed_date = "closed", clock.today()
    follow_up = FollowUp(family=family, years=1, due=clock.today())
    b.add_all([follow_up, VisitRecord(family=world.families["F-001"], date=MONDAY - dt.timedelta(days=30),
                                      staff=["sw1"], adults=2, children=1)])
    job = PlanJob(id=uuid.uuid4().hex, week=WEEK, time_limit=1.0, state="done", created_at=clock.utcnow(),
                  plan_id=draft.id)
    b.add(job)
    trip, answer = _trip(b)
    b.flush()
    club = world.programmes["club"]
    term = b.scalar(select(Term).where(Term.code == "term"))
    session_id = b.scalar(select(Session.id).where(Session.programme_id == club.id).limit(1))
    other.ids.update(
        plan_id=published.id, route_id=route.id, stop_id=stop.id, trip_id=trip.id, follow_up_id=follow_up.id,
        session_id=session_id, job_id=job.id, base_plan=draft.id, other=draft.id, route=route.id,
        stop=stop.id, settlement=family.settlement_id, district=family.settlement.district_id,
        visit=f"vr-{stop.visit_request_id}", vehicle=route.vehicle_id, staff=world.staff["sw1"].id,
        family=family.id, programme=club.id, notice=b.scalar(select(Notice.id).limit(1)) or 0,
        term=term.id, trip=trip.id, answer=answer.id, follow_up=follow_up.id, session=session_id)
    other.admin_ids.update(
        settlements=family.settlement_id, staff=world.staff["sw1"].id, vehicles=route.vehicle_id,
        families=family.id, venues=b.scalar(select(Venue.id).limit(1)), programmes=club.id)
    tokens.issue(b, "staff", world.staff["sw1"].id)
    tokens.issue(b, "family", world.families["F-001"].id)


def _trip(b) -> tuple[ExpeditionTrip, TripAnswer]:
    series = make_expedition_world(b)
    term = b.scalar(select(Term).where(Term.code == "term"))
    north = series.vehicle.depot.district
    trip = ExpeditionTrip(series=series, term=term, n=1, district=north, date=MONDAY + dt.timedelta(days=1),
                          start="09:00", end="16:00", staff=["narc-1", "sw-1"], updated_at=clock.utcnow())
    answer = TripAnswer(trip=trip, email="narc-1@crb.example.org", date=trip.date,
                        digest=agreement.digest("centre-b-partner-token-0123456789"),
                        expires_at=clock.utcnow() + dt.timedelta(days=30), created_at=clock.utcnow())
    b.add_all([trip, answer])
    return trip, answer


def rows_of(engine, centre_id: int) -> dict[str, list]:
    """Every row of the centre, table by table: what "nothing of centre B changed" compares."""
    with session_factory(engine)() as session:
        return {table.name: sorted(map(repr, session.execute(
                    select(table).where(table.c.centre_id == centre_id)).all()))
                for table in Base.metadata.sorted_tables if "centre_id" in table.c}
