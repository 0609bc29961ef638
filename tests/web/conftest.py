"""Web fixtures: an app on a fresh migrated database and its test client."""

from __future__ import annotations

import pytest

from planner.web import create_app


@pytest.fixture()
def app(engine):
    return create_app({"TESTING": True, "DATABASE_URL": str(engine.url), "SECRET_KEY": "test"})


@pytest.fixture()
def client(app):
    return app.test_client()
