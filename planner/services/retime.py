"""A hand edit of a plan: one stop moved or removed, every other route exactly as it was.

Only the routes the edit touches (the one the stop leaves, the one it joins)
are timed again, each by the optimiser itself (``plan_week``) on a request of
that one route: its visits pinned to it, its crew kept, first with the other
stops at their times, then free to take another order. When the route cannot
hold the visit within the rules, it is timed once more with the visit's own
limits and the route's hours and driving limit relaxed, so the head's choice
stands and the validator (``validate_plan``) then names every rule it breaks.
Pure: plain data in and out, no database.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from planner.optimize.brigade import plan_week, validate_plan

RETIME_SECONDS = 0.5
"""The optimiser's time for one route (a handful of visits)."""
WHOLE_DAY = [["00:00", "23:59"]]
DROPPED = ("ROAD_CLOSED", "REMOVED_BY_HEAD")
"""Reasons of left-out entries the solver never saw (not visits of the request)."""


@dataclass(frozen=True)
class HandEdit:
    """``move`` the visit to ``date`` and ``vehicle`` (at ``start`` when given) or ``remove`` it."""

    action: str
    visit: str
    date: str = ""
    vehicle: str = ""
    start: str | None = None


class CannotPlace(Exception):
    """Even with its limits relaxed the route cannot take the visit; ``reasons`` are spec codes."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


def edited(request: dict, answer: dict, edit: HandEdit) -> tuple[dict, dict]:
    """The request and answer of the version ``edit`` makes from (``request``, ``answer``).

    The new request pins a moved visit where the head put it and leaves a removed one
    out; its ``options.base_plan`` is ``answer``, so the new answer's ``changes`` list
    what the edit moved, the re-timed stops included.
    """
    new_request = copy.deepcopy(request)
    options = new_request.setdefault("options", {})
    options["base_plan"] = {"routes": answer.get("routes", [])}
    if edit.action == "remove":
        new_request["visits"] = [v for v in new_request["visits"] if v["id"] != edit.visit]
    else:
        visit = next(v for v in new_request["visits"] if v["id"] == edit.visit)
        visit["pinned"] = {"date": edit.date, "vehicle": edit.vehicle, **({"start": edit.start} if edit.start else {})}
    routes = {(r["vehicle"], r["date"]): r for r in answer.get("routes", [])}
    source = next((key for key, r in routes.items() if any(s["visit"] == edit.visit for s in r["stops"])), None)
    target = (edit.vehicle, edit.date) if edit.action == "move" else None
    for key in dict.fromkeys(k for k in (source, target) if k is not None):
        on = [s["visit"] for s in routes.get(key, {}).get("stops", []) if s["visit"] != edit.visit]
        route = _retimed(new_request, routes, key, on + [edit.visit] * (key == target), edit)
        routes.pop(key, None)
        if route is not None:
            routes[key] = route
    order = {date: i for i, date in enumerate(request["dates"])}
    new_answer = {key: value for key, value in answer.items() if key not in ("routes", "unassigned", "changes")}
    new_answer["routes"] = [routes[k] for k in sorted(routes, key=lambda k: (order.get(k[1], 0), k[0]))]
    new_answer["unassigned"] = [e for e in answer.get("unassigned", []) if e["visit"] != edit.visit]
    new_answer["summary"] = _summary(new_request, new_answer["routes"], answer.get("summary", {}))
    new_answer["changes"] = _changes(answer.get("routes", []), new_answer["routes"], new_request)
    return new_request, new_answer


def breaks(request: dict, answer: dict) -> list[str]:
    """The validator's sentences for (``request``, ``answer``), the entries never solved aside."""
    ids = {visit["id"] for visit in request.get("visits", [])}
    solved = dict(answer, unassigned=[e for e in answer.get("unassigned", []) if e["visit"] in ids])
    return validate_plan(request, solved)


def new_breaks(before: tuple[dict, dict], after: tuple[dict, dict]) -> list[str]:
    """What ``after`` breaks that ``before`` did not: what the edit broke."""
    old = set(breaks(*before))
    return [sentence for sentence in breaks(*after) if sentence not in old]


def _retimed(request: dict, routes: dict, key: tuple[str, str], visit_ids: list[str], edit: HandEdit) -> dict | None:
    """The route ``key`` timed anew with ``visit_ids`` (None: no visit left, no route)."""
    if not visit_ids:
        return None
    crew = routes[key]["crew"] if key in routes else None
    riding = {p for k, r in routes.items() if k[1] == key[1] and k != key for p in r["crew"]}
    kept = {s["visit"]: s["start"] for s in routes.get(key, {}).get("stops", [])}
    unserved: list[dict] = []
    for starts, relaxed in ((kept, False), ({}, False), ({}, True)):
        sub = _route_request(request, key, visit_ids, crew, riding, edit, starts, relaxed)
        answer = plan_week(sub)
        if not answer["unassigned"] and answer["routes"]:
            return answer["routes"][0]
        unserved = answer["unassigned"]
    raise CannotPlace(sorted({code for entry in unserved for code in entry["reasons"]}))


