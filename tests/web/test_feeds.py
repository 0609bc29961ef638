"""The feed URL: ETag/304, 404 for dead tokens, the family page, no token in logs."""

from __future__ import annotations

import copy
import logging
import threading

import pytest
import requests
from werkzeug.serving import make_server

from planner.db import session_factory
from planner.services import tokens
from planner.services.publishing import publish
from tests.services.calendars import parse
from tests.services.world import BASE_LAYOUT, make_plan, make_world


@pytest.fixture()
def world(engine):
    with session_factory(engine)() as db:
        world = make_world(db)
        publish(db, make_plan(db, world, BASE_LAYOUT, 1))
        world.tokens = {"sw1": tokens.issue(db, "staff", world.staff["sw1"].id),
                        "F-001": tokens.issue(db, "family", world.families["F-001"].id),
                        "van1": tokens.issue(db, "vehicle", world.vehicles["van1"].id)}
        db.commit()
    return world


def test_feed_answers_with_calendar_and_etag_then_304(client, world):
    url = f"/feeds/{world.tokens['sw1']}.ics"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    assert "vr-1@planner.local" in parse(first.data)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_etag_survives_unchanged_republish_and_changes_on_a_move(client, engine, world):
    url = f"/feeds/{world.tokens['van1']}.ics"
    etag = client.get(url).headers["ETag"]
    with session_factory(engine)() as db:
        publish(db, make_plan(db, world, BASE_LAYOUT, 2))
        db.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van1", 0)][1] = ("F-002", "15:00", "16:00", ["sw1", "ps1"])
    with session_factory(engine)() as db:
        publish(db, make_plan(db, world, layout, 3))
        db.commit()
    moved = client.get(url, headers={"If-None-Match": etag})
    assert moved.status_code == 200 and parse(moved.data)["vr-2@planner.local"]["sequence"] == 1


def test_revoked_and_unknown_tokens_get_404(client, engine, world):
    url = f"/feeds/{world.tokens['sw1']}.ics"
    with session_factory(engine)() as db:
        tokens.revoke(db, "staff", world.staff["sw1"].id)
        db.commit()
    assert client.get(url).status_code == 404
    assert client.get("/feeds/not-a-token.ics").status_code == 404
    assert client.get(f"/family/{world.tokens['van1']}").status_code == 404  # wrong kind


def test_family_page_shows_date_and_window_only(client, world):
    page = client.get(f"/family/{world.tokens['F-001']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "с 10:00 до 11:00" in text
    assert "10:20" not in text and "Иванова" not in text and "Петрова" not in text
    assert "Садовая" not in text and "F-001" not in text
    assert f"webcal://localhost/feeds/{world.tokens['F-001']}.ics" in text


def test_family_page_speaks_russian_first_and_english_on_request(client, world):
    url = f"/family/{world.tokens['F-001']}"
    assert "Визиты специалистов центра" in client.get(url).get_data(as_text=True)
    with client.session_transaction() as cookie:
        cookie["lang"] = "en"  # what the language switch stores
    text = client.get(url).get_data(as_text=True)
    assert "Visits of the centre's specialists" in text and "from 10:00 to 11:00" in text


def test_request_log_masks_the_token(app, world, caplog):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for path in (f"/feeds/{world.tokens['sw1']}.ics", f"/family/{world.tokens['F-001']}"):
                assert requests.get(f"http://127.0.0.1:{server.port}{path}", timeout=10).status_code == 200
    finally:
        server.shutdown()
        thread.join(timeout=10)
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("/feeds/***.ics" in line for line in lines) and any("/family/***" in line for line in lines)
    assert not any(token in caplog.text for token in world.tokens.values())
