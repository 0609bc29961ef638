"""Each hard rule with a request that would break it if the model ignored it.

Every answer also goes through the independent validator (``solve``).
"""

from __future__ import annotations

import datetime as dt

from planner.optimize.timetable import timetable_term
from tests.optimize.timetable.conftest import dates, of, programme, request, solve


def week(day: dt.date) -> int:
    return day.isocalendar()[1]


def test_weekly_cadence_skips_a_week_without_usable_date_instead_of_squeezing():
    closed = [f"2027-03-{d:02d}" for d in range(8, 13)]  # the whole second week
    answer = solve(request(programme(sessions=3), closed_dates=closed))
    weeks = [week(d) for d in dates(answer)]
    assert weeks == [9, 11, 12]


def test_same_slot_cycle_skips_the_week_its_weekday_is_a_holiday():
    prog = programme(sessions=3, same_slot=True, preferred={"weekdays": ["tue"]})
    answer = solve(request(prog, closed_dates=["2027-03-09"]))
    assert dates(answer) == [dt.date(2027, 3, 2), dt.date(2027, 3, 16), dt.date(2027, 3, 23)]


def test_every_second_week():
    answer = solve(request(programme(sessions=2, cadence={"weekly": 2})))
    first, second = dates(answer)
    assert week(second) - week(first) == 2


def test_monthly_cadence_one_per_month():
    doc = request(programme(sessions=3, cadence={"monthly": 1}),
                  term={"start": "2027-01-11", "end": "2027-05-29"})
    months = [d.month for d in dates(solve(doc))]
    assert [b - a for a, b in zip(months, months[1:])] == [1, 1]


def test_gap_cadence_keeps_days_apart():
    answer = solve(request(programme(sessions=3, cadence={"min_gap_days": 9, "max_gap_days": 10})))
    a, b, c = dates(answer)
    assert 9 <= (b - a).days <= 10 and 9 <= (c - b).days <= 10


def test_earliest_latest_and_closed_dates():
    prog = programme(sessions=2, earliest="2027-03-15", latest="2027-03-28",
                     preferred={"weekdays": ["mon"]})
    answer = solve(request(prog, closed_dates=["2027-03-15"]))
    ds = dates(answer)
    assert all(dt.date(2027, 3, 15) < d <= dt.date(2027, 3, 28) for d in ds)
    assert ds[1].weekday() == 0  # preferred Monday kept where it was open


def test_roles_need_distinct_people_from_the_pool():
    prog = programme(roles=["social_worker", "social_worker"], staff_pool=["sw-1", "sw-2"])
    for s in of(solve(request(prog))):
        assert sorted(s["staff"]) == ["sw-1", "sw-2"]


def test_one_person_cannot_fill_a_role_twice():
    prog = programme(roles=["social_worker", "social_worker"], staff_pool=["sw-1"])
    answer = solve(request(prog))
    assert answer["sessions"] == []
    assert answer["unplaced"][0]["reasons"] == ["NO_STAFF_WITH_ROLE"]


def test_same_staff_and_same_slot():
    # psy-1 is away in week 2, so a free choice would switch to psy-2 there
    doc = request(programme(sessions=4, same_staff=True, same_slot=True,
                            preferred={"weekdays": ["mon"]}))
    doc["staff"][0]["absent"] = ["2027-03-08"]
    sessions = of(solve(doc))
    assert len({tuple(s["staff"]) for s in sessions}) == 1
    assert len({(dt.date.fromisoformat(s["date"]).weekday(), s["start"]) for s in sessions}) == 1


def test_staff_not_double_booked_across_programmes():
    one = programme("a", sessions=4, staff_pool=["psy-1"], preferred={"weekdays": ["tue"],
                                                          "start_between": ["10:00", "10:00"]})
    two = programme("b", sessions=4, staff_pool=["psy-1"], participants=["f2"],
                    preferred={"weekdays": ["tue"], "start_between": ["10:00", "10:00"]})
    doc = request(one, two)
    doc["venues"].append({"id": "room", "location": [54.0, 37.3], "capacity": 10})
    answer = solve(doc)
    assert answer["summary"]["placed"] == 8
    assert answer["summary"]["preferred_met"] == 4  # one Tuesday 10:00 a week for psy-1


