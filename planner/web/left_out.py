"""The visits a plan leaves out, as the head reads them: who, why, in her language.

The optimiser explains each left-out visit with reason codes and an English
sentence meant for logs; the page builds its own sentence per code from the
visit as it was requested (roles, dates, hours), so every word is translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from planner.models import Plan
from planner.services import plans
from planner.web import labels


@dataclass
class LeftOut:
    visit: str
    case_code: str
    settlement: str
    purpose: str
    mandatory: bool
    priority: int
    deadline: dt.date | None
    days_late: int
    """Days from the date the visit fell due to the plan's first day (0: not overdue)."""
    reasons: list[str]
    details: list[str]


def left_out(session: Session, plan: Plan, first_day: dt.date) -> list[LeftOut]:
    """Every left-out visit of ``plan``, mandatory and most urgent first."""
    requested = {visit["id"]: visit for visit in plan.request.get("visits", [])}
    result = []
    for row, entry in plans.unassigned(session, plan):
        visit = requested.get(entry["visit"], entry)
        deadline, due = (row.deadline, row.due) if row else (None, None)
        result.append(LeftOut(
            visit=entry["visit"], case_code=row.family.case_code if row else entry["visit"],
            settlement=row.family.settlement.name if row else "",
            purpose=str(labels.PURPOSES.get(row.purpose, row.purpose)) if row else "",
            mandatory=bool(visit.get("mandatory")), priority=int(visit.get("priority", 50)),
            deadline=deadline, days_late=max(0, (first_day - due).days) if due else 0,
            reasons=[str(labels.REASONS.get(code, code)) for code in entry.get("reasons", [])],
            details=[text for code in entry.get("reasons", []) if (text := detail(code, visit, entry))]))
    return sorted(result, key=lambda r: (not r.mandatory, -r.priority, r.case_code))


def _days(visit: dict) -> str:
    dates = [dt.date.fromisoformat(d) for d in visit.get("dates", [])]
    return ", ".join(format_date(d, "EEE d MMMM") for d in dates) or _("no day")


def _roles(visit: dict) -> str:
    return ", ".join(str(labels.ROLES.get(role, role)) for role in visit.get("roles", []))


def detail(code: str, visit: dict, entry: dict) -> str:
    """One plain sentence on what blocks ``visit`` for reason ``code`` ('' when the label says it all)."""
    windows = ", ".join(f"{a}–{b}" for a, b in visit.get("time_windows", []))
    texts = {
        "NO_STAFF_WITH_ROLE": lambda: _("No free crew with %(roles)s on %(days)s.",
                                        roles=_roles(visit), days=_days(visit)),
        "REQUIRED_STAFF": lambda: _("The person the visit needs is absent on %(days)s.", days=_days(visit)),
        "NO_VEHICLE": lambda: _("No vehicle works on %(days)s.", days=_days(visit)),
        "CAPACITY": lambda: _("It needs room for %(amount)s; no vehicle has as much.", amount=visit.get("amount", 0)),
        "DRIVE_LIMIT": lambda: _("The round trip is longer than a driver may drive in a day."),
        "SHIFT_LENGTH": lambda: _("%(minutes)s min of work plus the road do not fit into any working day.",
                                  minutes=visit.get("duration", 0)),
        "TIME_WINDOW": lambda: _("The brigade cannot be there within the family's hours (%(windows)s) on %(days)s.",
                                 windows=windows or _("any time"), days=_days(visit)),
        "OUTCOMPETED": lambda: _("It could be served alone; the brigades' time went to more urgent visits "
                                 "or to cheaper trips."),
        "PINNED_CONFLICT": lambda: _("The day and brigade it is pinned to cannot serve it; pin it elsewhere "
                                     "or remove the pin."),
        "ROAD_CLOSED": lambda: _("%(name)s is excluded: the road is closed.", name=entry.get("detail", "")),
    }
    return texts[code]() if code in texts else ""
