"""``planner timetable``: a request file in, a timetable out; bad input exits 2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from planner.cli import cli
from planner.optimize.timetable import validate_timetable
from tests.optimize.timetable.conftest import programme, request


def run(*args):
    return CliRunner().invoke(cli, list(args))


def write(tmp_path, doc, name="request.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return str(path)


def test_timetable_writes_an_answer_that_validates(tmp_path):
    doc = request(programme())
    out = tmp_path / "timetable.json"
    result = run("timetable", write(tmp_path, doc), "--time-limit", "3", "--out", str(out))
    assert result.exit_code == 0, result.output
    answer = json.loads(out.read_text(encoding="utf-8"))
    assert answer["summary"]["placed"] == 3
    assert validate_timetable(doc, answer) == []
    check = run("timetable", write(tmp_path, doc), "--check", str(out))
    assert check.exit_code == 0


def test_check_lists_broken_rules(tmp_path):
    doc = request(programme(sessions=1))
    broken = {"sessions": [{"programme": "p", "n": 1, "date": "2027-03-06", "start": "10:00",
                            "end": "11:30", "venue": "hall", "staff": ["psy-1"]}],
              "unplaced": []}
    result = run("timetable", write(tmp_path, doc), "--check", write(tmp_path, broken, "t.json"))
    assert result.exit_code == 1
    assert "psy-1 does not work" in result.output


def test_production_calendar_closes_holidays_when_the_request_names_none(tmp_path):
    doc = request(programme(sessions=1, preferred={"weekdays": ["mon"]}),
                  term={"start": "2027-03-08", "end": "2027-03-14"})
    del doc["closed_dates"]
    result = run("timetable", write(tmp_path, doc))
    assert result.exit_code == 0, result.output
    (session,) = json.loads(result.output)["sessions"]
    assert session["date"] != "2027-03-08"  # International Women's Day


def test_malformed_request_gives_the_json_path_and_exit_2(tmp_path):
    doc = request(programme(cadence={"weekly": 0}))
    result = run("timetable", write(tmp_path, doc))
    assert result.exit_code == 2
    assert "$.programmes[0].cadence.weekly" in result.output


def test_not_json_and_missing_file_exit_2(tmp_path):
    assert run("timetable", write(tmp_path, "{oops")).exit_code == 2
    result = run("timetable", str(tmp_path / "nothing.json"))
    assert result.exit_code == 2 and "nothing.json" in result.output
