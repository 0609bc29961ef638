"""The engine's SQLite settings: WAL and a busy timeout, so readers and a writer work at once."""

from __future__ import annotations

from sqlalchemy import text

from planner.db import BUSY_TIMEOUT_MS, make_engine


def test_a_sqlite_file_runs_in_wal_with_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_writer_commits_while_a_reader_holds_its_snapshot(tmp_path):
    """Without WAL the commit would wait for the reader (a feed request) and end in "database is locked"."""
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (0)"))
    with engine.connect() as reader:
        reader.exec_driver_sql("BEGIN")
        assert reader.execute(text("SELECT n FROM t")).scalar() == 0
        with engine.begin() as writer:
            writer.execute(text("UPDATE t SET n = 1"))
        assert reader.execute(text("SELECT n FROM t")).scalar() == 0, "the reader keeps its snapshot"
        reader.exec_driver_sql("COMMIT")
        assert reader.execute(text("SELECT n FROM t")).scalar() == 1
