"""The head's sentences about a hand change: why it is refused, and what it breaks.

The optimiser's validator (shared with the command line and the benchmarks)
words each broken rule in English, naming routes, visits and people by
their codes. The plan page matches each sentence against the validator's
patterns and says it in the head's language, with vehicle names, people's
names and case codes; a sentence no pattern knows becomes a general one, so
no English reaches the page (``tests/web/test_edit_words.py`` feeds every
kind through here).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from planner.models import Staff, Vehicle
from planner.services import pins, plans
from planner.services.editing import EditError
from planner.web import labels


@dataclass(frozen=True)
class Names:
    """Codes -> what the head calls them: vehicles, people, visits (case codes)."""

    vehicles: dict[str, str]
    people: dict[str, str]
    cases: dict[str, str]

    @classmethod
    def of(cls, session, visit_ids=()) -> Names:
        rows = plans.visit_rows(session, visit_ids)
        return cls(dict(session.execute(select(Vehicle.code, Vehicle.name)).all()),
                   dict(session.execute(select(Staff.code, Staff.full_name)).all()),
                   {key: row.family.case_code for key, row in rows.items()})

    def person(self, code: str) -> str:
        return self.people.get(code, code)

    def people_in(self, listed: str) -> str:
        """``['sw-01', 'psy-02']`` as the people's names."""
        return ", ".join(self.person(code) for code in re.findall(r"'([^']+)'", listed))

    def route(self, vehicle: str, date: str) -> str:
        day = format_date(dt.date.fromisoformat(date), "EEE d MMMM")
        return f"{self.vehicles.get(vehicle, vehicle)}, {day}"


def _roles(listed: str) -> str:
    return ", ".join(str(labels.ROLES.get(role, role)) for role in re.findall(r"'([^']+)'", listed))


ROUTE = r"route (?P<vehicle>\S+) (?P<date>\d{4}-\d\d-\d\d)"
PATTERNS: tuple[tuple[str, object], ...] = (
    (ROUTE + r": vehicle not available for the whole route",
     lambda m, n: _("%(route)s: the vehicle does not work for the whole route.", route=n.route(m["vehicle"], m["date"]))),
    (ROUTE + r": (?P<person>\S+) not available for the whole route",
     lambda m, n: _("%(route)s: the route runs outside %(person)s's working hours.",
                    route=n.route(m["vehicle"], m["date"]), person=n.person(m["person"]))),
    (ROUTE + r" visit (?P<visit>\S+): \S+ is not one of its dates",
     lambda m, n: _("%(route)s: %(case)s cannot be visited on that day (the family's days or its deadline).",
                    route=n.route(m["vehicle"], m["date"]), case=n.cases.get(m["visit"], m["visit"]))),
    (ROUTE + r" visit (?P<visit>\S+): (?P<span>\S+) outside its time windows",
     lambda m, n: _("%(route)s: %(case)s at %(span)s is outside the family's hours.",
                    route=n.route(m["vehicle"], m["date"]), case=n.cases.get(m["visit"], m["visit"]),
                    span=m["span"].replace("-", "–"))),
    (ROUTE + r" visit (?P<visit>\S+): staff (?P<staff>\[.*\]) do not cover roles (?P<roles>\[.*\])",
     lambda m, n: _("%(route)s: the crew has nobody to serve %(case)s as %(roles)s.",
                    route=n.route(m["vehicle"], m["date"]), case=n.cases.get(m["visit"], m["visit"]),
                    roles=_roles(m["roles"]))),
    (ROUTE + r" visit (?P<visit>\S+): required staff (?P<staff>\[.*\]) missing",
     lambda m, n: _("%(route)s: %(case)s needs %(people)s, who is not in the crew.",
                    route=n.route(m["vehicle"], m["date"]), case=n.cases.get(m["visit"], m["visit"]),
                    people=n.people_in(m["staff"]))),
    (ROUTE + r": drives (?P<drive>\d+) min, limit (?P<limit>\d+)",
     lambda m, n: _("%(route)s: %(drive)s min of driving, more than the limit of %(limit)s min.",
                    route=n.route(m["vehicle"], m["date"]), drive=m["drive"], limit=m["limit"])),
    (ROUTE + r": load (?P<load>\d+) over capacity (?P<capacity>\d+)",
     lambda m, n: _("%(route)s: a load of %(load)s, more than the vehicle's room for %(capacity)s.",
                    route=n.route(m["vehicle"], m["date"]), load=m["load"], capacity=m["capacity"])),
    (ROUTE + r": (covers the lunch window but has no lunch|lunch .* breaks the lunch rule|lunch outside the route"
     r"|lunch overlaps the visit \S+)",
     lambda m, n: _("%(route)s: the crew gets no proper lunch break.", route=n.route(m["vehicle"], m["date"]))),
    (ROUTE + r"( call \d+)?: no time to drive to .*",
     lambda m, n: _("%(route)s: there is not enough time to drive between the stops.",
                    route=n.route(m["vehicle"], m["date"]))),
    (ROUTE + r" call \d+: (?P<person>\S+) (serves \S+ while still busy|has no time to walk to \S+"
     r"|is not back at the vehicle by \S+)",
     lambda m, n: _("%(route)s: %(person)s has no time to go from one family to the next.",
                    route=n.route(m["vehicle"], m["date"]), person=n.person(m["person"]))),
    (ROUTE + r": (?P<visit>\S+) and (?P<other>\S+) overlap without parallel service",
     lambda m, n: _("%(route)s: %(case)s and %(other)s overlap, but the crew stays together.",
                    route=n.route(m["vehicle"], m["date"]), case=n.cases.get(m["visit"], m["visit"]),
                    other=n.cases.get(m["other"], m["other"]))),
    (ROUTE + r": (?P<person>\S+) rides two routes on \S+",
     lambda m, n: _("%(route)s: %(person)s is on two brigades that day.",
                    route=n.route(m["vehicle"], m["date"]), person=n.person(m["person"]))),
    (ROUTE + r": crew of \d+ in \d+ seats",
     lambda m, n: _("%(route)s: the crew does not fit into the vehicle.", route=n.route(m["vehicle"], m["date"]))),
    (ROUTE + r": crew differs from the fixed crew .*",
     lambda m, n: _("%(route)s: the crew is not the one fixed for that day.", route=n.route(m["vehicle"], m["date"]))),
    (ROUTE + r" visit (?P<visit>\S+): pinned to .*, served elsewhere",
     lambda m, n: _("%(route)s: %(case)s is pinned to another day or brigade.",
                    route=n.route(m["vehicle"], m["date"]), case=n.cases.get(m["visit"], m["visit"]))),
    (r"visit (?P<visit>\S+): done, but not kept as it was",
     lambda m, n: _("%(case)s is already done and cannot be moved.", case=n.cases.get(m["visit"], m["visit"]))),
)
COMPILED = tuple((re.compile(pattern + r"\Z"), say) for pattern, say in PATTERNS)


