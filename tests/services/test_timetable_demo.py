"""The demo region's programmes are timetabled whole (what ``planner demo`` shows)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

import planner
from planner.models import Term
from planner.optimize.timetable import validate_timetable
from planner.services.importing import import_files
from planner.services.timetable import build_request, plan_term

DEMO = Path(planner.__file__).parent.parent / "data"
DEMO_TERM = (dt.date(2026, 11, 30), dt.date(2027, 5, 28))
"""The term the demo data's programmes are written for (data/generate_demo.py)."""


def test_demo_programmes_are_all_placed(db):
    import_files(db, [DEMO])
    answer = plan_term(db, "demo", *DEMO_TERM, time_limit=10)
    assert answer["unplaced"] == []
    assert answer["summary"]["placed"] == answer["summary"]["sessions"] > 80
    term = db.scalar(select(Term).where(Term.code == "demo"))
    assert validate_timetable(build_request(db, term), answer) == []
