"""The demo region's weekly requests meet the issue's "done when"."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from planner.db import make_engine, session_factory, upgrade
from planner.optimize.brigade.spec import parse
from planner.services.demand import build_request
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
def after_history(demo):
    """The first week after the history ends (27 November 2026)."""
    return build_request(demo, "2026-W49")


def test_the_optimiser_reads_the_request(after_history):
    problem = parse(after_history)
    assert len(problem.visits) == len(after_history["visits"]) > 200


def test_every_open_sop_case_is_due_the_week_after_the_history(after_history, families):
    active_sop = {code for code, row in families.items()
                  if row["category"] == "sop" and row["status"] == "open"
                  and row["consent_withdrawn"] == "no"}
    present = {visit["case"] for visit in after_history["visits"]}
    assert active_sop and active_sop <= present
    assert not {code for code, row in families.items()
                if row["status"] == "closed" or row["consent_withdrawn"] == "yes"} & present


def test_narcologist_visits_fall_on_his_days(after_history):
    narcologist = [v for v in after_history["visits"] if "narcologist" in v["roles"]]
    assert narcologist
    days = {dt.date.fromisoformat(d).strftime("%a") for v in narcologist for d in v["dates"]}
    assert days <= {"Tue", "Thu"}
    (staff,) = [s for s in after_history["staff"] if "narcologist" in s["roles"]]
    assert {dt.date.fromisoformat(d).strftime("%a") for d in staff["availability"]} <= {"Tue", "Thu"}


def test_curator_is_preferred_on_the_families_visits(after_history, families):
    for visit in after_history["visits"]:
        assert visit["preferred_staff"] == [families[visit["case"]]["curator"]]


def test_new_year_week_keeps_off_the_moved_day_off(demo):
    request = build_request(demo, "2026-W53")  # 31 December 2026 is a day off by the 2026 decree
    assert request["dates"] == ["2026-12-28", "2026-12-29", "2026-12-30"]
    assert all(is_working_day(dt.date.fromisoformat(d))
               for v in request["visits"] for d in v["dates"])
    assert {d for v in request["visits"] for d in v["dates"]} <= set(request["dates"])
