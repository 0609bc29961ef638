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
