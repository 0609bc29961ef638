"""Shared fixtures: a migrated SQLite database per test."""

from __future__ import annotations

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
