"""``planner report`` gives the numbers of the report page; ``planner outcome`` records services."""

import csv
import io
import json

import openpyxl
import pytest

from planner.models import VisitRecord
from planner.services.reports import build_report, parse_period, to_json
from tests.commands.test_request import run  # noqa: F401  (fixture)
from tests.services.conftest import region  # noqa: F401  (fixture)
from tests.services.test_recording import family, stop  # noqa: F401  (fixtures)
from tests.services.test_reports import history  # noqa: F401  (fixture)


@pytest.fixture()
def committed(db, history):  # noqa: F811
    db.commit()
    return history


def test_json_is_the_report_of_the_service(run, db, committed):
    result = run("report", "--from", "2026-01-01", "--to", "2026-03-31", "--lang", "en")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document == json.loads(json.dumps(to_json(build_report(db, parse_period("2026-Q1")))))
    summary = {row[0]: row[1:] for row in document["tables"]["summary"]["rows"]}
    assert summary["Brigade trips"] == [2, 1] and summary["Services given"] == [None, 5]
    quarter = json.loads(run("report", "--period", "2026-Q1", "--lang", "en").stdout)
    assert quarter == document
    russian = json.loads(run("report", "--period", "2026-Q1").stdout)["tables"]["summary"]
    assert russian["columns"] == ["Показатель", "План", "Факт"]
    assert russian["rows"][0] == ["Выезды бригад", 2, 1]


def test_csv_and_xlsx_carry_the_same_numbers(run, committed, tmp_path):
    result = run("report", "--period", "2026-Q1", "--format", "csv", "--scope", "district:chernsky",
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    trips = [r for r in rows if r["table"] == "summary" and r["row"] == "Brigade trips"]
    assert [(r["column"], r["value"]) for r in trips] == [("Planned", "2"), ("Done", "1")]
    out = tmp_path / "q1.xlsx"
    assert run("report", "--period", "2026-Q1", "--format", "xlsx", "--out", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out)["Сводка"]
    assert [cell.value for cell in sheet[2]] == ["Выезды бригад", 2, 1]


@pytest.mark.parametrize("args, message", [
    (("--from", "2026-03-01"), "--from and --to"),
    (("--from", "2026-03-01", "--to", "2026-02-01"), "--to"),
    (("--period", "spring"), "--period"),
    (("--period", "2026", "--from", "2026-01-01"), "either --period"),
    (("--period", "2026", "--scope", "district:atlantis"), "--scope"),
    (("--period", "2026", "--format", "xlsx"), "--out"),
])
def test_bad_arguments_exit_2_naming_the_option(run, committed, args, message):
    result = run("report", *args)
    assert result.exit_code == 2 and message in result.output


def test_outcome_records_services_and_people(run, db, stop):  # noqa: F811
    db.commit()
    result = run("outcome", str(stop.id), "done", "--service", "legal", "--service", "talk",
                 "--adults", "2", "--children", "3")
    assert result.exit_code == 0, result.output
    db.expire_all()
    record = db.query(VisitRecord).one()
    assert (record.services, record.adults, record.children) == (["legal", "talk"], 2, 3)
    refused = run("outcome", str(stop.id), "done", "--service", "teleport")
    assert refused.exit_code == 2 and "teleport" in refused.output
