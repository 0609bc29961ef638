"""Calendar feeds rendered once per change, not once per request.

Calendar apps poll every feed about once an hour, so a region's feeds are
fetched thousands of times between two publications, and rendering one
costs a query per event. A feed shows only its centre's rows (published
events, the term's sessions, settlements' names), and every committed
change of those moves the centre's data version (``models.data_version``),
so a feed is rendered once per (subject, day, centre version) and kept
with its ETag. A poll is then two primary-key lookups (the token, the
version); a 304 compares ETags and renders nothing.

After a publication every subscribed calendar misses at once: the first
request of a feed renders it and the others of the same process wait for
that body instead of rendering it again. Each process keeps its own
cache, bounded in entries.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from sqlalchemy.orm import Session as DbSession

from planner.models import data_version
from planner.services import feeds

ENTRIES = 4096
"""About one per subscribed person, vehicle, programme and family of a region."""


class FeedCache:
    """Rendered feeds by (kind, subject, day, centre version), least recently used dropped first."""

    def __init__(self, entries: int = ENTRIES):
        self._entries = entries
        self._feeds: OrderedDict[tuple, feeds.Feed | None] = OrderedDict()
        self._rendering: dict[tuple, threading.Lock] = {}
        self._lock = threading.Lock()

    def feed_for(self, session: DbSession, centre_id: int, kind: str, subject_id: int,
                 today: dt.date) -> feeds.Feed | None:
        """The feed as ``feeds.feed_for`` renders it, rendered only when the centre's data moved."""
        key = (kind, subject_id, today, data_version.current(session, centre_id))
        with self._lock:
            if key in self._feeds:
                self._feeds.move_to_end(key)
                return self._feeds[key]
            rendering = self._rendering.setdefault(key, threading.Lock())
        with rendering:
            try:
                with self._lock:
                    if key in self._feeds:  # rendered by the thread this one waited for
                        return self._feeds[key]
                rendered = feeds.feed_for(session, kind, subject_id, today)
                with self._lock:
                    self._feeds[key] = rendered
                    while len(self._feeds) > self._entries:
                        self._feeds.popitem(last=False)
                return rendered
            finally:
                with self._lock:
                    self._rendering.pop(key, None)
