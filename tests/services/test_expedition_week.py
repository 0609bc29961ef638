"""An agreed expedition trip in the week's plan request: fixed route, its district's work."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.clock import today
from planner.models import CadenceRule, Family, Settlement, Staff, TripAnswer, VisitRecord, VisitRequest
from planner.optimize.brigade import plan_week, validate_plan
from planner.services import demand, expedition_week, expeditions, timetable
from planner.services.cadence import seed_default_rules
from planner.services.production_calendar import week_of
from tests.services.expedition_world import make_expedition_world


@pytest.fixture()
def week(db, clock):
    """Next week's term with the series; trip 1 (north) agreed; families due that week."""
    series = make_expedition_world(db)
    monday = today() - dt.timedelta(days=today().weekday()) + dt.timedelta(days=7)
    timetable.plan_term(db, "t", monday, monday + dt.timedelta(days=13), time_limit=5)
    trip = series.trip_rows[0]
    for person in expeditions.partner_staff(trip):
        trip.answers.append(TripAnswer(staff=person, email=person.email, date=trip.date,
                                       digest=f"d-{person.code}", status="confirmed",
                                       expires_at=dt.datetime.combine(trip.date, dt.time()),
                                       created_at=dt.datetime(2026, 1, 1)))
    near = db.query(Settlement).filter_by(code="north-1").one()
    south = db.query(Settlement).filter_by(code="south-1").one()
    far = Settlement(code="north-far", name="Дальнее", district=near.district, lat=54.65,
                     lon=37.35)
    db.add(far)
    intake = monday - dt.timedelta(days=2)
    for n in range(4):
        db.add(Family(case_code=f"N-{n}", settlement=near, lat=54.40 + n / 500, lon=37.0,
                      intake_date=intake))
    db.add(Family(case_code="S-1", settlement=south, lat=53.8, lon=37.2, intake_date=intake))
    lonely = Family(case_code="FAR", settlement=far, lat=far.lat, lon=far.lon,
                    intake_date=monday - dt.timedelta(days=200))
    db.add(VisitRequest(family=lonely, roles=["social_worker", "narcologist"], duration=60,
                        origin="manual", purpose="urgent", priority=80))
    db.flush()
    assert expeditions.state(trip) == "agreed"
    return trip


def visit(request: dict, case: str, role: str = "social_worker") -> dict:
    return next(v for v in request["visits"] if v["case"] == case and role in v["roles"])


def test_the_trip_is_a_fixed_route_with_its_reception_and_expedition_work(db, week):
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    day = week.date.isoformat()
    gazel = next(v for v in request["vehicles"] if v["id"] == "gaz-1")
    assert gazel["crews"][day] == week.staff
    assert gazel["availability"][day] == [[week.start, week.end]]
    received = visit(request, "N-0")
    assert received["dates"] == [day] and received["place"] == "dk-north"
    assert received["location"] == [54.4, 37.0]
    assert received["time_windows"] == [[week.reception_start, week.reception_end]]
    assert received["pinned"] == {"date": day, "vehicle": "gaz-1"}  # the trip's route, no other car
    lonely = visit(request, "FAR", "narcologist")
    assert lonely["dates"] == [day] and lonely.get("place") != "dk-north"
    assert lonely["expedition"] == week.key
    assert "expedition" not in visit(request, "S-1")  # another district: routed as usual
    assert request["expeditions"][0]["trip"] == week.key


def test_the_optimiser_fills_the_trip_and_says_why_work_was_left_out(db, week):
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    result = plan_week(request)
    assert validate_plan(request, result) == []
    served = expedition_week.services(request, result)[week.key]
    assert served["reception"] >= 2  # one social worker serves one family after another
    route = next(r for r in result["routes"]
                 if r["vehicle"] == "gaz-1" and r["date"] == week.date.isoformat())
    assert route["crew"] == week.staff
    notes = expedition_week.left_out(request)
    on_trip = {s["visit"] for s in route["stops"]}
    left = {e["visit"]: e for e in result["unassigned"]}
    for visit_id, note in notes.items():
        assert note["trip"] == week.key and note["district"] == "north"
        assert visit_id in on_trip or left[visit_id]["reasons"]
    assert served["left_out"] == sum(1 for v in notes if v in left)


def test_a_trip_not_yet_agreed_leaves_the_week_as_it_was(db, week):
    for answer in week.answers:
        answer.status = "pending"
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    assert "expeditions" not in request
    assert all("crews" not in v for v in request["vehicles"])
    assert db.query(Staff).count() == 4


