"""The region benchmark's centres: a share of the demo's families each, different per centre, importable."""

from __future__ import annotations

import csv

from sqlalchemy import func, select

from benchmarks.region import centre_files
from planner.models import Family
from planner.services.importing import import_files


def _codes(folder, name: str) -> set[str]:
    with open(folder / name, newline="", encoding="utf-8") as handle:
        return {row["case_code"] for row in csv.DictReader(handle)}


def test_centres_keep_their_own_share_of_families_and_what_belongs_to_them(tmp_path):
    one, two = centre_files(tmp_path / "1", 1, 0.33), centre_files(tmp_path / "2", 2, 0.33)
    families = _codes(one, "families.csv")
    assert 100 <= len(families) <= 115 and families != _codes(two, "families.csv")
    assert _codes(one, "visit_history.csv") <= families and _codes(one, "enrolments.csv") <= families
    assert (one / "staff.csv").read_bytes() == (tmp_path / "2" / "staff.csv").read_bytes()


def test_a_centre_of_fewer_families_imports_whole(db, tmp_path):
    folder = centre_files(tmp_path / "c", 3, 0.33)
    import_files(db, [folder])
    db.commit()
    assert db.scalar(select(func.count(Family.id))) == len(_codes(folder, "families.csv"))
