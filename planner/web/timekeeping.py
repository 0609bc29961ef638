"""The centre's calendar: today in the centre's time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_today(timezone: str) -> dt.date:
    """Today's date where the centre is (a server in UTC may be a day behind)."""
    return dt.datetime.now(ZoneInfo(timezone)).date()
