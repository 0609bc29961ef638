"""``planner timetable``: a request file in, a timetable out; bad input exits 2."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import select

from planner.cli import cli
from planner.db import make_engine, session_factory
from planner.models import Session
from planner.optimize.timetable import validate_timetable
from tests.optimize.timetable.conftest import programme, request
from tests.services.region_files import write_region


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


def test_term_plan_move_and_refusals(tmp_path, clock):  # a term of January 2027 still ahead
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    folder = write_region(tmp_path / "region")[0].parent
    assert run("--database", url, "import", str(folder)).exit_code == 0
    term = ("--database", url, "term")
    planned = run(*term, "plan", "--code", "t", "--start", "2027-01-11", "--end", "2027-03-28",
                  "--time-limit", "3")
    assert planned.exit_code == 0, planned.output
    assert "unplaced art-1: 12 (NO_USABLE_DATE)" in planned.output  # narcologist: Tue mornings
    assert "unplaced club" in planned.output and "(CADENCE)" in planned.output
    moved = run(*term, "move", "--code", "t", "--programme", "club", "--n", "1",
                "--date", "2027-01-12", "--start", "15:00", "--time-limit", "3")
    assert moved.exit_code == 0, moved.output
    with session_factory(make_engine(url))() as db:
        first = db.scalar(select(Session).where(Session.n == 1))
        assert (first.date.isoformat(), first.start, first.locked) == ("2027-01-12", "15:00", True)
    refused = run(*term, "move", "--code", "t", "--programme", "club", "--n", "2",
                  "--date", "2027-02-23", "--time-limit", "3")
    assert refused.exit_code == 2 and "closed date 2027-02-23" in refused.output
    backwards = run(*term, "plan", "--code", "t", "--start", "2027-03-01", "--end", "2027-01-01")
    assert backwards.exit_code == 2
