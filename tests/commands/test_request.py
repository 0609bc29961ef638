"""``planner request`` and ``planner outcome`` on a small database."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.models import Family, VisitRecord
from tests.services.conftest import region, routine_rules  # noqa: F401  (fixtures)


@pytest.fixture()
def run(engine):
    def invoke(*args):
        return CliRunner().invoke(cli, ["--database", str(engine.url), *args])
    return invoke


@pytest.fixture()
def family(db, region, routine_rules):  # noqa: F811
    family = Family(case_code="C-1", settlement=region["village"], lat=54.1, lon=37.2,
                    category="sop", curator=region["curator"], intake_date=dt.date(2026, 11, 2))
    db.add_all([family, VisitRecord(family=family, date=dt.date(2026, 11, 30), outcome="done")])
    db.commit()
    return family


def test_request_writes_the_week_to_a_file(run, family, tmp_path):
    out = tmp_path / "w50.json"
    result = run("request", "--week", "2026-W50", "--out", str(out), "--time-limit", "5")
    assert result.exit_code == 0, result.output
    request = json.loads(out.read_text(encoding="utf-8"))
    assert request["dates"][0] == "2026-12-07" and request["options"]["time_limit"] == 5
    assert [v["case"] for v in request["visits"]] == ["C-1"]
    again = json.loads(run("request", "--week", "2026-W50").stdout)
    assert again["visits"][0]["id"] == request["visits"][0]["id"]


@pytest.mark.parametrize("week", ["2026-50", "2026-W54", "2026-W02"])
def test_bad_week_exits_2_naming_the_option(run, week):
    result = run("request", "--week", week)
    assert result.exit_code == 2
    assert "--week" in result.output


def test_outcome_of_an_unknown_stop_exits_2(run):
    result = run("outcome", "42", "done")
    assert result.exit_code == 2 and "no stop with id 42" in result.output
