"""Shared fixtures: a migrated SQLite database per test."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.db import make_engine, session_factory, upgrade


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
