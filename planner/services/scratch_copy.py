"""A throw-away SQLite copy of the product's database, at the newest schema, for "what if" runs.

The simulation plans, publishes and records weeks that never happened; it
must not touch the centre's database. A SQLite file is copied with SQLite's
own online backup (safe while the web app writes); any other database
(PostgreSQL) is copied row by row into a new SQLite file made by the
migrations. Either way the copy is then brought to the newest schema, so a
database from an older release can be simulated without upgrading it.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, delete, insert, select, text
from sqlalchemy.engine import make_url

from planner.db import alembic_config, make_engine, upgrade
from planner.models.base import Base

BATCH = 1000
"""Rows written per insert when copying a server database: bounded memory on a region's history."""


@contextmanager
def scratch_copy(database_url: str) -> Iterator[Engine]:
    """An engine on a temporary SQLite copy of ``database_url``; the copy is deleted afterwards.

    ValueError (in words for the command line) when the source cannot be
    read: a missing SQLite file, or a server database at another schema
    than this release's.
    """
    with tempfile.TemporaryDirectory(prefix="planner-copy-") as folder:
        target = Path(folder) / "copy.sqlite"
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite":
            _backup(sqlite_path(database_url), target)
        engine = make_engine(f"sqlite:///{target}")
        try:
            if url.get_backend_name() != "sqlite":
                _copy_rows(database_url, engine)
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite URL; ValueError for an in-memory database or a file that is not there."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise ValueError(f"{url.render_as_string(hide_password=True)} is not a SQLite database file")
    path = Path(url.database)
    if not path.is_file():
        raise ValueError(f"no database file at {path}")
    return path


def _backup(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)


def _copy_rows(database_url: str, target: Engine) -> None:
    """Every table of the models, parents before children, into a freshly migrated ``target``."""
    source = make_engine(database_url)
    try:
        with source.connect() as reading:
            _same_schema(reading, database_url)
            upgrade(target)
            with target.begin() as writing:
                writing.execute(text("PRAGMA defer_foreign_keys=ON"))
                for table in reversed(Base.metadata.sorted_tables):
                    writing.execute(delete(table))  # what the migrations seed (the default centre) makes way
                for table in Base.metadata.sorted_tables:
                    rows = reading.execute(select(table)).mappings()
                    while batch := [dict(row) for row in rows.fetchmany(BATCH)]:
                        writing.execute(insert(table), batch)
    finally:
        source.dispose()


def _same_schema(connection, database_url: str) -> None:
    """Rows can only be copied between equal schemas: the source must be at this release's newest."""
    current = MigrationContext.configure(connection).get_current_revision()
    newest = ScriptDirectory.from_config(alembic_config(connection.engine)).get_current_head()
    if current != newest:
        shown = make_url(database_url).render_as_string(hide_password=True)
        raise ValueError(f"{shown} is at schema {current or 'none'}, this release at {newest}: "
                         "run `planner init-db` on it first")
