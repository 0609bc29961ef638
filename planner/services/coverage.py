"""The coordinator's coverage: how overdue the families of each settlement are.

Everything here is counted per settlement; no family name or case code
leaves this module, so the coverage map can be shown on a wall.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.models import CadenceRule, Family, Settlement, VisitRequest
from planner.services.cadence import contact_days
from planner.services.due import last_visits

LEVELS = ((0, "on_time", "#2e7d32"), (7, "due", "#f9a825"), (30, "overdue", "#ef6c00"))
OVERDUE_COLOUR = ("late", "#c62828")
"""(up to days overdue, level, colour); beyond the last bound: ``OVERDUE_COLOUR``."""


@dataclass
class SettlementCoverage:
    id: int
    name: str
    district_id: int
    district: str
    location: tuple[float, float]
    cases: int = 0
    overdue: int = 0
    worst_days: int = 0

    @property
    def level(self) -> str:
        return level_of(self.worst_days)[0]

    @property
    def colour(self) -> str:
        return level_of(self.worst_days)[1]


@dataclass
class DistrictTotal:
    name: str
    settlements: int = 0
    cases: int = 0
    overdue: int = 0
    levels: dict[str, int] = field(default_factory=dict)


def level_of(days_overdue: int) -> tuple[str, str]:
    """The level name and map colour of a number of days overdue."""
    for bound, name, colour in LEVELS:
        if days_overdue <= bound:
            return name, colour
    return OVERDUE_COLOUR


def days_overdue(family: Family, last_done: dt.date | None, today: dt.date,
                 rules: list[CadenceRule] = ()) -> int:
    """Days past the family's next contact (≤ 0: not yet due).

    The demand's rules decide (the family's own, its category's): the next
    visit is due one contact interval (``cadence.contact_days``) after the
    last visit done, or at intake for a family nobody has visited yet.
    """
    if last_done is None:
        due = family.intake_date or family.agreement_date or today
    else:
        due = last_done + dt.timedelta(days=contact_days(family, list(rules)))
    return (today - due).days


def _families(session: Session, district_id: int | None, category: str | None,
              role: str | None) -> list[Family]:
    query = (select(Family).join(Settlement)
             .where(Family.status == "open", Family.consent_withdrawn.is_(False))
             .options(selectinload(Family.settlement).selectinload(Settlement.district)))
    if district_id:
        query = query.where(Settlement.district_id == district_id)
    if category:
        query = query.where(Family.category == category)
    families = session.scalars(query).all()
    if role:
        needing = _families_needing(session, role)
        families = [family for family in families if family.id in needing]
    return families


def _families_needing(session: Session, role: str) -> set[int]:
    """Families with an open visit request that asks for ``role``."""
    rows = session.execute(select(VisitRequest.family_id, VisitRequest.roles)
                           .where(VisitRequest.status == "open")).all()
    return {family_id for family_id, roles in rows if role in (roles or [])}


def settlement_coverage(session: Session, today: dt.date, *, district_id: int | None = None,
                        category: str | None = None, role: str | None = None) -> list[SettlementCoverage]:
    """Settlements with open cases (after the filters), most overdue first."""
    last_done = last_visits(session, today + dt.timedelta(days=1))
    rules = session.scalars(select(CadenceRule)).all()
    rows: dict[int, SettlementCoverage] = {}
    for family in _families(session, district_id, category, role):
        place = family.settlement
        row = rows.get(place.id) or rows.setdefault(place.id, SettlementCoverage(
            place.id, place.name, place.district_id, place.district.name, (place.lat, place.lon)))
        late = days_overdue(family, last_done.get(family.id, {}).get("*"), today, rules)
        row.cases += 1
        row.overdue += late > 0
        row.worst_days = max(row.worst_days, late) if row.cases > 1 else late
    return sorted(rows.values(), key=lambda r: (-r.worst_days, -r.cases, r.name))


def district_totals(rows: list[SettlementCoverage]) -> list[DistrictTotal]:
    """Per district: settlements, cases, overdue cases and settlements per level."""
    totals: dict[str, DistrictTotal] = {}
    for row in rows:
        total = totals.setdefault(row.district, DistrictTotal(row.district))
        total.settlements += 1
        total.cases += row.cases
        total.overdue += row.overdue
        total.levels[row.level] = total.levels.get(row.level, 0) + 1
    return [totals[name] for name in sorted(totals)]


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain: the hull of ``points`` counter-clockwise, no repeats."""
    unique = sorted(set(points))
    if len(unique) < 3:
        return unique

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def chain(sequence):
        hull: list[tuple[float, float]] = []
        for point in sequence:
            while len(hull) >= 2 and cross(hull[-2], hull[-1], point) <= 0:
                hull.pop()
            hull.append(point)
        return hull[:-1]

    return chain(unique) + chain(reversed(unique))


MARGIN = (0.02, 0.03)
"""Degrees of latitude and longitude (about 2 km) an outline keeps around its settlements."""


def district_outlines(session: Session) -> dict[str, list[tuple[float, float]]]:
    """District name -> outline, drawn so the map reads even when tiles cannot load.

    The outline is the convex hull of the district's settlements, each widened
    by ``MARGIN``: settlements sit inside it, and a district with one or two
    settlements still gets an area.
    """
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    dlat, dlon = MARGIN
    for settlement in session.scalars(select(Settlement).options(selectinload(Settlement.district))):
        lat, lon = settlement.lat, settlement.lon
        points[settlement.district.name] += [(lat + dlat, lon), (lat - dlat, lon), (lat, lon + dlon),
                                             (lat, lon - dlon)]
    return {name: convex_hull(found) for name, found in sorted(points.items())}
