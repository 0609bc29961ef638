"""The demo region's weekly requests meet the issue's "done when"."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from planner.db import make_engine, session_factory, upgrade
from planner.optimize.brigade.spec import parse
from planner.services.demand import build_request
from planner.services.demo_season import season_weeks
from planner.services.importing import import_files
from planner.services.production_calendar import is_working_day

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo region loaded once into a fresh database."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    upgrade(engine)
    session = session_factory(engine)()
    import_files(session, [DATA])
    session.commit()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture(scope="module")
def families():
    with open(DATA / "families.csv", encoding="utf-8") as handle:
        return {row["case_code"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def territory():
    with open(DATA / "territories.csv", encoding="utf-8") as handle:
        return {row["settlement"]: row["curator"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def after_history(demo):
    """The first week after the files' history (28 September 2026: the demo records the season from it)."""
    return build_request(demo, season_weeks()[0])


def test_the_optimiser_reads_the_request(after_history):
    problem = parse(after_history)
    assert len(problem.visits) == len(after_history["visits"]) > 50


def test_the_week_asks_what_a_steady_centre_can_do(after_history, families):
    """Milestones and monthly routine contact, not a visit to every СОП family every week."""
    active = [row for row in families.values() if row["status"] == "open" and row["consent_withdrawn"] == "no"]
    visits = after_history["visits"]
    assert len(active) >= 300
    assert len(visits) < len(active) / 2
    assert sum(v["mandatory"] for v in visits) < len(visits) / 4
    present = {visit["case"] for visit in visits}
    assert not {code for code, row in families.items()
                if row["status"] == "closed" or row["consent_withdrawn"] == "yes"} & present


def test_narcologist_visits_fall_on_his_days(after_history):
    narcologist = [v for v in after_history["visits"] if "narcologist" in v["roles"]]
    assert narcologist
    days = {dt.date.fromisoformat(d).strftime("%a") for v in narcologist for d in v["dates"]}
    assert days <= {"Tue", "Thu"}
    narcologists = [s for s in after_history["staff"] if "narcologist" in s["roles"]]
    assert len(narcologists) == 4
    assert {dt.date.fromisoformat(d).strftime("%a") for s in narcologists for d in s["availability"]} \
        <= {"Tue", "Thu"}


def test_routine_visits_require_the_curator_of_the_territory(after_history, families, territory):
    working = {s["id"] for s in after_history["staff"] if s["availability"]}
    for visit in after_history["visits"]:
        curator = territory[families[visit["case"]]["settlement"]]
        if visit["purpose"] == "routine" and curator in working:
            assert visit["required_staff"] == [curator] and not visit["preferred_staff"]
        elif visit["purpose"] in ("monitoring", "followup"):
            assert curator in visit["preferred_staff"] + visit["required_staff"]


def test_no_curator_carries_more_than_the_caseload_limit(demo):
    from planner.services.caseload import caseloads

    loads = caseloads(demo)
    assert len(loads) >= 20 and all(load.families <= load.limit for load in loads)


def test_new_year_week_keeps_off_the_moved_day_off(demo):
    request = build_request(demo, "2026-W53")  # 31 December 2026 is a day off by the 2026 decree
    assert request["dates"] == ["2026-12-28", "2026-12-29", "2026-12-30"]
    assert all(is_working_day(dt.date.fromisoformat(d))
               for v in request["visits"] for d in v["dates"])
    assert {d for v in request["visits"] for d in v["dates"]} <= set(request["dates"])
