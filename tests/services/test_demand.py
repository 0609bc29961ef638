"""Due visits and the week's plan request, built from small fixtures."""

import datetime as dt

import pytest

from planner.models import Absence, CadenceRule, Family, VisitRecord, VisitRequest
from planner.optimize.brigade import plan_week, validate_plan
from planner.services.demand import build_request
from planner.services.due import escalate

pytestmark = pytest.mark.usefixtures("routine_rules")

D = dt.date.fromisoformat
MILESTONES_DONE = [(D("2026-01-10"), "first_visit"), (D("2026-01-26"), "assessment"),
                   (D("2026-10-01"), "monitoring"), (D("2026-07-10"), "diagnostics")]
"""Done milestones of a case agreed in January 2026: none is due in December."""
W50 = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]


@pytest.fixture()
def add_family(db, region):
    """A family of the region; ``visited`` lists done visits (date or (date, purpose)).

    A purpose given in ``visited`` replaces that purpose's entry of MILESTONES_DONE.
    """
    def make(code, category="sop", visited=(), **fields):
        fields.setdefault("intake_date", D("2026-01-10"))
        fields.setdefault("agreement_date", D("2026-01-12"))
        family = Family(case_code=code, settlement=region["village"], lat=54.1, lon=37.2,
                        category=category, curator=region["curator"], **fields)
        db.add(family)
        db.flush()
        given = [(D(i), "routine") if isinstance(i, str) else (D(i[0]), i[1]) for i in visited]
        history = [(day, purpose) for day, purpose in MILESTONES_DONE
                   if purpose not in {p for _, p in given}] + given
        db.add_all(VisitRecord(family=family, date=day, purpose=purpose, outcome="done")
                   for day, purpose in history)
        db.flush()
        return family
    return make


def visits_of(request, case):
    return [v for v in request["visits"] if v["case"] == case]


def only_visit(request, case):
    (visit,) = visits_of(request, case)
    return visit


def test_sop_visited_last_week_is_due_again_at_base_priority(db, add_family):
    add_family("C-1", visited=["2026-11-30"])
    visit = only_visit(build_request(db, "2026-W50"), "C-1")
    assert visit["purpose"] == "routine" and visit["roles"] == ["social_worker"]
    assert visit["dates"] == W50
    assert (visit["priority"], visit["mandatory"]) == (50, False)
    assert visit["preferred_staff"] == ["sw-01"]
    assert visit["id"].startswith("vr-")


def test_sop_visit_waits_its_minimum_gap(db, add_family):
    add_family("C-1", visited=["2026-12-04"])  # Friday: due the next Friday, not before Wednesday
    assert only_visit(build_request(db, "2026-W50"), "C-1")["dates"] == W50[2:]


def test_overdue_sop_escalates_and_is_mandatory_at_the_fortnight(db, add_family):
    add_family("C-1", visited=["2026-11-27"])  # due 4 Dec, hard deadline 11 Dec
    visit = only_visit(build_request(db, "2026-W50"), "C-1")
    assert visit["mandatory"] and visit["priority"] == escalate(50, D("2026-12-04"), D("2026-12-11"),
                                                                D("2026-12-07")) == 71
    row = db.get(VisitRequest, int(visit["id"].removeprefix("vr-")))
    assert (row.due, row.deadline) == (D("2026-12-04"), D("2026-12-11"))


def test_a_deadline_on_the_weekend_makes_the_visit_mandatory_in_the_week_before(db, add_family):
    add_family("C-1", visited=["2026-11-29"])  # a Sunday: hard deadline Sunday 13 Dec, Friday 11 is the last chance
    assert only_visit(build_request(db, "2026-W50"), "C-1")["mandatory"]


def test_a_deadline_in_the_new_year_holidays_is_mandatory_in_the_last_week_before_them(db, add_family):
    add_family("C-1", visited=["2026-12-24", ("2026-12-24", "monitoring")])  # deadline 7 January:
    visit = only_visit(build_request(db, "2026-W53"), "C-1")  # nobody works from 31 December to 10 January
    # due 31 December, in the break: from the 28th, not from its rule's earliest day (the 29th)
    assert visit["mandatory"] and visit["dates"] == ["2026-12-28", "2026-12-29", "2026-12-30"]


