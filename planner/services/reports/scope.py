"""Whose work a report counts: the whole centre, one district, one programme or one specialist.

Every figure is filtered through one ``Scope``: family figures keep the
scope's families (those living in the district, enrolled in the programme,
or every family for a specialist and the centre); a specialist's figures
keep only what they took part in (their visits, trips, sessions, and the
cases they curate). A group programme belongs to the districts of its venues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner.models import District, Enrolment, Family, Programme, Settlement, Staff, Venue

SCOPE_KINDS = ("centre", "district", "programme", "specialist")


@dataclass(frozen=True)
class Scope:
    """``kind`` and the ``code`` of its district, programme or staff member ("" for the centre)."""

    kind: str = "centre"
    code: str = ""
    label: str = ""
    families: frozenset[int] | None = None
    """Ids of the scope's families; None: every family."""
    programmes: frozenset[str] | None = field(default=None)
    """Codes of the programmes counted; None: every programme (a specialist's: where they work)."""

    @property
    def specialist(self) -> str | None:
        return self.code if self.kind == "specialist" else None

    @property
    def text(self) -> str:
        """``kind:code`` as the CLI and the URL write it."""
        return f"{self.kind}:{self.code}" if self.code else self.kind

    def keeps_family(self, family_id: int) -> bool:
        return self.families is None or family_id in self.families

    def keeps_staff(self, staff: list[str]) -> bool:
        return self.specialist is None or self.specialist in staff

    def keeps_programme(self, code: str) -> bool:
        return self.programmes is None or code in self.programmes

    def keeps_expedition(self, district: str, staff: list[str]) -> bool:
        """An expedition trip or its planning meeting: its district's, or the specialist's on it."""
        if self.kind == "district":
            return district == self.code
        return self.kind != "programme" and self.keeps_staff(staff)

    def keeps_case(self, family: Family) -> bool:
        """A case counts for the scope's families; a specialist's are the ones they curate."""
        if self.specialist is not None:
            return family.curator is not None and family.curator.code == self.specialist
        return self.keeps_family(family.id)


def parse_scope(db: DbSession, text: str) -> Scope:
    """``centre``, ``district:CODE``, ``programme:CODE`` or ``specialist:CODE``; ValueError names what is wrong."""
    kind, _, code = (text or "centre").strip().partition(":")
    if kind not in SCOPE_KINDS:
        raise ValueError(f"scope {text!r}: the kind is not one of {', '.join(SCOPE_KINDS)}")
    if kind == "centre":
        return Scope()
    if not code:
        raise ValueError(f"scope {text!r}: give the {kind}'s code after ':'")
    return {"district": _district, "programme": _programme, "specialist": _specialist}[kind](db, code)


def _district(db: DbSession, code: str) -> Scope:
    district = db.scalar(select(District).where(District.code == code))
    if district is None:
        raise ValueError(f"scope: no district {code!r}")
    families = db.scalars(select(Family.id).join(Settlement).where(
        Settlement.district_id == district.id))
    venues = set(db.scalars(select(Venue.code).join(Settlement).where(
        Settlement.district_id == district.id)))
    programmes = {programme.code for programme in db.scalars(select(Programme))
                  if venues.intersection(programme.venues)}
    return Scope("district", code, district.name, frozenset(families), frozenset(programmes))


def _programme(db: DbSession, code: str) -> Scope:
    programme = db.scalar(select(Programme).where(Programme.code == code))
    if programme is None:
        raise ValueError(f"scope: no programme {code!r}")
    families = db.scalars(select(Enrolment.family_id).where(Enrolment.programme_id == programme.id))
    return Scope("programme", code, programme.name, frozenset(families), frozenset({code}))


def _specialist(db: DbSession, code: str) -> Scope:
    if db.scalar(select(Staff.id).where(Staff.code == code)) is None:
        raise ValueError(f"scope: no staff member {code!r}")
    return Scope("specialist", code, code)
