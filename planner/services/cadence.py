"""Cadence rules: the defaults of the practices and which rule governs a family.

The numbers are days. The defaults are the case milestones the seeds give
(DOMAIN.md, "Cadences"): first visit at intake, needs assessment within 2–3
weeks of the agreement, monitoring at least quarterly, diagnostics every six
months, a follow-up questionnaire at twelve months. No seed gives a routine
home-visit cadence, so none is a default: a centre adds one per category
(monthly for СОП families, say) as a rule of its own, in the admin pages or
``cadence_rules.csv``. The defaults are written once, into an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from planner.models import CadenceRule, Family


@dataclass(frozen=True)
class Default:
    code: str
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
    curator: str = "preferred"


SW, PSY = "social_worker", "psychologist"

DEFAULT_RULES = (
    Default("first-visit", "first_visit", None, "intake", False, 0, 0, 7, (SW,), 90, 70,
            curator="required"),
    Default("assessment", "assessment", None, "agreement", False, 14, 0, 21, (SW, PSY), 120, 70,
            True, True),
    Default("monitoring", "monitoring", None, "agreement", True, 84, 63, 92, (SW, PSY), 90, 60,
            True, False),
    Default("diagnostics", "diagnostics", None, "agreement", True, 182, 168, 196, (PSY,), 90, 55,
            curator="none"),
    Default("followup", "followup", None, "agreement", False, 365, 351, 379, (SW,), 60, 45),
)
"""Assessment within 2–3 weeks of the agreement (004); monitoring at least
quarterly (000, 001); diagnostics every 6 months (000, 004); follow-up
questionnaire at 12 months (000). The narcologist joins assessment and
monitoring of families with the dependence flag (002); the lawyer joins the
needs assessment when a legal question is open, later legal help is a request
of its own (the centre has one lawyer, 003). The curator makes the first visit (a curator per
family, 000/001) and should be on the other contacts; the psychologist's
diagnostics need no curator."""


def seed_default_rules(db: DbSession) -> int:
    """Write the default rules when the table is empty; returns how many were added."""
    if db.scalar(select(func.count()).select_from(CadenceRule)):
        return 0
    for rule in DEFAULT_RULES:
        db.add(CadenceRule(
            code=rule.code, purpose=rule.purpose, category=rule.category, anchor=rule.anchor,
            repeat=rule.repeat, interval_days=rule.interval_days, min_days=rule.min_days,
            max_days=rule.max_days, roles=list(rule.roles), duration=rule.duration,
            priority=rule.priority, add_narcologist=rule.add_narcologist,
            add_lawyer=rule.add_lawyer, curator=rule.curator,
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


def contact_days(family: Family, rules: list) -> int:
    """How many days may pass between two contacts with ``family``: its shortest repeating cadence.

    ``rules`` are rule rows or, before any exist, ``DEFAULT_RULES``.
    """
    governing = rules_for(family, list(rules)) if rules else DEFAULT_RULES
    return min((rule.interval_days for rule in governing if rule.repeat and rule.interval_days),
               default=min(rule.interval_days for rule in DEFAULT_RULES if rule.repeat))
