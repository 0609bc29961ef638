"""Password guessing is throttled per account and per address; unknown names cost one hash check too."""

from __future__ import annotations

import pytest

from planner.services import throttle, users as accounts
from tests.web.conftest import PASSWORD, csrf_token


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    token = csrf_token(client)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_account_is_throttled_after_wrong_passwords_even_for_the_right_one(client, users):
    for n in range(throttle.PER_ACCOUNT):
        assert attempt(client, "head", f"wrong guess {n}").status_code == 200
    refused = attempt(client, "head", PASSWORD)
    assert refused.status_code == 429 and "Слишком много" in refused.get_data(as_text=True)
    assert attempt(client, "head", PASSWORD, address="10.0.0.2").status_code == 429
    assert attempt(client, "coordinator", PASSWORD).status_code == 302


def test_address_is_throttled_across_accounts(client, users):
    for n in range(throttle.PER_ADDRESS):
        attempt(client, f"guess-{n}", "wrong guess")
    assert attempt(client, "head", PASSWORD).status_code == 429
    assert attempt(client, "head", PASSWORD, address="10.0.0.9").status_code == 302


def test_failures_expire_after_the_window(db, users):
    import datetime as dt

    then = dt.datetime(2026, 12, 1, 9, 0)
    for _ in range(throttle.PER_ACCOUNT):
        throttle.record_failure(db, "head", "10.0.0.1", now=then)
    assert throttle.retry_after(db, "head", "10.0.0.3", now=then) == throttle.WINDOW.total_seconds() + 1
    assert throttle.retry_after(db, "head", "10.0.0.3", now=then + throttle.WINDOW) == 0


def test_a_successful_sign_in_clears_the_accounts_failures(client, users):
    for n in range(throttle.PER_ACCOUNT - 1):
        attempt(client, "head", f"wrong guess {n}")
    assert attempt(client, "head", PASSWORD).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/head/")})
    assert attempt(client, "head", "wrong again").status_code == 200
    assert attempt(client, "head", PASSWORD).status_code == 302


@pytest.mark.parametrize("username", ["head", "nobody-here"])
def test_known_and_unknown_names_check_exactly_one_hash(db, users, monkeypatch, username):
    checked = []
    monkeypatch.setattr(accounts, "_STAND_IN", [])  # made afresh, like the users' hashes in this test
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    assert accounts.authenticate(db, username, "not the password") is None
    assert len(checked) == 1 and checked[0].split("$")[0] == users_method(db)


def users_method(db) -> str:
    from planner.models import User

    return db.query(User).filter_by(username="head").one().password_hash.split("$")[0]
