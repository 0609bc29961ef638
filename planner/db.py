"""Engine and session handling shared by the CLI, the services and the web app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

MIGRATIONS = Path(__file__).parent / "migrations"


BUSY_TIMEOUT_MS = 15000
"""How long an SQLite writer waits for another one to finish before "database is locked"."""


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL, a busy timeout and its folder made.

    Any other SQLAlchemy URL (PostgreSQL: ``postgresql+psycopg://...``) is used
    as it is; its connections are checked before use, so a restarted database
    server costs one reconnect instead of an error page.
    """
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets feed readers and a publishing writer work at once; the timeout queues writers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if cursor.execute("PRAGMA database_list").fetchone()[2]:
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


class database_utcnow(FunctionElement):
    """The database server's time, naive UTC: the one clock that processes on several machines share.

    Heartbeats of plan jobs are written by a worker on one machine and judged
    by a web process on another; their own clocks may disagree (and a test may
    move its own), the database's is the same for both.
    """

    type = DateTime()
    inherit_cache = True


@compiles(database_utcnow)
def _utcnow_sql(_element, _compiler, **_kw) -> str:
    return "CURRENT_TIMESTAMP"  # SQLite: UTC, to the second


@compiles(database_utcnow, "postgresql")
def _utcnow_postgresql(_element, _compiler, **_kw) -> str:
    return "(statement_timestamp() AT TIME ZONE 'UTC')"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work: commit on success, roll back everything on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection_engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (what ``planner init-db`` does)."""
    command.upgrade(alembic_config(engine), "head")
