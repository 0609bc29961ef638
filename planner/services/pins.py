"""Whether a pin the head asks for can hold, checked before it is stored.

A pinned visit must be served exactly on its day and brigade. When the
week's data already rule that out (the family is not available that day, the
vehicle does not work, the locked crew lacks a role, nobody with a needed
role is at work), the head is told at once, in plain words, instead of
finding the visit left out after the next re-optimisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.optimize.brigade.roles import covers


@dataclass(frozen=True)
class PinProblem:
    """What stops a pin: ``code`` and the ``roles`` or ``people`` it concerns."""

    code: str
    roles: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


def pin_problems(request: dict, adjustments: dict, visit_id: str, date: str, vehicle_id: str) -> list[PinProblem]:
    """Why ``visit_id`` cannot be served on ``date`` by ``vehicle_id`` (empty: the pin can hold).

    ``request`` is the plan's request (its staff and vehicle availability);
    ``adjustments`` the crews the head has locked for the next run.
    """
    visit = next(v for v in request["visits"] if v["id"] == visit_id)
    vehicle = next(v for v in request["vehicles"] if v["id"] == vehicle_id)
    problems = []
    if date not in visit.get("dates", []):
        problems.append(PinProblem("FAMILY_DAY"))
    if date not in vehicle.get("availability", {}):
        problems.append(PinProblem("VEHICLE_OFF"))
    at_work = {s["id"]: s["roles"] for s in request["staff"]
               if s.get("depot") == vehicle.get("depot") and date in s.get("availability", {})}
    absent = tuple(p for p in visit.get("required_staff", []) if p not in at_work)
    if absent:
        problems.append(PinProblem("REQUIRED_ABSENT", people=absent))
    crew = adjustments.get("crews", {}).get(vehicle_id, {}).get(date) or vehicle.get("crews", {}).get(date)
    if crew is not None:
        people = {person: at_work.get(person, ()) for person in crew}
        if not covers(visit["roles"], people):
            problems.append(PinProblem("CREW_LACKS_ROLE", roles=_uncovered(visit["roles"], people)))
    elif not covers(visit["roles"], at_work):
        problems.append(PinProblem("NOBODY_WITH_ROLE", roles=_uncovered(visit["roles"], at_work)))
    return problems


def _uncovered(roles: list[str], people: dict) -> tuple[str, ...]:
    """The roles nobody of ``people`` has; all of them when each is there but not enough people."""
    missing = [role for role in roles if not any(role in held for held in people.values())]
    return tuple(dict.fromkeys(missing or roles))
