"""A small invented region for web tests: 2 districts, 5 settlements, 6 families."""

from __future__ import annotations

import datetime as dt

from planner.models import Agency, Depot, District, Family, Settlement, Staff, Vehicle, VisitRequest

WEEKDAY_HOURS = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def build_region(session) -> dict:
    """Add the region and commit; answer the rows by code."""
    north = District(code="north", name="Северный", lat=54.2, lon=37.6)
    south = District(code="south", name="Южный", lat=53.9, lon=37.6)
    places = {
        "ivanovka": Settlement(code="ivanovka", name="Ивановка", district=north, lat=54.25, lon=37.55),
        "petrovo": Settlement(code="petrovo", name="Петрово", district=north, lat=54.30, lon=37.70),
        "lipki": Settlement(code="lipki", name="Липки", district=north, lat=54.18, lon=37.80),
        "dubki": Settlement(code="dubki", name="Дубки", district=south, lat=53.90, lon=37.50),
        "sosnovka": Settlement(code="sosnovka", name="Сосновка", district=south, lat=53.85, lon=37.65),
    }
    depot = Depot(code="centre", name="Центр", lat=54.05, lon=37.60, district=north)
    centre = Agency(code="centre", name="СРЦН", weekly=WEEKDAY_HOURS)
    staff = [
        Staff(code="sw-01", full_name="Анна Соцработник", roles=["social_worker"], agency=centre, depot=depot),
        Staff(code="psy-01", full_name="Борис Психолог", roles=["psychologist"], agency=centre, depot=depot),
    ]
    vehicle = Vehicle(code="uaz-1", name="УАЗ 1", depot=depot)
    families = []
    for index, (place, category) in enumerate(
            [("ivanovka", "sop"), ("ivanovka", "sop"), ("petrovo", "tzhs"), ("lipki", "risk"),
             ("dubki", "sop"), ("sosnovka", "foster")], start=1):
        settlement = places[place]
        family = Family(case_code=f"C-{index:03d}", display_name=f"Семья Секретова {index}",
                        settlement=settlement, address=f"ул. Лесная, {index}", lat=settlement.lat + 0.001,
                        lon=settlement.lon, category=category, curator=staff[0],
                        intake_date=dt.date(2026, 1, 10))
        family.visit_requests.append(VisitRequest(roles=["social_worker"], duration=60, priority=60))
        families.append(family)
    families[3].visit_requests[0].roles = ["social_worker", "psychologist"]
    session.add_all([*places.values(), depot, centre, *staff, vehicle, *families])
    session.commit()
    return {"places": places, "depot": depot, "staff": staff, "vehicle": vehicle, "families": families,
            "districts": [north, south]}


def published_route(session, region: dict, day: dt.date, crew: list[str], family: int = 0):
    """A route on ``day`` in the published plan of ``day``'s week (made when the week has none):
    one stop for the ``family``-th family, served by ``crew``."""
    from planner.models import Plan, Route, Stop
    from planner.services.production_calendar import week_of

    plan = session.query(Plan).filter_by(week=week_of(day), status="published").one_or_none()
    if plan is None:
        version = session.query(Plan).filter_by(week=week_of(day)).count() + 1
        plan = Plan(week=week_of(day), version=version, status="published")
        session.add(plan)
    route = Route(vehicle=region["vehicle"], date=day, crew=crew, depart="08:30", return_="16:00")
    route.stops.append(Stop(visit_request=region["families"][family].visit_requests[0], seq=1, arrive="09:30",
                            start="10:00", end="11:00", staff=crew))
    plan.routes.append(route)
    session.commit()
    return route
