"""Sessions that cannot be placed are reported with honest reasons, never dropped."""

from __future__ import annotations

from tests.optimize.timetable.conftest import programme, request, solve


def reasons(doc: dict) -> tuple[list[str], int]:
    answer = solve(doc)
    (item,) = answer["unplaced"]
    assert answer["summary"]["placed"] + item["missing"] == answer["summary"]["sessions"]
    assert item["detail"]
    return item["reasons"], item["missing"]


def test_no_staff_with_role():
    assert reasons(request(programme(roles=["narcologist"]))) == (["NO_STAFF_WITH_ROLE"], 3)


def test_no_venue_large_enough():
    doc = request(programme(participants=["f1", "f2"]))
    doc["venues"][0]["capacity"] = 6
    assert reasons(doc) == (["CAPACITY"], 3)


def test_cadence_needs_more_weeks_than_the_term_has():
    assert reasons(request(programme(sessions=6))) == (["CADENCE"], 2)


def test_no_usable_date_in_range():
    doc = request(programme(earliest="2027-03-06", latest="2027-03-07"))  # a weekend
    assert reasons(doc) == (["NO_USABLE_DATE"], 3)


def test_camp_without_consecutive_open_days():
    camp = {"id": "camp", "kind": "camp", "sessions": 1, "days": 4, "roles": ["nurse"],
            "participants": ["f1"], "earliest": "2027-03-01", "latest": "2027-03-07"}
    doc = request(camp, closed_dates=["2027-03-04"])
    assert reasons(doc) == (["NO_CONSECUTIVE_DAYS"], 1)


def test_camp_without_free_staff():
    camp = {"id": "camp", "kind": "camp", "sessions": 1, "days": 4, "roles": ["nurse"],
            "participants": ["f1"], "earliest": "2027-03-01", "latest": "2027-03-07"}
    doc = request(camp)
    doc["staff"][5]["absent"] = ["2027-03-04"]
    assert reasons(doc) == (["NO_STAFF_WITH_ROLE"], 1)


def test_no_common_hours_on_the_grid():
    doc = request(programme(staff_pool=["psy-1"]))
    doc["staff"][0]["weekly"] = {"mon": [["09:00", "10:00"]]}
    doc["venues"][0]["weekly"] = {"mon": [["09:30", "12:00"]]}
    assert reasons(doc)[0] == ["NO_USABLE_DATE"]
    doc["staff"][0]["weekly"] = {"mon": [["09:10", "10:50"]]}
    doc["venues"][0]["weekly"] = {"mon": [["09:10", "12:00"]]}
    assert reasons(doc)[0] == ["TIME_WINDOW"]


def test_busy_blocks_leave_too_little_time():
    doc = request(programme(sessions=1, staff_pool=["psy-1"]))
    doc["busy"] = [{"staff": "psy-1", "date": f"2027-03-{d:02d}", "start": "09:00", "end": "17:00"}
                   for d in range(1, 29)]
    assert reasons(doc) == (["NO_COMMON_TIME"], 1)


def test_outcompeted_by_another_programme():
    doc = request(programme("a", staff_pool=["psy-1"]),
                  programme("b", staff_pool=["psy-1"], participants=["f2"]))
    doc["staff"][0]["weekly"] = {"tue": [["10:00", "11:30"]]}
    answer = solve(doc)
    assert [u["reasons"] for u in answer["unplaced"]] == [["OUTCOMPETED"]]
