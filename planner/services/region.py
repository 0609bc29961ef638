"""The region's view of its centres: coverage and report figures per centre, counts only.

A regional coordinator sees how each centre's families are covered and what
each centre did in a period, never who: every figure here is a count (of
settlements, cases, trips, visits, people), read centre by centre through a
session scoped to that centre, so no row of one centre is counted in another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planner.models import tenancy
from planner.services import coverage, reports
from planner.services.reports.tables import N_, Report, Table

RATIOS = {"Services per trip": "Brigade trips"}
"""Summary figures that are averages: the region's value weighs each centre's by this figure."""


@dataclass
class CentreCoverage:
    """One centre's settlements with open cases (``coverage.SettlementCoverage``, counts only)."""

    code: str
    name: str
    settlements: list[coverage.SettlementCoverage]

    @property
    def cases(self) -> int:
        return sum(row.cases for row in self.settlements)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.settlements)

    @property
    def late_settlements(self) -> int:
        return sum(row.level == coverage.OVERDUE_COLOUR[0] for row in self.settlements)


def region_coverage(session: Session, today: dt.date) -> list[CentreCoverage]:
    """Every centre's coverage on ``today``."""
    return [CentreCoverage(centre.code, centre.name, coverage.settlement_coverage(scoped, today))
            for centre, scoped in tenancy.each_centre(session)]


def region_outlines(session: Session) -> dict[str, list[tuple[float, float]]]:
    """Every centre's district outlines, named "centre · district"."""
    return {f"{centre.name} · {district}": outline for centre, scoped in tenancy.each_centre(session)
            for district, outline in coverage.district_outlines(scoped).items()}


def region_report(session: Session, period: reports.Period) -> Report:
    """The summary figures of ``period``, done and planned, one column per centre and the region's total."""
    summaries = [(centre.name, reports.build_report(scoped, period).table("summary"))
                 for centre, scoped in tenancy.each_centre(session)]
    done = _across(summaries, "done", N_("Done, by centre"), 2)
    planned = _across(summaries, "planned", N_("Planned, by centre"), 1)
    planned.rows = [row for row in planned.rows if row[-1] is not None]
    return Report("", period.start, period.end, "region", "", [done, planned])


def _across(summaries: list[tuple[str, Table]], key: str, title, column: int) -> Table:
    """One summary column of every centre side by side, with the region's value last."""
    table = Table(key, title, [N_("Figure"), *(name for name, _s in summaries), N_("Region")])
    labels = [row[0] for row in summaries[0][1].rows] if summaries else []
    for index, label in enumerate(labels):
        values = [summary.rows[index][column] for _name, summary in summaries]
        table.rows.append([label, *values, _region_value(summaries, label, values, column)])
    return table


def _region_value(summaries, label: str, values: list, column: int):
    if all(value is None for value in values):
        return None
    if label not in RATIOS:
        return sum(value or 0 for value in values)
    weights = [summary.row(RATIOS[label])[column] or 0 for _name, summary in summaries]
    total = sum(weights)
    return round(sum((v or 0) * w for v, w in zip(values, weights)) / total, 1) if total else 0