def test_a_visit_whose_required_curator_is_not_on_the_trip_stays_theirs(db, week):
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    day = week.date.isoformat()
    gazel = next(v for v in request["vehicles"] if v["id"] == "gaz-1")
    gazel.pop("crews")
    keeps = {**visit(request, "N-1"), "required_staff": ["sw-away"], "dates": [day]}
    joins = {**visit(request, "N-2"), "required_staff": [next(c for c in week.staff if c.startswith("sw-"))], "dates": [day]}
    for v in (keeps, joins):
        for key in ("pinned", "expedition", "place", "reception"):
            v.pop(key, None)
    mini = {**request, "vehicles": [gazel], "visits": [keeps, joins]}
    expedition_week.carry(db, mini)
    assert "expedition" not in keeps and "pinned" not in keeps
    assert joins["expedition"] == week.key and joins["pinned"]["vehicle"] == "gaz-1"


def test_the_team_takes_on_only_what_its_hours_at_the_district_hold(db, week):
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    tied = [v for v in request["visits"] if v.get("expedition")]
    assert tied
    hours = 60 * (int(week.end[:2]) - int(week.start[:2]))  # the drive and lunch come off it
    sw = [v for v in tied if "social_worker" in v["roles"]]
    people = sum(1 for code in week.staff if code.startswith("sw-"))
    assert sum(v["duration"] for v in sw) <= people * hours
    week.end = week.start  # no time at the district: nothing is booked for the trip
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    assert not [v for v in request["visits"] if v.get("expedition")]


def _routine_monthly(db) -> None:
    """A centre's monthly routine contact for СОП families (the demo's rule)."""
    seed_default_rules(db)
    db.add(CadenceRule(code="routine-sop", purpose="routine", category="sop", interval_days=30,
                       min_days=21, max_days=45, roles=["social_worker"], duration=60, priority=50))


def _seen(db, family: Family, day: dt.date, purpose: str = "routine", staff=("sw-1",)) -> None:
    db.add(VisitRecord(family=family, date=day, purpose=purpose, outcome="done", staff=list(staff)))


def _settled(db, week, case: str, *, seen_days_before: int, **flags) -> Family:
    """A СОП family of the trip's village whose milestones are made, last seen ``seen_days_before`` the trip.

    Its quarterly monitoring was made that day too, so no monitoring falls due
    near the trip (nor in a New Year break the week asks ahead for) whatever
    week the term puts the trip in.
    """
    near = db.query(Settlement).filter_by(code="north-1").one()
    start = week.date - dt.timedelta(days=60)
    family = Family(case_code=case, settlement=near, lat=54.41, lon=37.01, category="sop",
                    intake_date=start, agreement_date=start, **flags)
    db.add(family)
    _seen(db, family, start + dt.timedelta(days=1), "first_visit")
    _seen(db, family, start + dt.timedelta(days=2), "assessment")
    _seen(db, family, week.date - dt.timedelta(days=seen_days_before))
    _seen(db, family, week.date - dt.timedelta(days=seen_days_before), "monitoring")
    return family


def invited(request: dict, case: str) -> list[dict]:
    return [v for v in request["visits"] if v["case"] == case]


def test_a_family_due_before_the_next_trip_is_received_on_this_one(db, week):
    _routine_monthly(db)
    for family in db.query(Family).filter(Family.case_code.like("N-%")):
        family.status = "closed"  # the trip's social worker has the day free
    _settled(db, week, "AHEAD", seen_days_before=22)   # due 8 days after the trip, allowed from 1 before
    _settled(db, week, "RECENT", seen_days_before=10)  # its rule allows no visit yet
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    [ahead] = [v for v in invited(request, "AHEAD") if v["purpose"] == "routine"]
    assert not ahead["mandatory"] and ahead["expedition"] == week.key and ahead["place"] == "dk-north"
    assert [v["purpose"] for v in invited(request, "RECENT")] == ["consultation"]  # the inspector only
    row = db.query(VisitRequest).filter_by(purpose="routine", origin="expedition").one()
    assert row.family.case_code == "AHEAD" and row.status == "open"


