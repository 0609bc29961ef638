"""Shared fixtures: a migrated SQLite database per test."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine

from planner.db import make_engine, session_factory, upgrade


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
def engine(tmp_path):
    """A fresh database at the newest migration."""
    engine = make_engine(f"sqlite:///{tmp_path / 'planner.sqlite'}")
    upgrade(engine)
    yield engine
    engine.dispose()


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
