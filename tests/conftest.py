"""Shared fixtures: a migrated database per test, SQLite by default.

The migrations run once per test run into a template, and each test gets
its own copy of it: on SQLite a copy of the migrated file (running the
migrations for every test was two seconds a test, a third of CI's time).
``PLANNER_TEST_DATABASE_URL`` switches every test database to PostgreSQL:
set it to a server URL whose role may create databases (CI:
``postgresql+psycopg://root@/postgres?host=/var/run/postgresql``); the
template is then a database and each test's copy is made with ``CREATE
DATABASE ... TEMPLATE`` (a fraction of a second), dropped when the test ends.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import uuid

import pytest
import time_machine
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.engine import make_url

from planner.db import make_engine, session_factory, upgrade

SERVER = os.environ.get("PLANNER_TEST_DATABASE_URL", "")


def _admin(server: str):
    """An engine on the server's maintenance database, outside transactions (CREATE DATABASE needs that)."""
    return make_engine(server).execution_options(isolation_level="AUTOCOMMIT")


def _drop(admin, name: str, tries: int = 5) -> None:
    """Drop a test database, waiting out a server process that is still on it.

    ``WITH (FORCE)`` ends the test's own leftover connections, but an
    autovacuum worker on the new database cannot be ended by a role without
    ``pg_signal_backend`` (CI grants it); the worker finishes within moments.
    """
    for attempt in range(tries):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            break
        except ProgrammingError:
            if attempt == tries - 1:
                raise
            time.sleep(1)
    admin.dispose()


@pytest.fixture(scope="session")
def _template_database(tmp_path_factory):
    """The template at the newest migration: a PostgreSQL database's name, or a SQLite file's path."""
    if not SERVER:
        path = tmp_path_factory.mktemp("template") / "planner.sqlite"
        template = make_engine(f"sqlite:///{path}")
        upgrade(template)
        template.dispose()
        yield path
        return
    admin, name = _admin(SERVER), f"planner_template_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    template = make_engine(make_url(SERVER).set(database=name).render_as_string(hide_password=False))
    upgrade(template)
    template.dispose()
    yield name
    _drop(admin, name)


def pytest_configure(config):
    """``PLANNER_TEST_NOW`` (UTC) moves the system time for the whole run: CI's shifted passes."""
    when = os.environ.get("PLANNER_TEST_NOW")
    if when:
        start = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        config._planner_travel = time_machine.travel(start, tick=True)
        config._planner_travel.start()


def pytest_report_header(config):
    if hasattr(config, "_planner_travel"):
        from planner import clock

        return f"system time moved to {clock.now():%Y-%m-%d %H:%M} UTC (PLANNER_TEST_NOW)"
    return None


@pytest.fixture()
def engine(tmp_path, _template_database):
    """A fresh database at the newest migration."""
    if not SERVER:
        path = tmp_path / "planner.sqlite"
        shutil.copyfile(_template_database, path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    admin, name = _admin(SERVER), f"planner_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template_database}"'))
    engine = make_engine(make_url(SERVER).set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    _drop(admin, name)


@pytest.fixture()
def db(engine):
    """A session on the fresh database, closed after the test."""
    session = session_factory(engine)()
    yield session
    session.close()


@pytest.fixture()
def clock():
    """The product's clock stopped at local noon of 7 December 2026 (a Monday); ``set``/``advance`` move it."""
    from planner.clock import FixedClock, use

    with use(FixedClock(dt.date(2026, 12, 7))) as fixed:
        yield fixed
