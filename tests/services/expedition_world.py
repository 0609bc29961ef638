"""A small region with an expedition series: two districts, a narcologist on Tue/Thu,
a police inspector, two social workers, a reception point per district, a term."""

from __future__ import annotations

import datetime as dt

from planner.models import (
    Agency, AgencyContact, Depot, District, ExpeditionSeries, Settlement, Staff, Vehicle, Venue,
)

WORKDAYS = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
TERM_START = dt.date(2027, 3, 1)
"""A Monday; the tests pass their own ``now`` so the calendar date never matters."""
TERM_END = TERM_START + dt.timedelta(days=27)
BEFORE = dt.datetime(2027, 2, 20, 10, 0)
"""When the letters go out: a week before the term."""


def make_expedition_world(db) -> ExpeditionSeries:
    north = District(code="north", name="Северный район", lat=54.4, lon=37.0)
    south = District(code="south", name="Южный район", lat=53.8, lon=37.2)
    depot = Depot(code="base", name="База", lat=54.1, lon=37.0, district=north)
    centre = Agency(code="centre", name="СРЦН № 4 (демо)", weekly=WORKDAYS)
    hospital = Agency(code="crb", name="ЦРБ (демо)", weekly={
        "tue": [["09:00", "16:00"]], "thu": [["09:00", "16:00"]]})
    police = Agency(code="pdn", name="ПДН (демо)", weekly=WORKDAYS)
    people = [
        Staff(code="narc-1", full_name="Никитина Ольга", roles=["narcologist"], agency=hospital,
              depot=depot, email="narc-1@crb.example.org"),
        Staff(code="pdn-1", full_name="Фёдоров Николай", roles=["police_inspector"],
              agency=police, depot=depot, email="pdn-1@pdn.example.org"),
        Staff(code="sw-1", full_name="Петрова Екатерина", roles=["social_worker"], agency=centre,
              depot=depot, email="sw-1@centre.example.org"),
        Staff(code="sw-2", full_name="Иванова Анна", roles=["social_worker"], agency=centre,
              depot=depot),
    ]
    contact = AgencyContact(agency=hospital, name="Главный врач ЦРБ", email="head@crb.example.org")
    north_village = Settlement(code="north-1", name="Северное", district=north, lat=54.4, lon=37.0)
    south_village = Settlement(code="south-1", name="Южная", district=south, lat=53.8, lon=37.2)
    hall = Venue(code="hall", name="Зал центра", lat=54.1, lon=37.0, capacity=30, weekly=WORKDAYS)
    north_point = Venue(code="dk-north", name="Дом культуры, с. Северное", lat=54.4, lon=37.0,
                        settlement=north_village,
                        capacity=40, weekly={"tue": [["10:00", "16:00"]],
                                             "thu": [["10:00", "16:00"]]})
    south_point = Venue(code="fap-south", name="ФАП, д. Южная", lat=53.8, lon=37.2, capacity=10,
                        settlement=south_village,
                        weekly={"thu": [["09:00", "13:00"]]})
    vehicle = Vehicle(code="gaz-1", name="ГАЗель", depot=depot, seats=7)
    series = ExpeditionSeries(
        code="exp", name="Семейная экспедиция", organiser=centre, vehicle=vehicle,
        districts=["north", "south"], trips=4, cadence={"weekly": 1}, minutes=420,
        roles=["narcologist", "police_inspector", "social_worker"],
        staff_pool=["narc-1", "pdn-1", "sw-1", "sw-2"],
        reception={"north": "dk-north", "south": "fap-south"}, reception_minutes=120,
        meeting_minutes=60, meeting_roles=["social_worker"], meeting_days_before=[1, 6],
        meeting_venues=["hall"])
    db.add_all([*people, contact, hall, north_point, south_point, series])
    db.flush()
    return series
