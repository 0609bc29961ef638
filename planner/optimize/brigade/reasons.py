"""Why a visit cannot be served, found by honest checks of the visit alone.

A visit is *feasible alone* when some route (a date it allows, a vehicle
available that day, a crew that could ride it) serves it as that route's only
stop under every hard rule, timed by ``schedule`` exactly as in a real plan.
The checks try every date and vehicle, and crews built from one person per
kind (same roles and same hours) so the search stays small yet complete.
Visits that fail everywhere get the codes of what failed; a feasible visit
that the plan leaves out is ``OUTCOMPETED`` (its time went to more urgent
visits) or ``NO_CAPACITY`` (the brigades that could serve it ran out of
people or room), see ``left_out``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Vehicle, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.roles import covers
from planner.optimize.brigade.schedule import Timing, schedule
from planner.optimize.brigade.spec import clock

MAX_CREWS = 64  # crews tried per route; kinds of people keep this small


@dataclass(frozen=True)
class Verdict:
    """Whether a visit can be served at all, and if not, why."""

    feasible: bool
    reasons: tuple[str, ...] = ()
    detail: str = ""


def judge(inst: Instance, visit: Visit, crews: Mapping[RouteKey, tuple[str, ...]]) -> Verdict:
    """Check ``visit`` alone; ``crews`` are the routes whose crews are fixed."""
    p = inst.problem
    if visit.outside_week:
        return Verdict(False, ("NO_DATE",), "none of its dates is in the planned week")
    dates = (visit.pinned.date,) if visit.pinned else visit.dates
    vehicles = [p.vehicles[visit.pinned.vehicle]] if visit.pinned else list(p.vehicles.values())
    failures: set[str] = set()
    some_vehicle = False
    for date in dates:
        for vehicle in vehicles:
            if date not in vehicle.availability:
                continue
            some_vehicle = True
            outcome = _try_route(inst, visit, vehicle, date, crews.get((vehicle.id, date)))
            if outcome is None:
                return Verdict(True)
            failures.add(outcome)
    return _verdict(inst, visit, failures, some_vehicle)


def left_out(verdict: Verdict, visit: Visit, inst: Instance | None = None,
             routes: Mapping[RouteKey, CrewedRoute] | None = None,
             timed: Mapping[RouteKey, Timing] | None = None) -> tuple[list[str], str]:
    """Reason codes and a sentence for a visit the plan does not serve.

    A visit feasible alone is ``OUTCOMPETED`` only when every route of the plan
    that could serve it spends its time on visits at least as urgent; when no
    route of its dates carries the people it needs, or those routes serve less
    urgent visits but have no room left in its windows, it is ``NO_CAPACITY``,
    naming the dates and roles that ran out.
    """
    if verdict.feasible:
        codes, detail = _no_room(inst, routes, timed, visit) if inst is not None else (
            ["OUTCOMPETED"], "feasible alone; the routes' time went to visits of higher priority or lower cost")
        if visit.pinned:
            codes.append("PINNED_CONFLICT")
            detail = "feasible alone, but its pinned route has no room left within its windows"
        return codes, detail
    codes = list(verdict.reasons)
    if visit.pinned and "PINNED_CONFLICT" not in codes:
        codes.append("PINNED_CONFLICT")
    return codes, verdict.detail


def _no_room(inst: Instance, routes, timed, visit: Visit) -> tuple[list[str], str]:
    able = sorted(k for k, r in routes.items() if inst.can_serve(r, visit))
    roles = ", ".join(visit.roles) or "any role"
    if not able:
        return ["NO_CAPACITY"], f"no brigade with {roles} rides on {_dates(visit)}: they are on other routes"
    visits = inst.problem.visits
    others = [visits[s.visit] for k in able if k in timed for s in timed[k].stops]
    if all(_more_urgent(o, visit) for o in others):
        return ["OUTCOMPETED"], "feasible alone; the routes' time went to visits of higher priority"
    full = ", ".join(f"{v} {d}" for v, d in able[:4]) + (" …" if len(able) > 4 else "")
    return ["NO_CAPACITY"], f"the routes with {roles} on {_dates(visit)} are full within its windows ({full})"


def _more_urgent(other: Visit, visit: Visit) -> bool:
    if other.mandatory or other.pinned or other.done:
        return True
    return not visit.mandatory and other.priority >= visit.priority


def _try_route(inst: Instance, visit: Visit, vehicle: Vehicle, date: str,
               fixed: tuple[str, ...] | None) -> str | None:
    """None when some crew of ``vehicle`` on ``date`` serves ``visit`` alone, else what failed."""
    if visit.amount > vehicle.capacity:
        return "CAPACITY"
    depot = inst.depot_of(vehicle)
    if inst.minutes(depot, visit.location) + inst.minutes(visit.location, depot) > vehicle.max_drive_minutes:
        return "DRIVE_LIMIT"
    crews = [fixed] if fixed is not None else _crews(inst, visit, vehicle, date)
    crews = [c for c in crews if len(c) <= vehicle.seats and _can_serve(inst, visit, c)]
    if not crews:
        staffed = fixed is None and set(visit.required_staff) - _available(inst, vehicle, date)
        return "REQUIRED_STAFF" if staffed else "NO_STAFF_WITH_ROLE"
    failure = "SHIFT_LENGTH"
    visit = visit.as_pinned()
    for crew in crews:
        route = inst.route(vehicle, date, tuple(crew))
        if route is None:
            continue
        if schedule(inst, route, [visit]) is not None:
            return None
        needed = inst.minutes(depot, visit.location) * 2 + visit.duration
        if route.span[1] - route.span[0] >= needed:
            failure = "TIME_WINDOW"
    return failure


def _crews(inst: Instance, visit: Visit, vehicle: Vehicle, date: str) -> list[tuple[str, ...]]:
    """Smallest crews for ``visit``: required people plus one person per role.

    People of the same kind (same roles, same hours that day) are
    interchangeable, so each kind offers only as many as the visit could use.
    """
    required = tuple(visit.required_staff)
    pool = [s for s in inst.staff_by_depot[vehicle.depot]
            if date in s.availability and s.id not in required and s.roles & set(visit.roles)]
    size = max(0, len(visit.roles) - len(required))
    kinds: dict[tuple, list[str]] = {}
    for s in pool:
        same = kinds.setdefault((s.roles, s.availability[date]), [])
        if len(same) < size:
            same.append(s.id)
    people = [sid for same in kinds.values() for sid in same]
    out = []
    for extra in itertools.islice(itertools.combinations(people, size), MAX_CREWS):
        out.append(required + extra)
    return out or [required]


def _can_serve(inst: Instance, visit: Visit, crew) -> bool:
    staff = inst.problem.staff
    return set(visit.required_staff) <= set(crew) and covers(visit.roles, {s: staff[s].roles for s in crew})


def _available(inst: Instance, vehicle: Vehicle, date: str) -> set[str]:
    return {s.id for s in inst.staff_by_depot[vehicle.depot] if date in s.availability}


def _verdict(inst: Instance, visit: Visit, failures: set[str], some_vehicle: bool) -> Verdict:
    if not some_vehicle:
        return Verdict(False, ("NO_VEHICLE",), f"no vehicle works on {_dates(visit)}")
    order = ["NO_STAFF_WITH_ROLE", "REQUIRED_STAFF", "CAPACITY", "DRIVE_LIMIT", "SHIFT_LENGTH", "TIME_WINDOW"]
    codes = tuple(c for c in order if c in failures)
    texts = {
        "NO_STAFF_WITH_ROLE": f"no available crew with {', '.join(visit.roles)} on {_dates(visit)}",
        "REQUIRED_STAFF": f"{', '.join(visit.required_staff)} not available on {_dates(visit)}",
        "CAPACITY": f"amount {visit.amount} exceeds the vehicles' capacity",
        "DRIVE_LIMIT": "the round trip exceeds the vehicles' driving limit",
        "SHIFT_LENGTH": f"{visit.duration} min plus the round trip exceed every shift",
        "TIME_WINDOW": "unreachable within its windows "
                       + ", ".join(f"{clock(a)}-{clock(b)}" for a, b in visit.time_windows),
    }
    return Verdict(False, codes, "; ".join(texts[c] for c in codes))


def _dates(visit: Visit) -> str:
    dates = visit.dates
    return dates[0] if len(dates) == 1 else f"{dates[0]}..{dates[-1][-2:]}"
