"""``planner simulate`` on a small database: the table, the JSON and the chart; the database stays."""

import datetime as dt
import json

import pytest
from planner.models import Family, VisitRecord
from planner.services.production_calendar import parse_week, week_of
from tests.commands.test_request import run  # noqa: F401  (fixture)
from tests.services.conftest import region  # noqa: F401  (fixture)

MONDAY = parse_week("2026-W50")


@pytest.fixture()
def family(db, region):  # noqa: F811
    family = Family(case_code="C-1", settlement=region["village"], lat=54.1, lon=37.2,
                    category="sop", curator=region["curator"], intake_date=MONDAY - dt.timedelta(days=100))
    db.add_all([family, VisitRecord(family=family, date=MONDAY - dt.timedelta(days=3), purpose="first_visit")])
    db.commit()
    return family


def test_simulate_from_the_week_after_the_history(run, family, tmp_path):
    out = tmp_path / "sim"
    result = run("simulate", "--weeks", "2", "--time-limit", "1", "--extra-vehicle", "uaz-1:wed",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads((out / "simulation.json").read_text(encoding="utf-8"))
    assert document["from"] == week_of(MONDAY)
    assert [w["week"] for w in document["weeks"]] == [week_of(MONDAY), week_of(MONDAY + dt.timedelta(days=7))]
    assert document["overrides"]["extra_vehicles"] == [{"like": "uaz-1", "weekdays": ["wed"]}]
    assert "<svg" in (out / "simulation.html").read_text(encoding="utf-8")
    assert (out / "simulation.svg").read_text(encoding="utf-8").startswith("<svg")
    assert week_of(MONDAY) in result.output


def test_bad_extra_vehicle_exits_2(run, family, tmp_path):
    result = run("simulate", "--weeks", "1", "--extra-vehicle", "uaz-1", "--out", str(tmp_path))
    assert result.exit_code == 2 and "VEHICLE:WEEKDAYS" in result.output


def test_unknown_vehicle_to_copy_exits_2(run, family, tmp_path):
    result = run("simulate", "--weeks", "1", "--extra-vehicle", "bus-9:wed", "--out", str(tmp_path))
    assert result.exit_code == 2 and "no vehicle 'bus-9'" in result.output
