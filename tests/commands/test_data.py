"""``planner import``, ``load-demo`` and ``export`` from the command line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planner.cli import cli
from planner.commands.data import DEMO
from planner.db import make_engine, session_factory
from planner.models import Family, Programme, Settlement, Staff, Vehicle
from tests.services.region_files import REGION, write_region


@pytest.fixture()
def run(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    def invoke(*args):
        return CliRunner().invoke(cli, ["--database", url, *map(str, args)])
    invoke.url = url
    return invoke


def count(url, model, *where) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        total = session.scalar(select(func.count()).select_from(model).where(*where))
    engine.dispose()
    return total


def test_import_reports_counts_and_reimport_updates(run, tmp_path):
    folder = write_region(tmp_path / "region")[0].parent
    first = run("import", folder)
    assert first.exit_code == 0, first.output
    assert f"{folder / 'families.csv'}: 2 created, 0 updated, 0 unchanged" in first.output
    again = run("import", *sorted(folder.iterdir()))
    assert again.exit_code == 0 and "families.csv: 0 created, 0 updated, 2 unchanged" in again.output
    assert count(run.url, Family) == 2


def test_check_validates_without_writing(run, tmp_path):
    result = run("import", "--check", write_region(tmp_path / "region")[0].parent)
    assert result.exit_code == 0 and "checked only; nothing written" in result.output
    assert count(run.url, Family) == 0


def test_failed_import_prints_every_error_exits_2_and_writes_nothing(run, tmp_path):
    bad = REGION["settlements"].replace("54.10", "4.10").replace("chernsky,53", "unknown,53")
    files = write_region(tmp_path / "bad", {"settlements": bad})
    result = run("import", *files)
    assert result.exit_code == 2
    source = tmp_path / "bad" / "settlements.csv"
    assert result.stderr.splitlines() == [
        f"{source}:2:lat: latitude 4.10 is outside Russia (41..82); are lat and lon swapped?",
        f"{source}:3:district: unknown districts 'unknown'",
        "import failed: 2 error(s); nothing written",
    ]
    assert count(run.url, Settlement) == 0


def test_load_demo_gives_the_demo_region(run, tmp_path):
    result = run("load-demo")
    assert result.exit_code == 0, result.output
    assert count(run.url, Settlement) >= 60
    assert count(run.url, Staff) >= 25
    assert count(run.url, Vehicle) >= 4
    assert count(run.url, Family, Family.status == "open") >= 300
    assert count(run.url, Programme) >= 8
    exported = run("export", tmp_path / "out")
    assert exported.exit_code == 0
    for path in DEMO.glob("*.csv"):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name


def test_export_to_a_workbook(run, tmp_path):
    run("import", write_region(tmp_path / "region")[0].parent)
    result = run("export", tmp_path / "book.xlsx")
    assert result.exit_code == 0 and (tmp_path / "book.xlsx").stat().st_size > 0
    assert run("import", tmp_path / "book.xlsx").exit_code == 0


def test_help_of_each_command(run):
    for command in ("import", "load-demo", "export"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output
