"""Staff and vehicle availability: hours minus absences, timetable, protected time, repairs."""

import datetime as dt

from planner.models import (
    Absence,
    Programme,
    ProtectedTime,
    Session,
    Term,
    VehicleUnavailability,
)
from planner.services.availability import staff_availability, subtract, vehicle_availability
from planner.services.production_calendar import working_days

WEEK = "2026-W50"  # 7-11 December 2026, no holiday
DAYS = working_days(WEEK)
FULL = [["09:00", "18:00"]]


def test_subtract_cuts_holes_and_ends():
    assert subtract([(540, 1080)], [(600, 660), (1000, 1100), (0, 540)]) == [(540, 600), (660, 1000)]


def test_agency_hours_on_every_working_day(db, region):
    avail = staff_availability(db, DAYS)
    assert avail["sw-01"] == {day.isoformat(): FULL for day in DAYS}


def test_narcologist_only_on_his_agency_days(db, region):
    assert set(staff_availability(db, DAYS)["nar-01"]) == {"2026-12-08", "2026-12-10"}


def test_absence_removes_whole_days(db, region):
    db.add(Absence(staff=region["curator"], start=dt.date(2026, 12, 9), end=dt.date(2026, 12, 10)))
    db.flush()
    assert set(staff_availability(db, DAYS)["sw-01"]) == {"2026-12-07", "2026-12-08", "2026-12-11"}


def test_timetable_sessions_and_team_meeting_are_taken(db, region):
    term = Term(code="2026-autumn", start=dt.date(2026, 9, 1), end=dt.date(2026, 12, 25))
    art = Programme(code="art-1", name="Арт-терапия", kind="art_therapy")
    camp = Programme(code="camp", name="Лагерь", kind="camp")
    db.add_all([
        Session(term=term, programme=art, n=1, date=dt.date(2026, 12, 9), start="15:00",
                end="16:30", staff=["psy-01"]),
        Session(term=term, programme=camp, n=1, date=dt.date(2026, 12, 3), start="09:00",
                end="18:00", end_date=dt.date(2026, 12, 7), staff=["sw-01"]),
        ProtectedTime(code="team-meeting", name="Планёрка", weekday="mon", start="09:00", end="10:00",
                      agency=region["centre"]),
    ])
    db.flush()
    avail = staff_availability(db, DAYS)
    assert avail["psy-01"]["2026-12-07"] == [["10:00", "18:00"]]
    assert avail["psy-01"]["2026-12-09"] == [["09:00", "15:00"], ["16:30", "18:00"]]
    assert "2026-12-07" not in avail["sw-01"]  # still at the camp
    assert "2026-12-07" not in avail["nar-01"]  # the hospital has no Monday anyway


def test_holiday_week_lists_working_days_only(db, region):
    avail = staff_availability(db, working_days("2026-W45"))
    assert "2026-11-04" not in avail["sw-01"] and "2026-11-05" in avail["sw-01"]


def test_vehicle_off_road_during_repair(db, region):
    db.add(VehicleUnavailability(vehicle=region["vehicle"], start=dt.date(2026, 12, 10),
                                 end=dt.date(2026, 12, 20), reason="ТО"))
    db.flush()
    avail = vehicle_availability(db, DAYS)["uaz-1"]
    assert avail == {day: [["08:30", "18:00"]] for day in ("2026-12-07", "2026-12-08", "2026-12-09")}
