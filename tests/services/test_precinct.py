"""The precinct principle: territories give families their curator; rules say whether the curator must come."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from planner.models import Absence, CadenceRule, Depot, Family, ProtectedTime, Staff, VisitRecord
from planner.services.caseload import caseloads, uncurated
from planner.services.demand import build_request
from planner.services.importing import ImportFailed, import_data, import_files
from planner.services.production_calendar import parse_week, week_of
from tests.services.region_files import write_region

MONDAY = parse_week("2026-W50")
WEEK = week_of(MONDAY)


@pytest.fixture()
def precinct(db, region, precinct_rules):
    """A СОП family in the curator's territory, last seen six weeks ago."""
    family = Family(case_code="C-1", settlement=region["village"], lat=54.1, lon=37.2, category="sop",
                    intake_date=MONDAY - dt.timedelta(days=40))
    db.add(family)
    db.add(VisitRecord(family=family, date=MONDAY - dt.timedelta(days=40), purpose="first_visit"))
    db.flush()
    return family


def visit_of(request, purpose="routine"):
    (visit,) = [v for v in request["visits"] if v["purpose"] == purpose]
    return visit


def test_family_gets_its_curator_from_the_territory(precinct, region):
    assert precinct.curator is None and precinct.case_curator is region["curator"]


def test_curator_set_by_hand_wins_over_the_territory(db, precinct, region):
    other = Staff(code="sw-02", full_name="Орлова", roles=["social_worker"], agency=region["centre"],
                  depot=region["depot"])
    precinct.curator = other
    db.flush()
    assert precinct.case_curator is other


def test_routine_visit_requires_the_working_curator(db, precinct):
    visit = visit_of(build_request(db, WEEK))
    assert visit["required_staff"] == ["sw-01"] and visit["preferred_staff"] == []


def test_curator_on_leave_part_of_the_week_narrows_the_dates(db, precinct, region):
    db.add(Absence(staff=region["curator"], start=MONDAY, end=MONDAY + dt.timedelta(days=2)))
    db.flush()
    visit = visit_of(build_request(db, WEEK))
    assert visit["required_staff"] == ["sw-01"]
    assert visit["dates"] == [str(MONDAY + dt.timedelta(days=n)) for n in (3, 4)]


def test_curator_away_all_week_is_only_preferred(db, precinct, region):
    db.add(Absence(staff=region["curator"], start=MONDAY, end=MONDAY + dt.timedelta(days=6)))
    db.flush()
    visit = visit_of(build_request(db, WEEK))
    assert visit["required_staff"] == [] and visit["preferred_staff"] == ["sw-01"]


def test_a_preferred_rule_only_prefers(db, precinct):
    db.scalar(select(CadenceRule).where(CadenceRule.code == "routine-sop")).curator = "preferred"
    visit = visit_of(build_request(db, WEEK))
    assert visit["required_staff"] == [] and visit["preferred_staff"] == ["sw-01"]


def test_caseload_counts_territory_families_against_the_limit(db, precinct, region):
    region["curator"].caseload_limit = 0
    (load,) = caseloads(db)
    assert (load.curator.code, load.families, load.settlements, load.over) == ("sw-01", 1, 1, True)
    assert uncurated(db) == 0


def test_territories_rules_and_protected_time_import(db, tmp_path):
    folder = tmp_path / "region"
    write_region(folder)
    (folder / "territories.csv").write_text("settlement,curator\nivanovka,sw-01\n", encoding="utf-8")
    (folder / "cadence_rules.csv").write_text(
        "code,purpose,category,interval_days,min_days,max_days,roles,curator\n"
        "routine-sop,routine,sop,30,21,45,social_worker,required\n"
        "monitoring,monitoring,,84,63,92,social_worker;psychologist,preferred\n", encoding="utf-8")
    (folder / "protected_time.csv").write_text(
        "code,name,weekday,start,end,agency,staff\nmeeting,Планёрка,mon,09:00,10:00,centre,\n", encoding="utf-8")
    import_files(db, [folder])
    rules = {rule.code: rule for rule in db.scalars(select(CadenceRule))}
    assert rules["routine-sop"].curator == "required" and rules["monitoring"].category is None
    assert db.scalar(select(ProtectedTime)).agency.code == "centre"
    family = db.scalar(select(Family).where(Family.case_code == "F-001"))
    assert family.settlement.code == "ivanovka" and family.case_curator.code == "sw-01"


