"""Curators' caseloads: how many open families each carries against their limit (seed 001: 15).

A family counts for its curator set by hand, else for the curator of its
settlement's territory; families nobody curates are counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.models import Family, Settlement, Staff, Territory


@dataclass(frozen=True)
class Caseload:
    curator: Staff
    families: int
    settlements: int

    @property
    def limit(self) -> int:
        return self.curator.caseload_limit

    @property
    def over(self) -> bool:
        return self.families > self.limit


def caseloads(db: Session) -> list[Caseload]:
    """Every curator with a territory or a family, most loaded first."""
    families = db.scalars(select(Family).where(Family.status == "open").options(
        selectinload(Family.curator),
        selectinload(Family.settlement).selectinload(Settlement.territory).selectinload(Territory.curator)))
    counts = Counter(family.case_curator.id for family in families if family.case_curator is not None)
    places = Counter(db.scalars(select(Territory.curator_id)))
    curators = db.scalars(select(Staff).where(Staff.id.in_(set(counts) | set(places)))).all()
    return sorted((Caseload(member, counts[member.id], places[member.id]) for member in curators),
                  key=lambda load: (-load.families / max(1, load.limit), load.curator.code))


def uncurated(db: Session) -> int:
    """Open families with no curator by hand and none from a territory."""
    families = db.scalars(select(Family).where(Family.status == "open").options(
        selectinload(Family.settlement).selectinload(Settlement.territory)))
    return sum(family.case_curator is None for family in families)
