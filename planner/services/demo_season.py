"""The demo's season of brigade trips: the autumn's weeks as the product would have recorded them.

The demo files hold the visit history only up to the season's first Monday
(``data/generate_demo.py``, ``SEASON_START``); the weeks from there to the end
of the history are planned, published and recorded here by the rolling
simulation, so the reports read real trips, their services and the people
met, and the coming week's demand follows from them. The solver runs in its
repeatable mode, seconds a week: the routes' work is bounded, and the crews'
CP-SAT stops at its deterministic budget (on a heavily loaded machine at twice
that on the clock, so crews may differ there). The
families were told of those visits at the time, so the season's notices are
marked sent rather than left queued for weeks long past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from planner.models import Notice, Plan
from planner.services.production_calendar import week_of
from planner.services.simulation import Overrides, WeekOutcome, simulate

SEASON_START = dt.date(2026, 9, 28)
"""The Monday of 2026-W40, as ``SEASON_START`` of ``data/generate_demo.py``."""
SEASON_END = dt.date(2026, 11, 20)
"""The last day of the demo's history (``REFERENCE_DAY`` of the generator)."""
TIME_LIMIT = 10.0
"""Per week; in repeatable mode it bounds only the crews' CP-SAT (a tenth of it, deterministic time, and
twice that on the wall clock): below about 10 s a loaded machine left a week with no crews at all."""


def season_weeks(start: dt.date = SEASON_START, end: dt.date = SEASON_END) -> list[str]:
    """The ISO weeks from ``start``'s to ``end``'s."""
    return [week_of(start + dt.timedelta(days=7 * n)) for n in range((end - start).days // 7 + 1)]


def record_season(db: Session, weeks: list[str] | None = None, *, time_limit: float = TIME_LIMIT,
                  report: Callable[[WeekOutcome], None] | None = None) -> list[WeekOutcome]:
    """Simulate the season's weeks after its last published one (all the first time, none after).

    An interrupted season resumes after its last published week, and a week
    the head published by hand is never planned over.
    """
    weeks = season_weeks() if weeks is None else weeks
    published = set(db.scalars(select(Plan.week).where(Plan.week.in_(weeks), Plan.status == "published")))
    done = max((weeks.index(week) + 1 for week in published), default=0)
    todo = weeks[done:]
    if not todo:
        return []
    results = simulate(db, todo[0], len(todo), Overrides(time_limit=time_limit, repeatable=True), report=report)
    plans = select(Plan.id).where(Plan.week.in_(todo))
    db.execute(update(Notice).where(Notice.plan_id.in_(plans), Notice.status == "queued")
               .values(status="sent", sent_at=Notice.created_at))
    db.commit()
    return results