def broken_rule(sentence: str, names: Names) -> str:
    """The validator's English ``sentence`` in the head's words."""
    for pattern, say in COMPILED:
        match = pattern.match(sentence)
        if match:
            return say(match.groupdict(), names)
    return _("Another rule of the plan is broken; re-plan from this version to fit it again.")


def known(sentence: str) -> bool:
    """Whether some pattern says ``sentence`` (the tests ask)."""
    return any(pattern.match(sentence) for pattern, _say in COMPILED)


def pin_problem(problem: pins.PinProblem, names: Names) -> str:
    """The head's sentence for one reason a pin cannot hold."""
    roles = ", ".join(str(labels.ROLES.get(role, role)) for role in problem.roles)
    people = ", ".join(names.person(code) for code in problem.people)
    return {
        "FAMILY_DAY": _("The family's visit is not possible on that day (its hours or the deadline)."),
        "VEHICLE_OFF": _("The vehicle does not work that day."),
        "REQUIRED_ABSENT": _("%(people)s, whom the visit needs, is not at work that day.", people=people),
        "CREW_LACKS_ROLE": _("The crew locked for that day has no %(roles)s; unlock it or pin another day.",
                             roles=roles),
        "NOBODY_WITH_ROLE": _("Nobody with the role %(roles)s works that day.", roles=roles),
    }[problem.code]


def refusal(error: EditError, names: Names) -> str:
    """Why a hand change was refused, in one or two sentences."""
    if error.code == "PIN":
        return _("The visit cannot be moved there: %(why)s",
                 why=" ".join(pin_problem(problem, names) for problem in error.problems))
    if error.code == "CANNOT_PLACE":
        return _("That brigade cannot take the visit even outside the rules: %(why)s",
                 why="; ".join(str(labels.REASONS.get(code, code)) for code in error.reasons))
    return {
        "NO_VISIT": lambda: _("Choose a visit of this plan."),
        "NO_PLACE": lambda: _("Choose a visit of this plan, one of its days and a vehicle."),
        "DONE": lambda: _("This visit is already done; it stays where it was."),
        "BAD_TIME": lambda: _("Write the time as HH:MM, for example 10:30."),
        "NOT_EDITED": lambda: _("Only a draft made by a hand change can be undone."),
    }[error.code]()
