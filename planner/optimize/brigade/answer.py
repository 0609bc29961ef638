"""The plan answer of spec section 1, built from timed routes."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.reasons import Verdict, left_out
from planner.optimize.brigade.roles import cover
from planner.optimize.brigade.schedule import Timing
from planner.optimize.brigade.spec import clock


def plan_answer(inst: Instance, routes: Mapping[RouteKey, CrewedRoute], timed: Mapping[RouteKey, Timing],
                verdicts: Mapping[str, Verdict], seconds: float, changes: list[dict] | None = None,
                fixed: Collection[RouteKey] = ()) -> dict:
    """The answer document: routes in vehicle/date order, left-out visits with reasons, totals.

    A route whose crew is not ``fixed`` carries only the people who serve one
    of its visits: nobody rides all day to serve nothing, and the people left
    at the centre are free for its own work.
    """
    p = inst.problem
    order = {d: i for i, d in enumerate(p.dates)}
    keys = sorted(timed, key=lambda k: (order[k[1]], k[0]))
    out_routes = [_route(inst, routes[k], timed[k], k in fixed) for k in keys]
    served = {s.visit for t in timed.values() for s in t.stops}
    unassigned = []
    for visit in p.visits.values():
        if visit.id not in served:
            codes, detail = left_out(verdicts[visit.id], visit, inst, routes, timed)
            unassigned.append({"visit": visit.id, "reasons": codes, "detail": detail})
    plan = {"routes": out_routes, "unassigned": unassigned,
            "summary": _summary(inst, routes, timed, served, seconds)}
    if changes is not None:
        plan["changes"] = changes
    return plan


def stop_staff(inst: Instance, route: CrewedRoute, visit: Visit) -> list[str]:
    """Who serves ``visit``: one person per role (curators first), plus required and preferred riders."""
    staff = inst.problem.staff
    wanted = [*visit.required_staff, *visit.preferred_staff]
    people = cover(visit.roles, {s: staff[s].roles for s in route.crew}, prefer=wanted) or []
    extra = [s for s in route.crew if s in wanted and s not in people]
    return [s for s in route.crew if s in people or s in extra]


def _route(inst: Instance, route: CrewedRoute, t: Timing, fixed: bool) -> dict:
    visits = inst.problem.visits
    stops = []
    for s in t.stops:
        stop = {"visit": s.visit, "arrive": clock(s.arrive), "start": clock(s.start), "end": clock(s.end),
                "staff": list(s.staff) if t.calls else stop_staff(inst, route, visits[s.visit])}
        if t.calls:
            stop["call"] = s.call
        stops.append(stop)
    serving = {p for stop in stops for p in stop["staff"]}
    crew = list(route.crew) if fixed else [p for p in route.crew if p in serving]
    out = {"vehicle": route.vehicle.id, "date": route.date, "crew": crew,
           "depart": clock(t.depart), "return": clock(t.back), "meters": t.meters, "drive_minutes": t.drive}
    if t.lunch is not None:
        out["lunch"] = {"start": clock(t.lunch[0]), "end": clock(t.lunch[1])}
    if t.calls:
        out["calls"] = [{"place": c.place, "arrive": clock(c.arrive), "depart": clock(c.depart)} for c in t.calls]
    out["stops"] = stops
    return out


def _summary(inst: Instance, routes, timed, served: set[str], seconds: float) -> dict:
    visits = inst.problem.visits.values()
    cost = sum(t.meters / 1000 * routes[k].vehicle.cost_per_km + routes[k].vehicle.fixed_cost
               for k, t in timed.items())
    return {"visits": len(inst.problem.visits), "served": len(served),
            "priority_served": sum(v.priority for v in visits if v.id in served),
            "priority_total": sum(v.priority for v in visits),
            "meters": sum(t.meters for t in timed.values()),
            "drive_minutes": sum(t.drive for t in timed.values()),
            "cost": round(cost, 2), "solve_seconds": round(seconds, 2)}