def test_escalation_reaches_100_at_the_deadline():
    due, deadline = D("2026-12-01"), D("2026-12-15")
    assert [escalate(40, due, deadline, due + dt.timedelta(days=n)) for n in (-3, 0, 7, 14, 30)] == \
        [40, 40, 70, 100, 100]


def test_tzhs_is_due_about_monthly(db, add_family):
    add_family("T-recent", category="tzhs", visited=["2026-11-20"])
    add_family("T-month", category="tzhs", visited=["2026-11-09"])
    request = build_request(db, "2026-W50")
    assert visits_of(request, "T-recent") == []
    assert only_visit(request, "T-month")["priority"] == 40


@pytest.mark.parametrize("category,interval,base", [
    ("sop", 7, 50), ("risk", 14, 50), ("tzhs", 30, 40), ("foster", 45, 35), ("other", 60, 30)])
def test_each_category_is_due_at_its_interval(db, add_family, category, interval, base):
    monday = D("2026-12-07")
    add_family("due", category, visited=[str(monday - dt.timedelta(days=interval))])
    # Due the Monday after this week (for СОП that would be a visit inside the week itself).
    later = [str(monday - dt.timedelta(days=interval - 7))] if interval > 7 else []
    if later:
        add_family("not-yet", category, visited=later)
    request = build_request(db, "2026-W50")
    assert only_visit(request, "due")["priority"] == base
    assert visits_of(request, "not-yet") == []


def test_foster_family_follows_its_own_plan(db, add_family):
    default = add_family("F-1", category="foster", visited=["2026-11-09"])
    own = add_family("F-2", category="foster", visited=["2026-11-09"])
    db.add(CadenceRule(code="own-plan", purpose="routine", family=own, interval_days=21, min_days=14, max_days=35,
                       roles=["social_worker", "pedagogue"]))
    db.flush()
    request = build_request(db, "2026-W50")
    assert visits_of(request, default.case_code) == []  # 45 days: due 24 December
    assert only_visit(request, own.case_code)["roles"] == ["social_worker", "pedagogue"]


def test_first_visit_at_intake(db, region):
    db.add(Family(case_code="N-1", settlement=region["village"], lat=54.1, lon=37.2,
                  category="tzhs", intake_date=D("2026-12-04")))
    db.flush()
    visit = only_visit(build_request(db, "2026-W50"), "N-1")
    assert visit["purpose"] == "first_visit" and visit["priority"] == 83  # 3 of 7 days late
    assert visit["mandatory"]  # within a week of intake
    assert visit["preferred_staff"] == []


def test_assessment_within_three_weeks_with_narcologist_and_lawyer(db, add_family):
    family = add_family("A-1", category="tzhs", intake_date=D("2026-11-20"),
                        agreement_date=D("2026-11-23"), dependence=True, legal_question=True,
                        visited=[("2026-11-20", "first_visit")])
    db.query(VisitRecord).filter(VisitRecord.family_id == family.id,
                                 VisitRecord.date < D("2026-11-01")).delete()
    visit = only_visit(build_request(db, "2026-W50"), "A-1")
    assert visit["purpose"] == "assessment"
    assert sorted(visit["roles"]) == ["lawyer", "narcologist", "psychologist", "social_worker"]
    assert visit["dates"] == ["2026-12-08", "2026-12-10"]  # the narcologist works Tue and Thu
    assert not visit["mandatory"]  # the deadline, agreement + 21 days, is 14 December


def test_monitoring_quarterly_folds_the_routine_visit(db, add_family):
    add_family("M-1", visited=["2026-11-30", ("2026-09-10", "monitoring")])
    (visit,) = visits_of(build_request(db, "2026-W50"), "M-1")
    assert visit["purpose"] == "monitoring"  # due 3 December; routine contact rides along
    assert visit["roles"] == ["social_worker", "psychologist"]


def test_diagnostics_every_six_months_and_followup_at_a_year(db, add_family):
    add_family("D-1", category="other", visited=["2026-11-20", ("2026-06-05", "diagnostics")],
               agreement_date=D("2025-12-07"))
    purposes = {v["purpose"] for v in visits_of(build_request(db, "2026-W50"), "D-1")}
    assert purposes == {"diagnostics", "followup"}