def test_venue_and_family_not_double_booked():
    # one venue open only Tuesday 10:00-13:00: two 90-minute programmes fit one after the other
    doc = request(programme("a"), programme("b", roles=["social_worker"]))
    doc["venues"][0]["weekly"] = {"tue": [["10:00", "13:00"]]}
    answer = solve(doc)
    assert answer["summary"]["placed"] == 6
    by_day = {}
    for s in answer["sessions"]:
        by_day.setdefault(s["date"], []).append(s["start"])
    assert all(sorted(v) == ["10:00", "11:30"] for v in by_day.values())


def test_family_in_two_programmes_is_in_one_place():
    doc = request(programme("a", staff_pool=["psy-1"]),
                  programme("b", roles=["social_worker"], participants=["f1", "f2"]))
    doc["venues"] = [{"id": "v1", "location": [54.1, 37.0], "capacity": 20,
                      "weekly": {"wed": [["10:00", "11:30"]]}},
                     {"id": "v2", "location": [54.1, 37.0], "capacity": 20,
                      "weekly": {"wed": [["10:00", "11:30"]]}}]
    answer = solve(doc)  # the validator checks f1 is never in two places
    assert answer["summary"]["placed"] == 4  # one cycle in weeks 1-3, one session of the other
    assert answer["unplaced"][0]["reasons"] == ["OUTCOMPETED"]


def test_weekly_hours_absences_and_busy_blocks():
    doc = request(programme(sessions=4, staff_pool=["psy-1"]))
    doc["staff"][0]["weekly"] = {"thu": [["14:00", "16:00"]]}
    doc["staff"][0]["absent"] = ["2027-03-04"]
    doc["busy"] = [{"staff": "psy-1", "date": "2027-03-11", "start": "15:00", "end": "15:30"}]
    answer = solve(doc)
    # week 1 is lost to the absence, week 2 to the busy block: the cycle cannot skip usable weeks
    assert [s["start"] for s in of(answer)] == ["14:00"] * len(of(answer))
    assert all(d.weekday() == 3 for d in dates(answer))
    assert dt.date(2027, 3, 4) not in dates(answer) and dt.date(2027, 3, 11) not in dates(answer)


def test_venue_hours_and_capacity():
    doc = request(programme(participants=["f1", "f2"], venues=["small", "big"]))
    doc["venues"] = [
        {"id": "small", "location": [54.2, 37.1], "capacity": 5},
        {"id": "big", "location": [53.0, 36.0], "capacity": 10,
         "weekly": {"fri": [["16:00", "17:30"]]}},
    ]
    sessions = of(solve(doc))
    assert {s["venue"] for s in sessions} == {"big"}
    assert {(dt.date.fromisoformat(s["date"]).weekday(), s["start"]) for s in sessions} == {(4, "16:00")}


def test_online_venue_has_no_capacity_limit_and_no_travel():
    doc = request(programme(participants=["f1", "f2"], venues=["online", "hall"]))
    doc["venues"][0]["capacity"] = 1
    doc["venues"].append({"id": "online", "online": True})
    answer = solve(doc)
    assert {s["venue"] for s in answer["sessions"]} == {"online"}
    assert answer["summary"]["travel_km"] == 0


def test_camp_takes_consecutive_whole_days_around_closed_dates_and_absences():
    camp = {"id": "camp", "kind": "camp", "sessions": 1, "days": 5,
            "roles": ["psychologist", "social_worker", "social_worker", "nurse"],
            "participants": ["f1"], "earliest": "2027-03-01", "latest": "2027-03-14"}
    doc = request(camp, closed_dates=["2027-03-08"])
    doc["staff"][0]["absent"] = ["2027-03-03"]  # every 5-day run before the closed
    doc["staff"][1]["absent"] = ["2027-03-04"]  # Monday lacks a psychologist
    (s,) = of(solve(doc), "camp")
    start, end = dt.date.fromisoformat(s["date"]), dt.date.fromisoformat(s["end_date"])
    assert (end - start).days == 4 and start in (dt.date(2027, 3, 9), dt.date(2027, 3, 10))
    assert (s["start"], s["end"]) == ("00:00", "24:00")


def test_camp_blocks_its_staff_for_other_sessions():
    camp = {"id": "camp", "kind": "camp", "sessions": 1, "days": 3,
            "roles": ["nurse"], "participants": ["f2"],
            "earliest": "2027-03-02", "latest": "2027-03-04"}
    doc = request(camp, programme(roles=["nurse"], sessions=1, earliest="2027-03-01",
                                  latest="2027-03-05", preferred={"weekdays": ["wed"]}))
    answer = solve(doc)
    assert answer["summary"]["placed"] == 2
    assert dates(answer)[0].weekday() in (0, 4)


