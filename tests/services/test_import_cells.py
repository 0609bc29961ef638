"""Cell parsers of the import format: what they accept, refuse, and write back."""

import datetime as dt

import pytest

from planner.services.importing import cells


def test_weekly_hours_ranges_lists_and_several_intervals():
    hours = cells.weekly("mon-fri 09:00-18:00; sat 10:00-14:00; tue,thu 19:00-20:00")
    assert hours["mon"] == [["09:00", "18:00"]]
    assert hours["tue"] == [["09:00", "18:00"], ["19:00", "20:00"]]
    assert hours["sat"] == [["10:00", "14:00"]]
    assert "sun" not in hours
    assert cells.weekly("mon 9:00-13:00,14:00-18:00") == {"mon": [["09:00", "13:00"],
                                                                 ["14:00", "18:00"]]}


def test_weekly_hours_written_back_compactly():
    text = "mon-wed,fri 09:00-18:00; thu 09:00-13:00,14:00-17:00"
    assert cells.format_weekly(cells.weekly(text)) == text
    assert cells.format_weekly(cells.weekly("пн-пт 09:00-18:00")) == "mon-fri 09:00-18:00"


@pytest.mark.parametrize("text, reason", [
    ("mon-fri", "expected days then"),
    ("xyz 09:00-18:00", "unknown weekday"),
    ("fri-mon 09:00-18:00", "runs backwards"),
    ("mon 18:00-09:00", "ends before it starts"),
    ("mon 09:00-13:00,12:00-15:00", "overlap"),
    ("mon 25:00-26:00", "expected a time"),
])
def test_weekly_hours_refused(text, reason):
    with pytest.raises(ValueError, match=reason):
        cells.weekly(text)


@pytest.mark.parametrize("text, spec", [
    ("weekly:1", {"weekly": 1}),
    ("monthly:2", {"monthly": 2}),
    ("gap:7-14", {"min_gap_days": 7, "max_gap_days": 14}),
])
def test_cadence_round_trip(text, spec):
    assert cells.cadence(text) == spec
    assert cells.format_cadence(spec) == text


@pytest.mark.parametrize("text", ["weekly", "weekly:0", "daily:1", "gap:14-7", "gap:x-3"])
def test_cadence_refused(text):
    with pytest.raises(ValueError, match="weekly:K"):
        cells.cadence(text)


@pytest.mark.parametrize("text, value", [
    ("yes", True), ("no", False), ("TRUE", True), ("0", False), ("да", True), ("Нет", False),
])
def test_booleans(text, value):
    assert cells.boolean(text) is value


def test_boolean_refused():
    with pytest.raises(ValueError, match="yes/no"):
        cells.boolean("maybe")


def test_numbers_dates_times():
    assert cells.number("54,02") == 54.02
    assert cells.whole("12") == 12
    assert cells.date("2026-12-07") == cells.date("07.12.2026") == dt.date(2026, 12, 7)
    assert cells.number("1\u00a0000,5") == 1000.5
    assert cells.time("9:05") == "09:05"
    for parse, text in [(cells.whole, "1.5"), (cells.number, "abc"), (cells.date, "12/07/2026"),
                       (cells.date, "31.02.2026")]:
        with pytest.raises(ValueError):
            parse(text)


def test_coordinates_must_lie_in_russia():
    assert cells.LAT.parse("54.1") == 54.1
    with pytest.raises(ValueError, match="outside Russia"):
        cells.LAT.parse("37.0")
    with pytest.raises(ValueError, match="outside Russia"):
        cells.LON.parse("-37.0")


def test_lists_keep_repeats_and_check_items():
    roles = cells.choices(["social_worker", "nurse"])
    assert roles.parse("social_worker; social_worker;nurse") == ["social_worker", "social_worker",
                                                                "nurse"]
    with pytest.raises(ValueError, match="'pilot' is not one of"):
        roles.parse("nurse;pilot")