def test_holiday_week_has_no_visit_on_the_holiday(db, add_family):
    add_family("C-1", visited=["2026-10-23"])
    request = build_request(db, "2026-W45")
    assert "2026-11-04" not in request["dates"]
    assert only_visit(request, "C-1")["dates"] == ["2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06"]


def test_week_without_working_days_is_refused(db, region):
    with pytest.raises(ValueError, match="no working day"):
        build_request(db, "2026-W02")


def test_absent_psychologist_narrows_the_dates(db, region, add_family):
    add_family("M-1", visited=["2026-12-03", ("2026-09-10", "monitoring")])
    db.add(Absence(staff=region["psychologist"], start=D("2026-12-09"), end=D("2026-12-18")))
    db.flush()
    request = build_request(db, "2026-W50")
    assert only_visit(request, "M-1")["dates"] == ["2026-12-07", "2026-12-08"]
    assert set(next(s for s in request["staff"] if s["id"] == "psy-01")["availability"]) == \
        {"2026-12-07", "2026-12-08"}


def test_family_hours_become_time_windows(db, add_family):
    add_family("C-1", visited=["2026-11-30"], availability={
        "mon": [["16:00", "19:00"]], "wed": [["16:00", "19:00"]], "fri": [["10:00", "12:00"]]})
    visit = only_visit(build_request(db, "2026-W50"), "C-1")
    assert visit["dates"] == ["2026-12-07", "2026-12-09"]
    assert visit["time_windows"] == [["16:00", "19:00"]]


@pytest.mark.parametrize("change", [{"consent_withdrawn": True}, {"status": "closed"}])
def test_withdrawn_or_closed_case_gets_no_visit(db, add_family, change):
    family = add_family("C-1", visited=["2026-11-20"])
    db.add(VisitRequest(family=family, origin="urgent", roles=["social_worker"],
                        deadline=D("2026-12-09")))
    build_request(db, "2026-W50")
    for field, value in change.items():
        setattr(family, field, value)
    assert visits_of(build_request(db, "2026-W50"), "C-1") == []
    generated = db.query(VisitRequest).filter(VisitRequest.week == "2026-W50").one()
    assert generated.status == "cancelled"


def test_regenerating_a_week_keeps_ids_and_adds_no_rows(db, add_family):
    add_family("C-1", visited=["2026-11-27"])
    add_family("C-2", visited=["2026-12-01"])
    first = build_request(db, "2026-W50")
    count = db.query(VisitRequest).count()
    second = build_request(db, "2026-W50")
    assert [v["id"] for v in first["visits"]] == [v["id"] for v in second["visits"]]
    assert db.query(VisitRequest).count() == count == 2


def test_urgent_request_before_its_deadline(db, add_family):
    family = add_family("C-1", category="tzhs", visited=["2026-11-27"])
    urgent = VisitRequest(family=family, origin="urgent", purpose="urgent", priority=80,
                          roles=["social_worker", "nurse"], duration=45, deadline=D("2026-12-09"))
    db.add(urgent)
    db.flush()
    visit = only_visit(build_request(db, "2026-W50"), "C-1")
    assert visit["id"] == urgent.key
    assert visit["dates"] == W50[:3] and visit["mandatory"]
    assert (visit["roles"], visit["duration"]) == (["social_worker", "nurse"], 45)


def test_the_optimiser_plans_the_request_with_the_curator(db, region, add_family):
    add_family("C-1", visited=["2026-11-27"])
    request = build_request(db, "2026-W50", time_limit=2)
    plan = plan_week(request)
    assert validate_plan(request, plan) == []
    (route,) = plan["routes"]
    assert [s["visit"] for s in route["stops"]] == [request["visits"][0]["id"]]
    assert route["stops"][0]["staff"] == ["sw-01"]


def test_visits_name_their_settlement_and_brigades_split_up_by_default(db, region, add_family, monkeypatch):
    add_family("c-place", visited=["2026-11-30"])
    request = build_request(db, "2026-W50", time_limit=1)
    assert only_visit(request, "c-place")["place"] == region["village"].code
    assert request["options"]["parallel_service"] is True
    assert request["options"]["walk_minutes"] == 5
    monkeypatch.setenv("PLANNER_PARALLEL_SERVICE", "no")
    assert build_request(db, "2026-W50", time_limit=1)["options"]["parallel_service"] is False


