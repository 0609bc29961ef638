"""Sessions end on the server: a saved cookie is worthless after sign-out, a new password, a deactivation."""

from __future__ import annotations

import pytest

from planner.models import User
from planner.services import users as accounts
from tests.web.conftest import PASSWORD, csrf_token, sign_in


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replayed(app, cookie: str):
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_cookie_saved_before_sign_out_no_longer_works(app, client, users, region):
    sign_in(client, "head")
    saved = _cookie(client)
    token = csrf_token(client, "/head/")
    assert _replayed(app, saved).get("/head/").status_code == 200
    client.post("/logout", data={"csrf_token": token})
    replay = _replayed(app, saved)
    assert replay.get("/head/").status_code == 302
    assert replay.post("/head/plans/1/publish", data={"csrf_token": token}).status_code in (302, 400)
    assert replay.get("/head/").status_code == 302


def test_sign_out_ends_only_that_browser(app, users):
    first, second = app.test_client(), app.test_client()
    sign_in(first, "head")
    sign_in(second, "head")
    first.post("/logout", data={"csrf_token": csrf_token(first, "/head/")})
    assert first.get("/head/").status_code == 302 and second.get("/head/").status_code == 200


@pytest.mark.parametrize("change", ["password", "deactivation"])
def test_new_password_or_deactivation_ends_every_session(app, client, users, db, change):
    sign_in(client, "head")
    saved = _cookie(client)
    user = db.query(User).filter_by(username="head").one()
    if change == "password":
        accounts.set_password(db, user, "another good secret")
    else:
        accounts.deactivate(db, user)
    db.commit()
    assert _replayed(app, saved).get("/head/").status_code == 302
    assert client.get("/head/").status_code == 302
