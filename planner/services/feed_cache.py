"""Calendar feeds rendered once per change, not once per request.

Calendar apps poll every feed about once an hour, so a region's feeds are
fetched thousands of times between two publications, and rendering one
costs a query per event. A feed's body is a function of the published
events, the term's sessions and the date the feed starts from (see
``feeds``), so it is rendered once per *stamp* of those — how many events
and sessions there are, the sum of their sequence numbers and their last
change, and the day — and kept with its ETag. A poll is then two small queries (the
token, the stamp); a 304 compares ETags and renders nothing.

Edits that are not publications (a renamed settlement, a new address) reach
the feeds with the next publication, as a plan's changes do. Each process
keeps its own cache, bounded in entries.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from planner.models import PublishedEvent, Session
from planner.services import feeds

ENTRIES = 4096
"""About one per subscribed person, vehicle, programme and family of a region."""


def stamp(session: DbSession) -> tuple:
    """What every feed's body depends on, in one query; it moves whenever a feed may change.

    Counts and sums of ``sequence`` rather than the newest timestamp alone:
    stored times are to the second, and two publications can fall in one.
    """
    aggregates = [aggregate for model, changed in ((PublishedEvent, PublishedEvent.last_modified),
                                                   (Session, Session.updated_at))
                  for aggregate in (func.count(model.id), func.sum(model.sequence), func.max(changed))]
    return tuple(session.execute(select(*(select(a).scalar_subquery() for a in aggregates))).one())


class FeedCache:
    """Rendered feeds by (kind, subject, day, stamp), least recently used dropped first."""

    def __init__(self, entries: int = ENTRIES):
        self._entries = entries
        self._feeds: OrderedDict[tuple, feeds.Feed | None] = OrderedDict()
        self._lock = threading.Lock()

    def feed_for(self, session: DbSession, kind: str, subject_id: int, today: dt.date) -> feeds.Feed | None:
        """The feed as ``feeds.feed_for`` renders it, rendered only when its stamp moved."""
        key = (kind, subject_id, today, stamp(session))
        with self._lock:
            if key in self._feeds:
                self._feeds.move_to_end(key)
                return self._feeds[key]
        rendered = feeds.feed_for(session, kind, subject_id, today)
        with self._lock:
            self._feeds[key] = rendered
            while len(self._feeds) > self._entries:
                self._feeds.popitem(last=False)
        return rendered
