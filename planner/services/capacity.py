"""Does the week's capacity cover what is due? Read from a plan's request and answer, not guessed.

The plan says which visits it left out and why (the optimiser's reason
codes). Visits left out only because the time went to more urgent ones
(``OUTCOMPETED``) are missing brigade time: at the plan's own pace (visits
per brigade-day) they need so many more brigade-days. Visits left out for a
role nobody could bring are waiting for those people: the statement names the
role and when its people work, from the request's availability.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from planner.models import WEEKDAYS

COMMON_ROLES = ("social_worker",)
"""Roles every brigade carries; a visit waiting for one of them waits for time, not for a person."""
SHOWN_ROLES = 3


@dataclass(frozen=True)
class RoleShortage:
    """Left-out visits that need ``role``, and when the people with that role work this week."""

    role: str
    visits: int
    people: int
    weekdays: tuple[str, ...]
    until: str | None
    """The latest end of their hours (None: nobody with the role works this week)."""


@dataclass
class CapacityStatement:
    due: int = 0
    served: int = 0
    left_out: int = 0
    mandatory_left_out: int = 0
    brigade_days: int = 0
    brigade_days_short: int = 0
    vehicle_days_unused: int = 0
    waiting_for_time: int = 0
    curator_busy: int = 0
    """Left out because the family's required curator could not ride (``REQUIRED_STAFF``)."""
    roles: list[RoleShortage] = field(default_factory=list)

    @property
    def covers(self) -> bool:
        return self.left_out == 0


def capacity_statement(request: dict, answer: dict) -> CapacityStatement:
    """The statement of one plan version (its ``request`` and ``result``)."""
    visits = {visit["id"]: visit for visit in request.get("visits", []) if not visit.get("done")}
    routes = answer.get("routes", [])
    served = {stop["visit"] for route in routes for stop in route["stops"]} & set(visits)
    out = [entry for entry in answer.get("unassigned", []) if entry["visit"] in visits]
    statement = CapacityStatement(due=len(visits), served=len(served), left_out=len(out),
                                  brigade_days=len(routes))
    statement.mandatory_left_out = sum(bool(visits[entry["visit"]].get("mandatory")) for entry in out)
    statement.waiting_for_time = sum("OUTCOMPETED" in entry["reasons"] for entry in out)
    statement.curator_busy = sum("REQUIRED_STAFF" in entry["reasons"] for entry in out)
    pace = len(served) / len(routes) if routes else 0
    statement.brigade_days_short = math.ceil(statement.waiting_for_time / pace) if pace else 0
    offered = sum(len(vehicle.get("availability", {})) for vehicle in request.get("vehicles", []))
    statement.vehicle_days_unused = max(0, offered - len(routes))
    statement.roles = _role_shortages(request, [visits[entry["visit"]] for entry in out])
    return statement


def _role_shortages(request: dict, left_out: list[dict]) -> list[RoleShortage]:
    needed = Counter(role for visit in left_out for role in set(visit.get("roles", []))
                     if role not in COMMON_ROLES)
    shortages = []
    for role, count in needed.most_common(SHOWN_ROLES):
        people = [member for member in request.get("staff", []) if role in member.get("roles", [])]
        dates = sorted({date for member in people for date in member.get("availability", {})})
        ends = [span[1] for member in people for spans in member.get("availability", {}).values()
                for span in spans]
        shortages.append(RoleShortage(
            role=role, visits=count, people=len(people),
            weekdays=tuple(dict.fromkeys(WEEKDAYS[dt.date.fromisoformat(d).weekday()] for d in dates)),
            until=max(ends) if ends else None))
    return shortages
