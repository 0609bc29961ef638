"""Accounts: hashed passwords, authentication, the demo accounts."""

from __future__ import annotations

from planner.models import User
from planner.services.users import authenticate, create_user, ensure_demo_users
from tests.web.region import build_region


def test_password_is_stored_hashed(db):
    create_user(db, "boss", "long enough secret", "admin")
    db.commit()
    stored = db.query(User).one().password_hash
    assert "long enough secret" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))
    assert authenticate(db, "boss", "long enough secret") is not None
    assert authenticate(db, "boss", "wrong") is None and authenticate(db, "nobody", "x") is None


def test_demo_users_get_fresh_passwords_each_run(db):
    build_region(db)
    first = ensure_demo_users(db)
    second = ensure_demo_users(db)
    assert set(first) == {"admin", "head", "coordinator", "specialist"}
    assert all(first[name] != second[name] for name in first)
    assert authenticate(db, "head", second["head"]).role == "head"
    assert authenticate(db, "head", first["head"]) is None
    assert db.query(User).filter_by(username="specialist").one().staff.code == "psy-01"
