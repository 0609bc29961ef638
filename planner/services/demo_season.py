"""The demo's season of brigade trips: the autumn's weeks as the product would have recorded them.

The demo files hold the visit history only up to the season's first Monday
(``data/generate_demo.py``, ``SEASON_START``); the weeks from there to the end
of the history are planned, published and recorded here by the rolling
simulation, so the reports read real trips, their services and the people
met, and the coming week's demand follows from them. The solver runs in its
repeatable mode, so the season is the same on every machine: the routes'
work is bounded by ``TIME_LIMIT`` (a route of calls counts every visit its
timing sends out, so a reception point's call of 18 families no longer makes
a week take minutes), and the crews' CP-SAT stops at its deterministic
budget (on a heavily loaded machine at twice that on the clock, so crews may
differ there). The
families were told of those visits at the time, so the season's notices are
marked sent rather than left queued for weeks long past.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from planner.models import ExpeditionTrip, Notice, Plan, SessionRecord, TripAnswer
from planner.models import Session as GroupSession
from planner.services.agreement import TOKEN_BYTES, addressees, digest
from planner.services.attendance import record_session
from planner.services.demo_anchor import HISTORY_END
from planner.services.expeditions import current_answers
from planner.services.production_calendar import week_of, working_days
from planner.services.simulation import Overrides, WeekOutcome, simulate

SEASON_START = dt.date(2026, 9, 28)
"""The Monday of 2026-W40, as ``SEASON_START`` of ``data/generate_demo.py``."""
SEASON_END = HISTORY_END
"""The last day of the demo files' history; ``planner demo`` moves both bounds with its files
(``demo_anchor``), so the season always ends the week before the week it plans."""
TIME_LIMIT = 10.0
"""Per week; in repeatable mode it sets the routes' counted work and the crews' CP-SAT budget (a tenth of
it, deterministic time): below about 10 s a loaded machine left a week with no crews at all."""


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
    todo = [week for week in weeks[done:] if working_days(week)]  # simulate passes over the others uncounted
    if not todo:
        return []
    results = simulate(db, todo[0], len(todo), Overrides(time_limit=time_limit, repeatable=True), report=report)
    plans = select(Plan.id).where(Plan.week.in_(todo))
    db.execute(update(Notice).where(Notice.plan_id.in_(plans), Notice.status == "queued")
               .values(status="sent", sent_at=Notice.created_at))
    db.commit()
    return results


ASKED_DAYS_BEFORE = 14
"""The partners were asked a fortnight before each trip and answered the next day."""


def agree_trips(db: Session, end: dt.date = SEASON_END) -> int:
    """Confirm every trip up to ``end`` that nobody was asked about: every addressee the letters
    would go to (``agreement.addressees``) said yes (the tokens, never sent, are thrown away).

    Returns how many trips were agreed here; trips already answered keep their answers.
    """
    agreed = 0
    for trip in db.scalars(select(ExpeditionTrip).where(ExpeditionTrip.date <= end).order_by(ExpeditionTrip.id)):
        if current_answers(trip):
            continue
        asked = dt.datetime.combine(trip.date - dt.timedelta(days=ASKED_DAYS_BEFORE), dt.time(9))
        for staff, contact, email in addressees(db, trip):
            trip.answers.append(TripAnswer(
                staff=staff, contact=contact, email=email, date=trip.date, status="confirmed",
                digest=digest(secrets.token_urlsafe(TOKEN_BYTES)),
                created_at=asked, sent_at=asked, answered_at=asked + dt.timedelta(days=1),
                expires_at=dt.datetime.combine(trip.date, dt.time(0))))
        agreed += 1
    db.flush()
    return agreed


HELD_SHARE = 0.92
"""Most sessions took place; the others were put off (illness, weather)."""
CHILDREN_COME = ("school-young-mothers", "animation-studio")
"""The demo's programmes where the children come with their parents."""


def record_sessions(db: Session, end: dt.date = SEASON_END, seed: int = 2) -> int:
    """Record the timetabled group sessions up to ``end`` that have no record yet: held or not, who came.

    Of a programme's enrolled families 60–100 % come, with a third more adults
    at most (a partner, a grandmother); a session for the centre's staff
    (no enrolments: supervision) is attended by 6–10 specialists.
    """
    rng = random.Random(seed)
    recorded = {(r.programme_id, r.date) for r in db.scalars(select(SessionRecord))}
    sessions = db.scalars(select(GroupSession).where(GroupSession.date <= end)
                          .order_by(GroupSession.date, GroupSession.start, GroupSession.id)).all()
    count = 0
    for session in sessions:
        if (session.programme_id, session.date) in recorded:
            continue
        if rng.random() >= HELD_SHARE:
            record_session(db, session.id, False, note="перенос")
        else:
            record_session(db, session.id, True, **_attendance(rng, session))
        count += 1
    return count


def _attendance(rng: random.Random, session: GroupSession) -> dict:
    enrolled = len(session.programme.enrolments)
    if not enrolled:
        return {"adults": rng.randint(6, 10)}
    families = max(1, round(enrolled * rng.uniform(0.6, 1.0)))
    children = families + rng.randint(0, families // 2) if session.programme.code in CHILDREN_COME else 0
    return {"families": families, "adults": families + rng.randint(0, families // 3), "children": children}
