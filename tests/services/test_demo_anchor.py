"""The demo's files are moved by whole weeks so their history ends just before the planned week."""

import datetime as dt
from pathlib import Path

from planner.models import Term
from planner.services.demo_anchor import FIRST_MONDAY, shift_for, shift_in, shifted_files

DEMO = Path(__file__).parents[2] / "data"


def test_the_shift_makes_the_planned_week_follow_the_history():
    assert FIRST_MONDAY == dt.date(2026, 11, 23)
    assert shift_for("2026-W48") == dt.timedelta(0)
    assert shift_for("2026-W50") == dt.timedelta(days=14)
    assert shift_for("2027-W48") == dt.timedelta(days=371)  # 2026 has 53 weeks


def test_only_dates_move_in_the_files(tmp_path):
    (tmp_path / "terms.csv").write_text("code,start,end\n2026-autumn,2026-09-01,2026-11-20\n", encoding="utf-8")
    (tmp_path / "families.csv").write_text("case_code,contact_phone,intake_date\nC-1,+7 900 000-01-00,2026-12-28\n",
                                           encoding="utf-8")
    files = dict(shifted_files(tmp_path, dt.timedelta(days=14)))
    assert files[str(tmp_path / "terms.csv")].decode() == "code,start,end\n2026-autumn,2026-09-15,2026-12-04\n"
    assert files[str(tmp_path / "families.csv")].decode().endswith("C-1,+7 900 000-01-00,2027-01-11\n")
    assert dict(shifted_files(tmp_path, dt.timedelta(0)))[str(tmp_path / "terms.csv")] \
        == (tmp_path / "terms.csv").read_bytes()


def test_a_database_keeps_the_shift_it_was_built_with(db):
    assert shift_in(db, DEMO) is None
    db.add(Term(code="2026-autumn", start=dt.date(2026, 9, 15), end=dt.date(2026, 12, 4)))
    db.flush()
    assert shift_in(db, DEMO) == dt.timedelta(days=14)
