"""The demo's dates anchored on the week it plans: its history ends the Friday before.

The files in ``data/`` hold a history that ends on ``HISTORY_END`` (the
generator's ``REFERENCE_DAY``), with the coming term, the expedition series,
absences and repairs after it. Planned as they are in a later week, the weeks
between were never recorded and the demo's first week would start with their
backlog, growing as the calendar moves. So ``planner demo`` moves every date of
the files by whole weeks (weekdays stay the same) until the week after the
history is the week it plans; a database that already holds the demo keeps
the shift it was built with, so a second run adds nothing twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.models import Term
from planner.services.production_calendar import parse_week

HISTORY_END = dt.date(2026, 11, 20)
"""The last day of the demo files' history (``REFERENCE_DAY`` of ``data/generate_demo.py``)."""
FIRST_MONDAY = HISTORY_END + dt.timedelta(days=7 - HISTORY_END.weekday())
"""The Monday after the history: the week the files, as they are, would plan first."""
ISO_DATE = re.compile(rb"(?<![\d-])(\d{4}-\d{2}-\d{2})(?!\d)")


def shift_for(week: str) -> dt.timedelta:
    """How far the files' dates move so that ``week`` directly follows the history."""
    return parse_week(week) - FIRST_MONDAY


def shift_in(db: Session, folder: Path) -> dt.timedelta | None:
    """The shift a database that already holds the demo was built with (None when it holds none):
    how far its copy of the files' first term moved."""
    with open(folder / "terms.csv", encoding="utf-8") as terms:
        first = next(csv.DictReader(terms))
    start = db.scalar(select(Term.start).where(Term.code == first["code"]))
    return None if start is None else start - dt.date.fromisoformat(first["start"])


def shifted_files(folder: Path, shift: dt.timedelta) -> Iterator[tuple[str, bytes]]:
    """The folder's CSV files with every ISO date in them moved by ``shift``."""
    def move(match: re.Match) -> bytes:
        return (dt.date.fromisoformat(match[1].decode()) + shift).isoformat().encode()
    for path in sorted(folder.glob("*.csv")):
        raw = path.read_bytes()
        yield str(path), ISO_DATE.sub(move, raw) if shift else raw

