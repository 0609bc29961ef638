"""The rolling simulation: plan, publish, record outcomes, and the next week follows from them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from planner.models import Family, Plan, Service, Vehicle, VisitRecord
from planner.optimize.brigade import plan_week
from planner.services.demo_season import record_season
from planner.services.production_calendar import parse_week, week_of
from planner.services.simulation import (
    ExtraVehicle, Overrides, simulate, simulate_copy, totals,
)
from planner.services.simulation_chart import chart_html, chart_svg

MONDAY = parse_week("2026-W50")
WEEK = week_of(MONDAY)


@pytest.fixture()
def centre(db, region, precinct_rules):
    """Two СОП families of the curator's territory, due now."""
    for n in (1, 2):
        family = Family(case_code=f"C-{n}", settlement=region["village"], lat=54.1, lon=37.2 + n / 100,
                        category="sop", intake_date=MONDAY - dt.timedelta(days=40))
        db.add_all([family, VisitRecord(family=family, date=MONDAY - dt.timedelta(days=35), purpose="first_visit")])
    db.commit()


def spy(requests: list):
    def solve(request):
        requests.append(request)
        return plan_week(request)
    return solve


def test_done_visits_are_not_asked_again_the_next_week(db, centre):
    requests = []
    weeks = simulate(db, WEEK, 2, Overrides(absent_share=0, refused_share=0, time_limit=2), solve=spy(requests))
    first, second = weeks
    assert (first.week, first.asked, first.served, first.mandatory_left_out) == (WEEK, 2, 2, 0)
    assert first.routine_served == first.routine_by_curator == 2 and first.curator_share == 1.0
    assert first.outcomes == {"done": 2} and first.rider_days >= 1
    assert second.week == week_of(MONDAY + dt.timedelta(days=7)) and second.asked == 0
    assert db.scalar(select(func.count()).select_from(VisitRecord).where(VisitRecord.stop_id.is_not(None))) == 2
    assert [visit["required_staff"] for visit in requests[0]["visits"]] == [["sw-01"], ["sw-01"]]


def test_a_visit_made_records_a_service_per_role_and_the_household_met(db, centre):
    db.add_all([Service(code="home-check", name="Обследование", role="social_worker"),
                Service(code="advice", name="Консультация", role="social_worker"),
                Service(code="law", name="Юрист", role="lawyer"),
                Service(code="referral", name="Направление", role="")])
    db.commit()
    requests = []
    simulate(db, WEEK, 1, Overrides(absent_share=0, refused_share=0, time_limit=2, repeatable=True),
             solve=spy(requests))
    assert requests[0]["options"]["repeatable"] is True
    made = db.scalars(select(VisitRecord).where(VisitRecord.stop_id.is_not(None))).all()
    assert len(made) == 2
    for record in made:
        kinds = [code for code in record.services if code != "referral"]
        assert len(kinds) == 1 and kinds[0] in ("home-check", "advice")  # the routine visit asked a social worker
        people = record.family.people
        assert 1 <= record.adults <= min(2, people - 1) and 0 <= record.children <= people - record.adults


def test_absent_families_are_asked_again_and_get_more_urgent(db, centre):
    weeks = simulate(db, WEEK, 2, Overrides(absent_share=1, refused_share=0, time_limit=2))
    assert weeks[0].outcomes == {"absent": 2}
    assert weeks[1].asked == 2 and weeks[1].overdue_families == 2 and weeks[1].overdue_days > 0


def test_a_mandatory_visit_left_out_is_listed_with_the_optimisers_reasons(db, centre):
    def no_routes(request):
        return {"routes": [], "unassigned": [{"visit": v["id"], "reasons": ["NO_CAPACITY"], "detail": "none"}
                                             for v in request["visits"]], "summary": {}}
    for record in db.scalars(select(VisitRecord)):
        record.date = MONDAY - dt.timedelta(days=44)  # the monthly visit's deadline (45 days) is this week
    db.commit()
    (week,) = simulate(db, WEEK, 1, Overrides(time_limit=1), solve=no_routes)
    assert week.mandatory_left_out == len(week.missed) == 2
    assert week.missed[0]["reasons"] == ["NO_CAPACITY"] and week.missed[0]["purpose"] == "routine"
    assert "C-1" not in str(week.as_dict()["missed"])


def test_extra_vehicle_is_offered_on_its_weekdays_only(db, centre):
    requests = []
    simulate(db, WEEK, 1, Overrides(time_limit=1, extra_vehicles=(ExtraVehicle("uaz-1", ("wed",)),)),
             solve=spy(requests))
    (extra,) = [v for v in requests[0]["vehicles"] if v["id"] == "uaz-1+wed"]
    assert list(extra["availability"]) == [str(MONDAY + dt.timedelta(days=2))]
    assert db.scalar(select(Vehicle).where(Vehicle.code == "uaz-1+wed")).seats == \
        db.scalar(select(Vehicle).where(Vehicle.code == "uaz-1")).seats


def test_the_copy_leaves_the_database_as_it_was(engine, db, centre):
    weeks = simulate_copy(engine.url.render_as_string(hide_password=False), WEEK, 1, Overrides(absent_share=0, refused_share=0, time_limit=1))
    assert weeks[0].served == 2
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(VisitRecord)) == 2  # the two first visits only


def test_overrides_from_a_file_name_the_wrong_key():
    overrides = Overrides.from_dict({"absent_share": 0.2, "extra_vehicles": [{"like": "uaz-1", "weekdays": "wed"}]})
    assert overrides.absent_share == 0.2 and overrides.extra_vehicles == (ExtraVehicle("uaz-1", ("wed",)),)
    with pytest.raises(ValueError, match="unknown key 'vehicles'"):
        Overrides.from_dict({"vehicles": []})
    with pytest.raises(ValueError, match=r"extra_vehicles\[0\]"):
        Overrides.from_dict({"extra_vehicles": [{"like": "uaz-1", "weekdays": ["someday"]}]})
    assert Overrides.from_dict({"repeatable": True}).repeatable
    with pytest.raises(ValueError, match="repeatable must be true or false"):
        Overrides.from_dict({"repeatable": "yes"})
    with pytest.raises(ValueError, match="between 0 and 1"):
        Overrides(absent_share=0.8, refused_share=0.5)


def test_totals_and_chart_read_the_weeks(db, centre):
    weeks = simulate(db, WEEK, 1, Overrides(absent_share=0, refused_share=0, time_limit=1))
    summary = totals(weeks)
    assert summary["curator_share"] == 1.0 and summary["weeks"] == 1
    page = chart_html(weeks, "Симуляция")
    assert page.count("<svg") == 1 and page.count("<polyline") == 8 and WEEK in page
    assert chart_svg(weeks).startswith("<svg")


def test_the_new_year_holidays_are_passed_over(db, centre):
    weeks = simulate(db, "2026-W53", 2, Overrides(time_limit=1))
    assert [w.week for w in weeks] == ["2026-W53", "2027-W02"]


def test_the_demo_season_plans_its_own_weeks_and_passes_over_the_holidays(db, centre):
    """A season anchored over the New Year ends with 2027-W01 (no working day): nothing after it."""
    weeks = record_season(db, ["2026-W53", "2027-W01"], time_limit=1)
    assert [week.week for week in weeks] == ["2026-W53"]
    assert db.scalars(select(Plan.week)).all() == ["2026-W53"]
