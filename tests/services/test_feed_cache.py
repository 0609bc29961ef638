"""The feed cache renders a feed once per centre version, also when many calendars miss at once."""

from __future__ import annotations

import datetime as dt
import threading
import time

from planner.services import feed_cache, feeds

DAY = dt.date(2026, 3, 2)


def _counting_renderer(monkeypatch, pause: float = 0.0) -> dict:
    count = {"n": 0}

    def render(_session, kind, subject_id, today):
        count["n"] += 1
        time.sleep(pause)
        return feeds.Feed(name=kind, body=f"{kind}-{subject_id}-{today}-{count['n']}".encode())

    monkeypatch.setattr(feeds, "feed_for", render)
    return count


def test_concurrent_misses_wait_for_one_render(monkeypatch):
    renders = _counting_renderer(monkeypatch, pause=0.2)
    monkeypatch.setattr(feed_cache.data_version, "current", lambda _session, centre_id: (1, 7))
    cache, answers = feed_cache.FeedCache(), []
    threads = [threading.Thread(target=lambda: answers.append(cache.feed_for(None, 1, "staff", 5, DAY)))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert renders["n"] == 1 and len({a.etag for a in answers}) == 1 and len(answers) == 6


def test_a_new_centre_version_or_day_renders_again(monkeypatch):
    renders = _counting_renderer(monkeypatch)
    version = {"v": (1, 7)}
    monkeypatch.setattr(feed_cache.data_version, "current", lambda _session, centre_id: version["v"])
    cache = feed_cache.FeedCache()
    first = cache.feed_for(None, 1, "staff", 5, DAY)
    assert cache.feed_for(None, 1, "staff", 5, DAY) is first and renders["n"] == 1
    version["v"] = (1, 8)
    assert cache.feed_for(None, 1, "staff", 5, DAY).etag != first.etag
    cache.feed_for(None, 1, "staff", 5, DAY + dt.timedelta(days=1))
    assert renders["n"] == 3
