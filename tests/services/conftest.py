"""A tiny region built with the models: one district, depot, centre, hospital."""

from __future__ import annotations

import pytest

from planner.models import Agency, Depot, District, Settlement, Staff, Vehicle

WEEKDAYS_9_18 = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture()
def region(db):
    """Objects shared by the service tests, flushed so they have ids."""
    district = District(code="dubensky", name="Дубенский", lat=54.2, lon=37.25,
                        speed_kmh=40.0, detour=1.4)
    village = Settlement(code="s-1", name="Демо-1", district=district, lat=54.1, lon=37.2)
    depot = Depot(code="gv", name="Гвардейский", lat=54.0, lon=37.0, district=district)
    centre = Agency(code="centre", name="СРЦН", weekly=WEEKDAYS_9_18)
    hospital = Agency(code="crb", name="ЦРБ", weekly={"tue": [["09:00", "15:00"]],
                                                      "thu": [["09:00", "15:00"]]})
    curator = Staff(code="sw-01", full_name="Иванова", roles=["social_worker"],
                    agency=centre, depot=depot)
    psychologist = Staff(code="psy-01", full_name="Петрова", roles=["psychologist"],
                         agency=centre, depot=depot)
    narcologist = Staff(code="nar-01", full_name="Сидоров", roles=["narcologist"],
                        agency=hospital, depot=depot)
    vehicle = Vehicle(code="uaz-1", name="УАЗ", depot=depot, start_time="08:30", end_time="18:00")
    db.add_all([village, depot, curator, psychologist, narcologist, vehicle])
    db.flush()
    return {"district": district, "village": village, "depot": depot, "centre": centre,
            "hospital": hospital, "curator": curator, "psychologist": psychologist,
            "narcologist": narcologist, "vehicle": vehicle}


ROUTINE = {"sop": (7, 5, 14, 50), "risk": (14, 10, 21, 50), "tzhs": (30, 21, 45, 40),
           "foster": (45, 30, 60, 35), "other": (60, 45, 90, 30)}
"""A centre's own routine contact per category (interval, earliest, deadline, priority):
weekly for СОП families, as the old demo had it; no default does this."""


@pytest.fixture()
def routine_rules(db):
    """The default milestones plus ``ROUTINE`` as the centre's own rules, curator preferred."""
    from planner.models import CadenceRule
    from planner.services.cadence import seed_default_rules

    seed_default_rules(db)
    db.add_all(CadenceRule(code=f"routine-{category}", purpose="routine", category=category,
                           interval_days=interval, min_days=earliest, max_days=deadline,
                           roles=["social_worker"], duration=60, priority=priority)
               for category, (interval, earliest, deadline, priority) in ROUTINE.items())
    db.flush()


@pytest.fixture()
def precinct_rules(db, region):
    """The village is the curator's territory; СОП families are visited monthly, the curator required."""
    from planner.models import CadenceRule, Territory

    db.add(Territory(settlement=region["village"], curator=region["curator"]))
    db.add(CadenceRule(code="routine-sop", purpose="routine", category="sop", interval_days=30, min_days=21,
                       max_days=45, roles=["social_worker"], curator="required"))
    db.flush()
