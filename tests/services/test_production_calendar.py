"""Working days follow the Russian production calendar, transfers included."""

import datetime as dt

import pytest

from planner.services.production_calendar import (
    day_off_reason,
    parse_week,
    schedule_weekday,
    week_of,
    working_days,
)


def dates(*texts):
    return [dt.date.fromisoformat(t) for t in texts]


def test_plain_week_is_monday_to_friday():
    assert working_days("2026-W50") == dates(
        "2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11")


def test_unity_day_is_off():
    # 2026-11-04 is a Wednesday holiday.
    assert working_days("2026-W45") == dates("2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06")
    assert day_off_reason(dt.date(2026, 11, 4))


def test_day_off_moved_from_new_year_weekend():
    # Decree for 2027: the day off of Saturday 2 January moves to Friday 5 November.
    assert working_days("2027-W44") == dates("2027-11-01", "2027-11-02", "2027-11-03")


def test_weekend_made_working_by_transfer():
    # 2027: Saturday 20 February is worked, its day off moves to Monday 22, 23rd a holiday.
    assert working_days("2027-W07") == dates(
        "2027-02-15", "2027-02-16", "2027-02-17", "2027-02-18", "2027-02-19", "2027-02-20")
    assert working_days("2027-W08") == dates("2027-02-24", "2027-02-25", "2027-02-26")


def test_working_saturday_is_worked_on_friday_hours():
    assert schedule_weekday(dt.date(2027, 2, 20)) == "fri"
    assert schedule_weekday(dt.date(2027, 2, 27)) == "sat"
    assert schedule_weekday(dt.date(2027, 2, 24)) == "wed"


def test_new_year_weeks():
    # 2026: 1-8 January are holidays, 9 January gets the day off of Saturday 3 January;
    # 31 December 2025 is off by the 2025 decree.
    assert working_days("2026-W01") == dates("2025-12-29", "2025-12-30")
    assert working_days("2026-W02") == []
    assert week_of(dt.date(2026, 1, 1)) == "2026-W01"


@pytest.mark.parametrize("text", ["2026-50", "2026-W5", "W50", "", "2026-W54", "2025-W53"])
def test_bad_week_is_refused(text):
    with pytest.raises(ValueError, match="week"):
        parse_week(text)
