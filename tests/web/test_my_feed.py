"""The specialist's feed page: issue once with webcal link and QR, re-issue, revoke."""

from __future__ import annotations

import re

import pytest

from planner.db import session_factory
from planner.services.publishing import publish
from planner.services.users import create_user
from tests.services.world import BASE_LAYOUT, make_plan, make_world
from tests.web.conftest import PASSWORD, csrf_token, sign_in


@pytest.fixture()
def signed_in(client, engine):
    with session_factory(engine)() as db:
        world = make_world(db)
        publish(db, make_plan(db, world, BASE_LAYOUT, 1))
        create_user(db, "anna", PASSWORD, "specialist", "sw1")
        create_user(db, "boss", PASSWORD, "head")
        db.commit()
    sign_in(client, "anna")
    return client


def _issue(client):
    page = client.post("/me/feed", data={"csrf_token": csrf_token(client, "/me/feed")})
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    url = re.search(r'value="(http://localhost/feeds/[A-Za-z0-9_-]{43}\.ics)"', text).group(1)
    return text, url


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/me/feed").status_code == 302


def test_user_without_staff_record_gets_404(client, signed_in):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/me/feed")})
    sign_in(client, "boss")
    assert client.get("/me/feed").status_code == 404


def test_issue_shows_link_webcal_and_qr_once(signed_in):
    text, url = _issue(signed_in)
    assert "webcal://localhost/feeds/" in text and "<svg" in text
    feed = signed_in.get(url.removeprefix("http://localhost"))
    assert feed.status_code == 200 and b"vr-1@planner.local" in feed.data
    later = signed_in.get("/me/feed").get_data(as_text=True)
    assert url.rsplit("/", 1)[1] not in later and "<svg" not in later


def test_reissue_kills_the_old_link_and_revoke_kills_all(signed_in):
    _, first = _issue(signed_in)
    _, second = _issue(signed_in)
    assert signed_in.get(first.removeprefix("http://localhost")).status_code == 404
    assert signed_in.get(second.removeprefix("http://localhost")).status_code == 200
    signed_in.post("/me/feed/revoke", data={"csrf_token": csrf_token(signed_in, "/me/feed")})
    assert signed_in.get(second.removeprefix("http://localhost")).status_code == 404