def test_preferences_and_travel_decide_among_feasible_timetables():
    doc = request(programme(sessions=2, venues=["far", "near"],
                            preferred={"weekdays": ["wed"], "start_between": ["15:00", "16:00"]}))
    doc["venues"] = [{"id": "far", "location": [55.5, 38.5], "capacity": 20},
                     {"id": "near", "location": [54.2, 37.1], "capacity": 20}]
    answer = solve(doc)
    assert answer["summary"]["preferred_met"] == 2
    assert {s["venue"] for s in answer["sessions"]} == {"near"}
    assert all(d.weekday() == 2 for d in dates(answer))
    assert all("15:00" <= s["start"] <= "16:00" for s in answer["sessions"])


def test_staff_load_is_balanced_within_a_role():
    progs = [programme(f"p{i}", sessions=2, participants=[]) for i in range(4)]
    answer = solve(request(*progs))
    loads = {}
    for s in answer["sessions"]:
        for p in s["staff"]:
            loads[p] = loads.get(p, 0) + 1
    assert loads == {"psy-1": 4, "psy-2": 4}


def test_pinned_session_stays_and_the_rest_follows():
    pin = {"programme": "p", "n": 2, "date": "2027-03-17", "start": "11:00",
           "venue": "hall", "staff": ["psy-2"]}
    answer = solve(request(programme(sessions=3), pinned=[pin]))
    second = of(answer)[1]
    assert (second["date"], second["start"], second["staff"]) == ("2027-03-17", "11:00", ["psy-2"])


def test_pinned_session_may_leave_the_slot_and_team_of_its_programme():
    prog = programme(sessions=3, same_slot=True, same_staff=True,
                     preferred={"weekdays": ["mon"], "start_between": ["09:00", "09:00"]})
    pin = {"programme": "p", "n": 2, "date": "2027-03-11", "start": "14:00",
           "venue": "hall", "staff": ["psy-2"]}
    doc = request(prog, pinned=[pin])
    doc["staff"][1]["weekly"] = {"thu": [["09:00", "18:00"]]}  # psy-2 cannot do Mondays
    sessions = of(solve(doc))
    assert [(s["date"], s["start"], s["staff"]) for s in sessions] == [
        ("2027-03-01", "09:00", ["psy-1"]), ("2027-03-11", "14:00", ["psy-2"]),
        ("2027-03-15", "09:00", ["psy-1"])]


def test_pinned_session_breaking_a_rule_is_reported():
    pin = {"programme": "p", "n": 1, "date": "2027-03-06", "start": "11:00",
           "venue": "hall", "staff": ["psy-2"]}  # a Saturday: nobody works
    answer = solve(request(programme(sessions=3), pinned=[pin]))
    assert answer["summary"]["status"] == "INFEASIBLE"
    assert answer["unplaced"][0]["reasons"] == ["PINNED_CONFLICT"]


def test_weekly_hours_absent_means_any_time():
    doc = request(programme(sessions=1, preferred={"weekdays": ["sun"]}))
    doc["staff"] = [{"id": "psy-1", "roles": ["psychologist"]}]
    doc["venues"] = []
    (s,) = of(solve(doc))
    assert dt.date.fromisoformat(s["date"]).weekday() == 6 and s["venue"] is None


def test_resolving_keeps_sessions_where_they_were_when_nothing_else_differs():
    previous = [{"programme": "p", "n": 1, "date": "2027-03-17", "start": "11:00"},
                {"programme": "gone", "n": 1, "date": "2027-03-01", "start": "09:00"}]
    answer = solve(request(programme(sessions=1), previous=previous))
    assert [(s["date"], s["start"]) for s in answer["sessions"]] == [("2027-03-17", "11:00")]


def test_travel_comes_from_the_request_matrix_and_progress_is_reported():
    doc = request(programme(sessions=1, participants=["f1", "f2"]))
    doc["matrix"] = {"locations": [[54.112, 37.042], [54.2, 37.1], [54.0, 37.3]],
                     "minutes": [[0, 20, 30], [20, 0, 25], [30, 25, 0]],
                     "meters": [[0, 11000, 23000], [11000, 0, 20000], [23000, 20000, 0]]}
    seen = []
    answer = timetable_term(doc, progress=seen.append)
    assert answer["summary"]["travel_km"] == 34.0  # 11 km + 23 km to the hall
    assert {p["level"] for p in seen} >= {"placed", "travel"}
    assert set(answer["summary"]["gaps"]) == {"placed", "travel"}
