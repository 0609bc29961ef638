"""The scratch copy a simulation runs on: every row, the newest schema, the original untouched."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import func, inspect, select

from planner.db import alembic_config, make_engine, session_factory
from planner.models import Settlement
from planner.services.scratch_copy import _copy_rows, scratch_copy, sqlite_path


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_the_copy_has_every_row_and_writing_it_leaves_the_original(engine, db, region):
    db.commit()
    count = db.scalar(select(func.count()).select_from(Settlement))
    with scratch_copy(_url(engine)) as copy, session_factory(copy)() as scratch:
        assert scratch.scalar(select(func.count()).select_from(Settlement)) == count > 0
        scratch.delete(scratch.scalar(select(Settlement).limit(1)))
        scratch.commit()
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Settlement)) == count


def test_rows_are_copied_table_by_table_from_any_database(engine, db, region, tmp_path):
    """The path a PostgreSQL database takes, here from SQLite so it runs everywhere."""
    db.commit()
    target = make_engine(f"sqlite:///{tmp_path / 'target.sqlite'}")
    _copy_rows(_url(engine), target)
    with session_factory(target)() as copy:
        names = sorted(copy.scalars(select(Settlement.name)))
    assert names == sorted(db.scalars(select(Settlement.name))) and names
    target.dispose()


def test_a_server_database_at_another_schema_is_refused(engine, tmp_path):
    command.downgrade(alembic_config(engine), "-1")
    with pytest.raises(ValueError, match="planner init-db"):
        _copy_rows(_url(engine), make_engine(f"sqlite:///{tmp_path / 'target.sqlite'}"))


def test_an_older_sqlite_file_is_upgraded_in_the_copy_only(tmp_path):
    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    command.upgrade(alembic_config(old), "0010")
    with scratch_copy(_url(old)) as copy, copy.connect() as connection:
        assert "audience" in {c["name"] for c in _columns(connection, "session")}
    with old.connect() as connection:
        assert "audience" not in {c["name"] for c in _columns(connection, "session")}
    old.dispose()


def _columns(connection, table: str) -> list[dict]:
    return inspect(connection).get_columns(table)


def test_only_an_existing_sqlite_file_is_copied_as_a_file(tmp_path):
    with pytest.raises(ValueError, match="not a SQLite database file"):
        sqlite_path("sqlite:///:memory:")
    with pytest.raises(ValueError, match="no database file"):
        sqlite_path(f"sqlite:///{tmp_path / 'missing.sqlite'}")
