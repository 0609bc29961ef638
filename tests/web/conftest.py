"""Web fixtures: an app on a fresh migrated database, its test client, users of each role."""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.security import generate_password_hash

from planner.models import USER_ROLES
from planner.services.users import create_user
from planner.web import create_app
from tests.web.region import build_region

PASSWORD = "correct horse"


@pytest.fixture()
def app(engine):
    yield create_app({"TESTING": True, "DATABASE_URL": str(engine.url), "SECRET_KEY": "test"})
    _wait_for_solves()


def _wait_for_solves() -> None:
    """A solve a test started runs on after the test read its page; the test's database must outlive it.

    On PostgreSQL the database is dropped at teardown, and a solve still
    running then failed in its thread ("database does not exist").
    """
    for thread in threading.enumerate():
        if thread.name.startswith("plan-"):
            thread.join(timeout=120)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def region(db):
    return build_region(db)


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    """Tests sign in hundreds of times; scrypt's deliberate cost would dominate the run."""
    monkeypatch.setattr("planner.services.users.generate_password_hash",
                        lambda password: generate_password_hash(password, "pbkdf2:sha256:1000"))


@pytest.fixture()
def users(db, region):
    """One account per role, named after the role; the specialist is staff sw-01."""
    for role in USER_ROLES:
        create_user(db, role, PASSWORD, role, "sw-01" if role == "specialist" else None)
    db.commit()
    return USER_ROLES


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token a page of the app hands out (as a browser would read it)."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


@pytest.fixture()
def as_role(client, users):
    """``as_role("head")`` signs the client in as that role and returns it."""

    def enter(role: str):
        response = sign_in(client, role)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return enter
