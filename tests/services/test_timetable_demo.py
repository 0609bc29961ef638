"""The demo region's programmes are timetabled whole in the coming term (what ``planner demo`` shows)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

import planner
from planner.models import Term
from planner.optimize.timetable import validate_timetable
from planner.services.importing import import_files
from planner.services.timetable import build_request, plan_term

DEMO = Path(planner.__file__).parent.parent / "data"


def test_demo_programmes_are_all_placed(db):
    import_files(db, [DEMO])
    term = db.scalar(select(Term).order_by(Term.start.desc()))  # the coming one; the autumn is short
    answer = plan_term(db, term.code, term.start, term.end, time_limit=60)  # an upper bound: a busy machine needs longer to find the first timetable
    assert answer["unplaced"] == []
    assert answer["summary"]["placed"] == answer["summary"]["sessions"] > 80
    assert validate_timetable(build_request(db, term), answer) == []