@pytest.mark.parametrize("name,text,where", [
    ("cadence_rules.csv", "code,purpose,interval_days,min_days,max_days,roles,curator\n"
                          "r,routine,30,21,45,social_worker,always\n", "cadence_rules.csv:2:curator"),
    ("cadence_rules.csv", "code,purpose,interval_days,min_days,max_days,roles\n"
                          "r,routine,30,40,45,social_worker\n", "cadence_rules.csv:2:interval_days"),
    ("territories.csv", "settlement,curator\nnowhere,sw-01\n", "territories.csv:2:settlement"),
    ("protected_time.csv", "code,name,weekday,start,end\nm,Планёрка,someday,09:00,10:00\n",
     "protected_time.csv:2:weekday"),
])
def test_bad_rows_name_file_row_and_column(db, tmp_path, name, text, where):
    folder = tmp_path / "region"
    write_region(folder)
    with pytest.raises(ImportFailed) as caught:
        import_data(db, [(name, text.encode())])
    assert any(str(error).startswith(where) for error in caught.value.errors), caught.value.errors


@pytest.mark.parametrize("lawyer_at_the_curators_depot", [True, False])
def test_curator_is_required_only_where_their_depot_can_make_up_the_crew(db, precinct, region,
                                                                         lawyer_at_the_curators_depot):
    """The routine visit folds into a needs assessment with the lawyer; a crew rides from one depot,
    so a lawyer only at another depot leaves the curator preferred (required, it was never served)."""
    db.add(CadenceRule(code="assessment", purpose="assessment", anchor="agreement", repeat=False,
                       interval_days=14, min_days=0, max_days=21, roles=["social_worker", "lawyer"]))
    base = region["depot"] if lawyer_at_the_curators_depot else Depot(
        code="base", name="База", lat=54.3, lon=37.4, district=region["district"])
    db.add(Staff(code="law-01", full_name="Попова", roles=["lawyer"], agency=region["centre"], depot=base))
    db.add(VisitRecord(family=precinct, date=MONDAY - dt.timedelta(days=25), purpose="routine"))
    precinct.agreement_date = MONDAY - dt.timedelta(days=14)
    db.flush()
    visit = visit_of(build_request(db, WEEK), "assessment")
    assert sorted(visit["roles"]) == ["lawyer", "social_worker"]
    if lawyer_at_the_curators_depot:
        assert visit["required_staff"] == ["sw-01"] and visit["preferred_staff"] == []
    else:
        assert visit["required_staff"] == [] and visit["preferred_staff"] == ["sw-01"]


@pytest.mark.parametrize(("psychologists", "mandatory", "curator"), [
    (1, True, "preferred"), (2, True, "required"), (1, False, "required")])
def test_a_mandatory_visit_is_not_locked_to_the_depots_only_person_of_a_role(db, precinct, region,
                                                                             psychologists, mandatory, curator):
    """A branch's one psychologist is its bottleneck: a mandatory assessment requiring the curator could
    only ride with them, so the curator is preferred and a crew of another depot may make it in time.
    (The routine contact, due but not yet mandatory, folds into the assessment and requires the curator.)"""
    db.add(CadenceRule(code="assessment", purpose="assessment", anchor="agreement", repeat=False,
                       interval_days=14, min_days=0, max_days=21, roles=["social_worker", "psychologist"]))
    if psychologists == 2:
        db.add(Staff(code="psy-02", full_name="Смирнова", roles=["psychologist"], agency=region["centre"],
                     depot=region["depot"]))
    db.add(VisitRecord(family=precinct, date=MONDAY - dt.timedelta(days=25), purpose="routine"))
    precinct.agreement_date = MONDAY - dt.timedelta(days=16 if mandatory else 10)
    db.flush()
    visit = visit_of(build_request(db, WEEK), "assessment")
    assert visit["mandatory"] is mandatory
    if curator == "required":
        assert visit["required_staff"] == ["sw-01"] and visit["preferred_staff"] == []
    else:
        assert visit["required_staff"] == [] and visit["preferred_staff"] == ["sw-01"]