def _route_request(request: dict, key: tuple[str, str], visit_ids: list[str], crew: list[str] | None,
                   riding: set[str], edit: HandEdit, kept: dict[str, str], relaxed: bool) -> dict:
    """A request of the one route ``key``: its vehicle and day, its visits pinned to it (at
    their ``kept`` starts, first: the other stops keep their times when the edit leaves room)."""
    vehicle_id, date = key
    vehicle = copy.deepcopy(next(v for v in request["vehicles"] if v["id"] == vehicle_id))
    vehicle["availability"] = _day(vehicle.get("availability", {}), date, relaxed)
    vehicle["crews"] = {date: list(crew)} if crew is not None else {}
    if relaxed:
        vehicle["max_drive_minutes"], vehicle["capacity"] = 24 * 60 - 1, 10**9
    staff = []
    for person in request["staff"]:
        if person.get("depot") == vehicle.get("depot") and (person["id"] in crew if crew is not None
                                                            else person["id"] not in riding):
            staff.append(dict(person, availability=_day(person.get("availability", {}), date, relaxed)))
    by_id = {v["id"]: v for v in request["visits"]}
    starts = {s["visit"]: s["start"] for r in request["options"]["base_plan"]["routes"] for s in r["stops"]
              if by_id.get(s["visit"], {}).get("done")} | kept
    visits = []
    for visit_id in visit_ids:
        visit = copy.deepcopy(by_id[visit_id])
        start = edit.start if visit_id == edit.visit else starts.get(visit_id)
        visit["pinned"] = {"date": date, "vehicle": vehicle_id, **({"start": start} if start else {})}
        if relaxed and visit_id == edit.visit:
            _relax(visit, date, staff)
        visits.append(visit)
    options = {k: v for k, v in request.get("options", {}).items()
               if k in ("parallel_service", "walk_minutes")}
    return dict(request, dates=[date], staff=staff, vehicles=[vehicle], visits=visits,
                options=dict(options, time_limit=RETIME_SECONDS, seed=0))


def _day(availability: dict, date: str, relaxed: bool) -> dict:
    """One day of an availability map; relaxed, the whole day for whoever works some of it."""
    if date not in availability:
        return {}
    return {date: WHOLE_DAY if relaxed else availability[date]}


def _relax(visit: dict, date: str, people: list[dict]) -> None:
    """Drop what only the visit asks (its days, hours, a named person, roles nobody there has)."""
    held = {role for person in people if person["availability"] for role in person["roles"]}
    roles = [role for role in visit["roles"] if role in held]
    if not roles:
        raise CannotPlace(["NO_STAFF_WITH_ROLE"])
    visit["dates"], visit["required_staff"], visit["roles"] = [date], [], roles
    visit.pop("time_windows", None)


def _summary(request: dict, routes: list[dict], old: dict) -> dict:
    """The answer's totals over ``routes`` (the validator checks each against the plan)."""
    vehicles = {v["id"]: v for v in request["vehicles"]}
    served = {s["visit"] for r in routes for s in r["stops"]}
    visits = request["visits"]
    cost = sum(r["meters"] / 1000 * vehicles[r["vehicle"]].get("cost_per_km", 1.0)
               + vehicles[r["vehicle"]].get("fixed_cost", 0.0) for r in routes)
    return dict(old, visits=len(visits), served=len(served),
                priority_served=sum(v.get("priority", 1) for v in visits if v["id"] in served),
                priority_total=sum(v.get("priority", 1) for v in visits),
                meters=sum(r["meters"] for r in routes), drive_minutes=sum(r["drive_minutes"] for r in routes),
                cost=round(cost, 2))


def _changes(before: list[dict], after: list[dict], request: dict) -> list[dict]:
    """The spec's ``changes``: stops of the request moved to another route or shifted past the tolerance."""
    tolerance = request["options"].get("shift_tolerance", 30)
    ids = {visit["id"] for visit in request["visits"]}
    old, new = _where(before), _where(after)
    return [{"visit": visit, "from": was, "to": new.get(visit)}
            for visit, was in old.items()
            if visit in ids and (visit not in new or _moved(was, new[visit], tolerance))]


def _where(routes: list[dict]) -> dict[str, dict]:
    return {s["visit"]: {"date": r["date"], "vehicle": r["vehicle"], "start": s["start"]}
            for r in routes for s in r["stops"]}


def _moved(was: dict, now: dict, tolerance: int) -> bool:
    minutes = lambda clock: int(clock[:2]) * 60 + int(clock[3:])  # noqa: E731
    return (was["date"], was["vehicle"]) != (now["date"], now["vehicle"]) or \
        abs(minutes(was["start"]) - minutes(now["start"])) > tolerance
