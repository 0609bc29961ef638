"""Mutated CSV and XLSX files: an import succeeds or lists errors; never a traceback, nothing half-written."""

from __future__ import annotations

import io
import random

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planner.cli import cli
from planner.db import make_engine, session_factory, upgrade
from planner.models import Base
from planner.services.importing import ImportFailed, import_data
from tests.fuzz.mutate import mutate_bytes
from tests.services.region_files import REGION

SEED, CASES = 14, 80


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in REGION.items():
        sheet = book.create_sheet(name)
        for line in text.strip().split("\n"):
            sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fingerprint(db) -> dict[str, int]:
    """Rows per table: what "nothing written" is checked against."""
    return {table.name: db.scalar(select(func.count()).select_from(table)) for table in Base.metadata.sorted_tables}


def _mutants():
    rng = random.Random(SEED)
    files = [(f"{name}.csv", text.encode()) for name, text in REGION.items()]
    workbook = ("region.xlsx", _workbook())
    for _ in range(CASES):
        chosen = rng.sample(files, rng.randint(1, 4)) if rng.random() < 0.75 else [workbook]
        victim = rng.randrange(len(chosen))
        yield [(name, mutate_bytes(rng, data) if i == victim else data) for i, (name, data) in enumerate(chosen)]


MUTANTS = list(_mutants())


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One migrated database for every mutant: each import is rolled back afterwards."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'imports.sqlite'}")
    upgrade(engine)
    with session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.mark.parametrize("files", MUTANTS, ids=[f"import-{i}" for i in range(len(MUTANTS))])
def test_mutated_import_is_all_or_nothing(shared, files):
    before = fingerprint(shared)
    try:
        import_data(shared, files)
    except ImportFailed as failure:
        assert failure.errors and all(str(error) for error in failure.errors)
        assert fingerprint(shared) == before  # import_data rolled back what it had flushed
    shared.rollback()


@pytest.mark.parametrize("files", MUTANTS[:12], ids=[f"cli-{i}" for i in range(12)])
def test_mutated_import_from_the_command_line(tmp_path, files):
    for name, data in files:
        (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "import",
                                      *[str(tmp_path / name) for name, _ in files]])
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
