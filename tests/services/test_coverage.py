"""Coverage: overdue days, district totals and outlines."""

from __future__ import annotations

import datetime as dt

from planner.models import Family
from planner.services.coverage import convex_hull, days_overdue, district_totals, level_of, settlement_coverage
from tests.web.region import build_region


def test_convex_hull_drops_inner_points():
    points = [(0, 0), (2, 0), (2, 2), (0, 2), (1, 1), (1, 0)]
    assert sorted(convex_hull(points)) == [(0, 0), (0, 2), (2, 0), (2, 2)]


def test_hull_of_two_points_is_them():
    assert convex_hull([(1, 1), (0, 0), (1, 1)]) == [(0, 0), (1, 1)]


def test_never_visited_family_is_due_from_intake():
    family = Family(category="sop", intake_date=dt.date(2026, 3, 1))
    assert days_overdue(family, None, dt.date(2026, 3, 11)) == 10


def test_without_rule_rows_the_quarterly_monitoring_sets_the_interval():
    family = Family(category="tzhs")
    assert days_overdue(family, dt.date(2026, 3, 1), dt.date(2026, 3, 11)) == 10 - 84


def test_the_rule_rows_decide_the_interval(db, routine_rules):
    from planner.models import CadenceRule

    rules = db.query(CadenceRule).all()
    routine = next(r for r in rules if r.purpose == "routine" and r.category == "tzhs")
    routine.interval_days = 10
    family = Family(category="tzhs")
    assert days_overdue(family, dt.date(2026, 3, 1), dt.date(2026, 3, 11), rules) == 0


def test_levels_rise_with_days():
    assert [level_of(d)[0] for d in (-3, 0, 5, 20, 90)] == ["on_time", "on_time", "due", "overdue", "late"]


def test_settlements_and_district_totals(db):
    build_region(db)
    rows = settlement_coverage(db, dt.date(2026, 2, 1))
    by_name = {row.name: row for row in rows}
    assert by_name["Ивановка"].cases == 2 and by_name["Ивановка"].overdue == 2
    totals = {total.name: total for total in district_totals(rows)}
    assert (totals["Северный"].settlements, totals["Северный"].cases) == (3, 4)
    assert totals["Южный"].cases == 2


def test_every_district_gets_an_outline_around_its_settlements(db):
    from planner.services.coverage import district_outlines

    region = build_region(db)
    outlines = district_outlines(db)
    assert set(outlines) == {"Северный", "Южный"} and all(len(o) >= 4 for o in outlines.values())
    south = outlines["Южный"]
    for place in ("dubki", "sosnovka"):
        settlement = region["places"][place]
        assert min(p[0] for p in south) < settlement.lat < max(p[0] for p in south)