def test_the_week_before_a_shorter_one_asks_ahead_for_what_falls_due_in_it(db, add_family):
    """Due 3 January (the New Year break; the next week has three working days): asked, optional, in
    the full week before it, not the week before that; its cadence's earliest day (25 December) comes
    forward by the break's 11 days off (31 December to 10 January), so any day of the week will do;
    its deadline (18 January) lies beyond the break, so it weighs half its base (40) behind the week's own."""
    add_family("T-1", category="tzhs", visited=["2026-12-04", ("2026-12-04", "monitoring"),
                                                 ("2026-12-04", "diagnostics")])
    assert visits_of(build_request(db, "2026-W51"), "T-1") == []
    visit = only_visit(build_request(db, "2026-W52"), "T-1")
    assert (visit["purpose"], visit["mandatory"], visit["priority"], visit["dates"]) == \
        ("routine", False, 20, ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25"])


def test_asked_ahead_a_visit_the_break_would_have_to_make_in_time_keeps_its_weight(db, add_family):
    """Monitoring due 28 December, deadline 5 January (the break's three working days are its last
    chance): its base 60 in 2026-W52; diagnostics due 8 January, deadline 22 January: half of 55."""
    add_family("T-2", category="tzhs", visited=["2026-12-18", ("2026-10-05", "monitoring")])
    visits = {v["purpose"]: v for v in visits_of(build_request(db, "2026-W52"), "T-2")}
    assert {purpose: (v["priority"], v["mandatory"]) for purpose, v in visits.items()} == {
        "monitoring": (60, False), "diagnostics": (27, False)}


def test_the_fortnight_before_the_break_asks_for_what_its_rules_allow_early(db, add_family):
    """Monitoring due 4 January (the break), earliest by its rule 14 December, deadline 12 January:
    asked in 2026-W51 as optional at half its base (60), not in 2026-W50 (the break begins more
    than two weeks after it); W51 does not bring a rule's earliest day forward (W52 does) nor ask
    for what falls due before the break."""
    add_family("T-3", category="tzhs", visited=["2026-12-04", ("2026-10-12", "monitoring"),
                                                 ("2026-12-04", "diagnostics")])
    assert visits_of(build_request(db, "2026-W50"), "T-3") == []
    visit = only_visit(build_request(db, "2026-W51"), "T-3")
    assert (visit["purpose"], visit["mandatory"], visit["priority"]) == ("monitoring", False, 30)
    # due 24 December, between the week and the break: the next week's own work, not asked in W51
    add_family("T-4", category="tzhs", visited=["2026-12-04", ("2026-10-01", "monitoring"),
                                                 ("2026-12-04", "diagnostics")])
    assert visits_of(build_request(db, "2026-W51"), "T-4") == []


def test_what_falls_due_in_the_break_may_be_made_before_it_not_what_falls_due_after(db, add_family):
    """The last days before the New Year holidays (28–30 December) take a contact due on 8 January
    (earliest by its rule 30 December) from the 28th; one due on 12 January waits for its rule."""
    add_family("T-1", category="tzhs", visited=["2026-12-09", ("2026-12-09", "monitoring"),
                                                 ("2026-12-09", "diagnostics")])  # due 8 January
    add_family("T-2", category="tzhs", visited=["2026-12-13", ("2026-12-13", "monitoring"),
                                                 ("2026-12-13", "diagnostics")])  # due 12 January
    request = build_request(db, "2026-W53")
    assert only_visit(request, "T-1")["dates"] == ["2026-12-28", "2026-12-29", "2026-12-30"]
    assert visits_of(request, "T-2") == []


def test_a_single_holiday_next_week_asks_nothing_ahead(db, add_family):
    """4 November 2026 (Wednesday) leaves its week four working days: no break to work ahead of."""
    add_family("T-1", category="tzhs", visited=["2026-10-06", ("2026-10-06", "monitoring"),
                                                 ("2026-10-06", "diagnostics")])  # due 5 November
    assert visits_of(build_request(db, "2026-W44"), "T-1") == []
    assert only_visit(build_request(db, "2026-W45"), "T-1")["dates"] == ["2026-11-02", "2026-11-03",
                                                                        "2026-11-05", "2026-11-06"]
