"""``planner solve``: exit 2 with the file and JSON path on bad input, the plan otherwise."""

from __future__ import annotations

import copy
import json

from click.testing import CliRunner

from planner.cli import cli
from planner.optimize.brigade import validate_plan

from .conftest import BASE


def run(*args):
    return CliRunner().invoke(cli, ["solve", *args])


def test_solve_prints_a_valid_plan(tmp_path):
    path = tmp_path / "week.json"
    path.write_text(json.dumps(BASE))
    result = run(str(path), "--time-limit", "1", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert validate_plan(BASE, json.loads(result.stdout)) == []


def test_solve_writes_the_plan_file(tmp_path):
    path, out = tmp_path / "week.json", tmp_path / "plan.json"
    path.write_text(json.dumps(BASE))
    result = run(str(path), "--time-limit", "1", "--out", str(out))
    assert result.exit_code == 0
    assert "visits" in result.stdout
    assert validate_plan(BASE, json.loads(out.read_text())) == []


def test_malformed_request_exits_2_with_the_json_path(tmp_path):
    request = copy.deepcopy(BASE)
    request["visits"][2]["time_windows"] = [["10:00", "25:00"]]
    path = tmp_path / "week.json"
    path.write_text(json.dumps(request))
    result = run(str(path))
    assert result.exit_code == 2
    assert "$.visits[2].time_windows[0][1]" in result.stderr
    assert str(path) in result.stderr


def test_invalid_json_exits_2_with_line_and_column(tmp_path):
    path = tmp_path / "week.json"
    path.write_text('{\n  "dates": [,]\n}')
    result = run(str(path))
    assert result.exit_code == 2
    assert "line 2, column 13" in result.stderr and str(path) in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "none.json"))
    assert result.exit_code == 2
    assert "none.json" in result.stderr
