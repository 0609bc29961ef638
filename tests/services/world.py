"""A small region built with the models: two vehicles, three staff, four families.

``make_plan`` lays out a week's plan version from a compact description, so
tests can re-plan the same visits (move, drop, re-crew) and publish again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner import clock
from planner.models import (
    Agency, Depot, District, Enrolment, Family, Plan, Programme, Route, Session, Settlement, Staff,
    Stop, Term, Vehicle, Venue, VisitRequest,
)

_today = clock.today()
MONDAY = _today - dt.timedelta(days=_today.weekday()) + dt.timedelta(days=7)
"""Next week's Monday: the plan is always in the future, as a published plan is."""
WEEK = "{}-W{:02d}".format(*MONDAY.isocalendar()[:2])


@dataclass
class World:
    families: dict[str, Family]
    visits: dict[str, VisitRequest]
    staff: dict[str, Staff]
    vehicles: dict[str, Vehicle]
    programmes: dict[str, Programme]


def make_world(db) -> World:
    district = District(code="dub", name="Дубенский", lat=54.2, lon=37.2)
    village = Settlement(code="dub-kr", name="Красное", district=district, lat=54.1, lon=37.3)
    depot = Depot(code="gv", name="Центр", lat=54.2, lon=37.2)
    centre = Agency(code="src4", name="СРЦН № 4")
    staff = {
        "sw1": Staff(code="sw1", full_name="Петрова Анна", roles=["social_worker"], agency=centre, depot=depot),
        "ps1": Staff(code="ps1", full_name="Сидоров Олег", roles=["psychologist"], agency=centre, depot=depot),
        "nar1": Staff(code="nar1", full_name="Кузнецов Иван", roles=["narcologist"], agency=centre, depot=depot),
    }
    vehicles = {code: Vehicle(code=code, name=code, depot=depot) for code in ("van1", "van2")}
    channels = {"F-001": "email", "F-002": "sms", "F-003": "print", "F-004": "email"}
    families = {
        code: Family(case_code=code, display_name=f"Семья Иванова-{n}", settlement=village,
                     address=f"ул. Садовая, {n}", lat=54.1, lon=37.3, notice_channel=channel,
                     contact_email=f"f{n}@example.org" if channel == "email" else "",
                     contact_phone=f"+7900000000{n}" if channel == "sms" else "")
        for n, (code, channel) in enumerate(channels.items(), start=1)
    }
    visits = {code: VisitRequest(family=family, roles=["social_worker", "psychologist"], duration=60)
              for code, family in families.items()}
    programmes = _programmes(db, village, families["F-001"])
    db.add_all([*staff.values(), *vehicles.values(), *families.values(), *visits.values()])
    db.flush()
    return World(families, visits, staff, vehicles, programmes)


def _programmes(db, village, family) -> dict[str, Programme]:
    """A parents' club the first family attends and the staff's supervision group."""
    hall = Venue(code="dk-kr", name="ДК Красное", settlement=village, address="ул. Ленина, 5")
    term = Term(code="term", start=MONDAY, end=MONDAY + dt.timedelta(days=60))
    club = Programme(code="club", name="Родительский клуб", kind="club", sessions=2,
                     roles=["psychologist"], enrolments=[Enrolment(family=family)])
    supervision = Programme(code="sup", name="Супервизия", kind="supervision", sessions=1)
    for n in (1, 2):
        term.sessions.append(Session(programme=club, n=n, date=MONDAY + dt.timedelta(days=2 + 7 * (n - 1)),
                                     start="17:00", end="18:30", venue=hall, staff=["ps1"]))
    term.sessions.append(Session(programme=supervision, n=1, date=MONDAY + dt.timedelta(days=4),
                                 start="15:00", end="16:30", venue=hall, staff=["sw1", "ps1"]))
    db.add(term)
    return {"club": club, "sup": supervision}


def make_plan(db, world: World, layout: dict, version: int) -> Plan:
    """``layout``: {(vehicle, day offset): [(case code, start, end, staff codes), ...]}."""
    plan = Plan(week=WEEK, version=version, status="draft")
    for (vehicle, offset), stops in layout.items():
        crew = sorted({code for *_, codes in stops for code in codes})
        route = Route(vehicle=world.vehicles[vehicle], date=MONDAY + dt.timedelta(days=offset),
                      crew=crew, depart="08:30", return_="17:00")
        for seq, (case, start, end, codes) in enumerate(stops):
            route.stops.append(_stop(world.visits[case], seq, start, end, codes))
        plan.routes.append(route)
    db.add(plan)
    db.flush()
    return plan


def _stop(visit, seq, start, end, codes):
    return Stop(visit_request=visit, seq=seq, arrive=start, start=start, end=end, staff=list(codes))


BASE_LAYOUT = {
    ("van1", 0): [("F-001", "10:20", "11:20", ["sw1", "ps1"]), ("F-002", "12:00", "13:00", ["sw1", "ps1"])],
    ("van2", 1): [("F-003", "09:40", "10:40", ["nar1"]), ("F-004", "11:00", "12:00", ["nar1"])],
}


def published_stop(db, vehicle: Vehicle, request: VisitRequest, day: dt.date, week: str) -> Stop:
    """``request`` planned alone at 10:30–11:30 on ``day`` in a published version 1 of ``week``."""
    route = Route(plan=Plan(week=week, version=1, status="published"),
                  vehicle=vehicle, date=day, depart="08:40", return_="17:00")
    stop = Stop(route=route, visit_request=request, seq=1, arrive="10:20", start="10:30",
                end="11:30", staff=["sw-01"])
    db.add(stop)
    db.flush()
    return stop
