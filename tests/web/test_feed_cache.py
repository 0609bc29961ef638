"""Feeds are rendered once per change: a poll and a 304 render nothing, a publication renders again."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from planner.db import session_factory
from planner.models import Session
from planner.services import feeds
from planner.services.publishing import publish
from tests.services.world import BASE_LAYOUT, make_plan
from tests.web.test_feeds import world  # noqa: F401 - the published world with its tokens


@pytest.fixture()
def renders(monkeypatch):
    """How many times a feed body was rendered."""
    count = {"n": 0}
    render = feeds.feed_for

    def counted(*args, **kwargs):
        count["n"] += 1
        return render(*args, **kwargs)

    monkeypatch.setattr(feeds, "feed_for", counted)
    return count


def test_polls_and_304s_render_once_per_publication(client, engine, world, renders):  # noqa: F811
    url = f"/feeds/{world.tokens['van1']}.ics"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url).data == first.data
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert renders["n"] == 1
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van1", 0)][1] = ("F-002", "15:00", "16:00", ["sw1", "ps1"])
    with session_factory(engine)() as db:
        publish(db, make_plan(db, world, layout, 2))
        db.commit()
    moved = client.get(url, headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag
    assert client.get(url, headers={"If-None-Match": moved.headers["ETag"]}).status_code == 304
    assert renders["n"] == 2


def test_a_rescheduled_group_session_renders_the_feed_again(client, engine, world, renders):  # noqa: F811
    url = f"/feeds/{world.tokens['F-001']}.ics"
    before = client.get(url).data
    with session_factory(engine)() as db:
        meeting = db.query(Session).filter(Session.n == 2).first()
        meeting.start, meeting.updated_at = "18:00", meeting.updated_at + dt.timedelta(seconds=1)
        db.commit()
    after = client.get(url).data
    assert renders["n"] == 2 and after != before