def test_a_case_asking_for_the_trips_specialists_is_offered_a_consultation(db, week):
    _routine_monthly(db)
    _settled(db, week, "DEP", seen_days_before=5, dependence=True, legal_question=True)
    seen = _settled(db, week, "MET", seen_days_before=5, dependence=True)
    _seen(db, seen, week.date - dt.timedelta(days=3), staff=("narc-1",))  # saw the narcologist lately
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    consults = invited(request, "DEP")
    # no lawyer on the trip: the legal question waits for a trip that brings one
    assert sorted(v["roles"][0] for v in consults) == ["narcologist", "police_inspector"]
    assert all(v["purpose"] == "consultation" and v["expedition"] == week.key
               and v["place"] == "dk-north" for v in consults)
    assert [v["roles"] for v in invited(request, "MET")] == [["police_inspector"]]
    result = plan_week(request)
    assert validate_plan(request, result) == []
    route = next(r for r in result["routes"]
                 if r["vehicle"] == "gaz-1" and r["date"] == week.date.isoformat())
    served = {s["visit"] for s in route["stops"]}
    assert {v["id"] for v in consults} <= served


def test_invitations_the_team_has_no_time_for_are_not_asked(db, week):
    _routine_monthly(db)
    _settled(db, week, "AHEAD", seen_days_before=22, dependence=True)
    week.end = week.start
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    assert invited(request, "AHEAD") == []
    rows = db.query(VisitRequest).filter_by(origin="expedition").all()
    assert rows and all(r.status == "cancelled" for r in rows)


def test_a_team_larger_than_the_car_takes_the_depots_next_car_too(db, week):
    from planner.models import Vehicle
    gazel = db.query(Vehicle).filter_by(code="gaz-1").one()
    gazel.seats = 2
    db.add(Vehicle(code="niva", name="Нива", depot=gazel.depot, seats=3))
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    day = week.date.isoformat()
    cars = {v["id"]: v for v in request["vehicles"]}
    assert sorted(cars["gaz-1"]["crews"][day]) == ["narc-1", "pdn-1"]  # the partners ride the series' car
    assert cars["niva"]["crews"][day] == [c for c in week.staff if c.startswith("sw-")]
    assert cars["niva"]["availability"][day] == [[week.start, week.end]]
    assert request["expeditions"][0]["vehicles"] == ["gaz-1", "niva"]
    received = visit(request, "N-0")
    assert received["pinned"] == {"date": day, "vehicle": "niva"} and received["place"] == "dk-north"
    assert "expedition" not in visit(request, "FAR", "narcologist")  # no car holds both its people
    result = plan_week(request)
    assert validate_plan(request, result) == []
    served = expedition_week.services(request, result)[week.key]
    niva = next(r for r in result["routes"] if r["vehicle"] == "niva" and r["date"] == day)
    assert served["reception"] + served["home"] >= len(niva["stops"]) >= 1


def test_a_family_is_received_in_its_own_hours_and_the_trip_calls_on_its_road(db, week):
    for case in ("N-0", "N-3"):
        db.query(Family).filter_by(case_code=case).one().status = "closed"  # the team's hours hold the rest
    evening = db.query(Family).filter_by(case_code="N-1").one()
    evening.availability = {d: [["17:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    db.query(Family).filter_by(case_code="N-2").one().availability = {
        d: [["13:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
    near = db.query(Settlement).filter_by(code="north-1").one()
    # the base is at 54.10, the point at 54.40 on the same meridian: 54.25 lies on the road
    db.add(Family(case_code="ROAD", settlement=near, lat=54.25, lon=37.01,
                  intake_date=week.date - dt.timedelta(days=3)))
    db.add(Family(case_code="ASIDE", settlement=near, lat=54.25, lon=37.4,
                  intake_date=week.date - dt.timedelta(days=3)))
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    afternoon = visit(request, "N-2")
    assert afternoon["place"] == "dk-north" and afternoon["time_windows"] == [["13:00", week.reception_end]]
    evening_visit = visit(request, "N-1")  # it cannot come while the point receives
    assert evening_visit["place"] != "dk-north" and "reception" not in evening_visit
    road = visit(request, "ROAD")
    assert road["expedition"] == week.key and road["place"] == "north-1"  # at home, on the way
    assert "expedition" not in visit(request, "ASIDE")


def test_a_family_seen_this_week_anyway_is_offered_the_trips_inspector_too(db, week):
    _routine_monthly(db)
    for family in db.query(Family).filter(Family.case_code.like("N-%")):
        family.status = "closed"
    _settled(db, week, "DUE", seen_days_before=35)  # its monthly visit falls due this week
    db.flush()
    request = demand.build_request(db, week_of(week.date), time_limit=5)
    assert sorted(v["purpose"] for v in invited(request, "DUE")) == ["consultation", "routine"]
    [consult] = [v for v in invited(request, "DUE") if v["purpose"] == "consultation"]
    assert consult["roles"] == ["police_inspector"] and consult["expedition"] == week.key
