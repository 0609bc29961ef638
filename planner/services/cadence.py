"""Cadence rules: the defaults of DOMAIN.md and which rule governs a family.

The numbers are days. Routine contact follows the family's category (СОП
weekly to fortnightly, ТЖС about monthly, foster families per their plan,
which a family-specific rule overrides); the case milestones apply to every
category. A department head edits the rows; these defaults are written once,
into an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from planner.models import CadenceRule, Family


@dataclass(frozen=True)
class Default:
    purpose: str
    category: str | None
    anchor: str
    repeat: bool
    interval_days: int
    min_days: int
    max_days: int
    roles: tuple[str, ...]
    duration: int
    priority: int
    add_narcologist: bool = False
    add_lawyer: bool = False


SW, PSY = "social_worker", "psychologist"

DEFAULT_RULES = (
    # Routine home visits per category (002/003 practice, DOMAIN.md "Cadences").
    Default("routine", "sop", "intake", True, 7, 5, 14, (SW,), 60, 50),
    Default("routine", "risk", "intake", True, 14, 10, 21, (SW,), 60, 50),
    Default("routine", "tzhs", "intake", True, 30, 21, 45, (SW,), 60, 40),
    Default("routine", "foster", "intake", True, 45, 30, 60, (SW,), 60, 35),
    Default("routine", "other", "intake", True, 60, 45, 90, (SW,), 60, 30),
    # Case milestones for every category.
    Default("first_visit", None, "intake", False, 0, 0, 7, (SW,), 90, 70),
    Default("assessment", None, "agreement", False, 14, 0, 21, (SW, PSY), 120, 70, True, True),
    Default("monitoring", None, "agreement", True, 84, 63, 92, (SW, PSY), 90, 60, True, True),
    Default("diagnostics", None, "agreement", True, 182, 168, 196, (PSY,), 90, 55),
    Default("followup", None, "agreement", False, 365, 351, 379, (SW,), 60, 45),
)
"""Assessment within 2–3 weeks of the agreement (004); monitoring at least
quarterly (000, 001); diagnostics every 6 months (000, 004); follow-up
questionnaire at 12 months (000). The narcologist joins assessment and
monitoring of families with the dependence flag, the lawyer when a legal
question is open (002)."""


def seed_default_rules(db: DbSession) -> int:
    """Write the default rules when the table is empty; returns how many were added."""
    if db.scalar(select(func.count()).select_from(CadenceRule)):
        return 0
    for rule in DEFAULT_RULES:
        db.add(CadenceRule(
            purpose=rule.purpose, category=rule.category, anchor=rule.anchor, repeat=rule.repeat,
            interval_days=rule.interval_days, min_days=rule.min_days, max_days=rule.max_days,
            roles=list(rule.roles), duration=rule.duration, priority=rule.priority,
            add_narcologist=rule.add_narcologist, add_lawyer=rule.add_lawyer,
        ))
    db.flush()
    return len(DEFAULT_RULES)


def rules_for(family: Family, rules: list[CadenceRule]) -> list[CadenceRule]:
    """The one active rule per purpose that governs ``family``.

    A family's own rule beats its category's, which beats a rule for every
    category.
    """
    best: dict[str, tuple[int, CadenceRule]] = {}
    for rule in rules:
        if not rule.active:
            continue
        if rule.family_id is not None:
            rank = 3 if rule.family_id == family.id else 0
        else:
            rank = 2 if rule.category == family.category else 1 if rule.category is None else 0
        if rank and rank > best.get(rule.purpose, (0, None))[0]:
            best[rule.purpose] = (rank, rule)
    return [rule for _, rule in best.values()]


def required_roles(rule: CadenceRule, family: Family) -> list[str]:
    """The rule's roles, plus the narcologist or lawyer the family's case needs."""
    roles = list(rule.roles)
    if rule.add_narcologist and family.dependence:
        roles.append("narcologist")
    if rule.add_lawyer and family.legal_question:
        roles.append("lawyer")
    return roles
