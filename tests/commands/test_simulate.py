"""``planner simulate`` on a small database: the table, the JSON and the chart; the database stays."""

import datetime as dt
import json

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import func, select, text

from planner.cli import cli
from planner.db import alembic_config, make_engine, session_factory
from planner.models import Family, VisitRecord, tenancy
from planner.services.production_calendar import parse_week, week_of
from planner.services.simulation import first_week_after_history
from tests.commands.test_request import run  # noqa: F401  (fixture)
from tests.services.conftest import region  # noqa: F401  (fixture)
from tests.web.centres import make_other_centre

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


def _simulate(database: str, *args):
    return CliRunner().invoke(cli, ["--database", database, "simulate", "--weeks", "1", *args])


def test_a_missing_file_is_named_and_not_created(tmp_path):
    missing = tmp_path / "missing.sqlite"
    result = _simulate(f"sqlite:///{missing}", "--out", str(tmp_path / "sim"))
    assert result.exit_code == 2 and f"no database file at {missing}" in result.output
    assert not missing.exists() and "Traceback" not in result.output


def test_an_old_schema_is_upgraded_in_the_copy_and_an_empty_one_names_the_week(tmp_path):
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    command.upgrade(alembic_config(old), "0011")
    url = old.url.render_as_string(hide_password=False)
    result = _simulate(url, "--out", str(tmp_path / "sim"))
    assert result.exit_code == 2 and "no visit history to start after" in result.output and "--from" in result.output
    result = _simulate(url, "--from", "2026-W50", "--out", str(tmp_path / "sim"))
    assert result.exit_code == 2 and "week 2026-W50 cannot be planned: $.depots" in result.output
    with old.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")).startswith("0011")
    old.dispose()


def test_a_database_that_cannot_be_opened_is_named_without_its_password(tmp_path):
    result = _simulate("postgresql+psycopg://planner:secret@127.0.0.1:1/planner", "--from", "2026-W50")
    assert result.exit_code == 2 and "cannot read postgresql+psycopg://planner:***@127.0.0.1:1/planner" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_simulate_runs_in_the_centre_named_and_several_centres_need_one(run, family, engine, tmp_path):
    other = make_other_centre(engine)
    sessions = session_factory(engine)
    with tenancy.scoped(sessions, other.id)() as b, tenancy.scoped(sessions, family.centre_id)() as a:
        theirs, ours = first_week_after_history(b), first_week_after_history(a)
    assert theirs != ours
    refused = run("simulate", "--weeks", "1", "--out", str(tmp_path / "none"))
    assert refused.exit_code == 2 and "several centres: name one with --centre" in refused.output
    result = run("--centre", "other", "simulate", "--weeks", "1", "--time-limit", "1", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "simulation.json").read_text(encoding="utf-8"))
    assert document["from"] == theirs, "the week after centre B's own history, not A's"
    with tenancy.scoped(sessions, other.id)() as b:
        families = b.scalar(select(func.count(Family.id)).where(Family.status == "open"))
    assert 0 < document["weeks"][0]["asked"] <= 2 * families
    assert run("--centre", "nowhere", "simulate", "--weeks", "1").exit_code == 2
