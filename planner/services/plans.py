"""Reading weekly plans: versions of a week, the published one, a route's path.

Kept apart from ``planning`` (which runs the optimiser) because the
coordinator's map and the specialist's page only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from planner.models import (Family, Plan, PublishedEvent, Route, Settlement, Stop, Vehicle, Venue,
                            VisitRequest)


def week_versions(session: Session, week: str) -> list[Plan]:
    """Every plan of ``week``, newest version first."""
    return session.scalars(select(Plan).where(Plan.week == week).order_by(Plan.version.desc())).all()


def published_plan(session: Session, week: str) -> Plan | None:
    """The week's published plan (drafts never count for others)."""
    return session.scalar(select(Plan).where(Plan.week == week, Plan.status == "published"))


def plan_routes(session: Session, plan: Plan) -> list[Route]:
    """The plan's routes with vehicles, depots, stops and families loaded, by date and vehicle."""
    return session.scalars(
        select(Route).where(Route.plan_id == plan.id)
        .options(selectinload(Route.vehicle),
                 selectinload(Route.stops).selectinload(Stop.visit_request)
                 .selectinload(VisitRequest.family).selectinload(Family.settlement))
        .order_by(Route.date, Route.vehicle_id)
    ).all()


def settlement_paths(session: Session, plan: Plan) -> list[tuple[Route, list[tuple[float, float]]]]:
    """Each route of ``plan`` (vehicle loaded) with its path: depot -> the stops' settlements in order -> depot.

    Settlement centres rather than homes: a route drawn for people outside
    the brigade must not point at a family's door. One query of coordinates
    instead of loading every stop's visit and family (the coverage map draws
    every route of the week).
    """
    routes = session.scalars(select(Route).where(Route.plan_id == plan.id)
                             .options(selectinload(Route.vehicle).selectinload(Vehicle.depot))
                             .order_by(Route.date, Route.vehicle_id)).all()
    places: dict[int, list[tuple[float, float]]] = {}
    for route_id, lat, lon in session.execute(
            select(Stop.route_id, Settlement.lat, Settlement.lon).join(Route, Stop.route_id == Route.id)
            .join(VisitRequest, Stop.visit_request_id == VisitRequest.id).join(Family).join(Settlement)
            .where(Route.plan_id == plan.id).order_by(Stop.route_id, Stop.seq)):
        places.setdefault(route_id, []).append((lat, lon))
    paths = []
    for route in routes:
        depot = (route.vehicle.depot.lat, route.vehicle.depot.lon)
        points = [depot]
        for place in places.get(route.id, []):
            if points[-1] != place:
                points.append(place)
        paths.append((route, points + [depot]))
    return paths


@dataclass
class Call:
    """A stop of the brigade in one settlement: when it arrives and drives on, and its visits."""

    place: str
    arrive: str
    depart: str
    stops: list[Stop] = field(default_factory=list)


def stop_venue(stop: Stop) -> Venue | None:
    """The venue a stop was planned at (a reception point), or None for a visit at the family's home.

    A family received at an expedition's reception point is a visit whose
    place is the venue's code (``expedition_week``), so the plan's call holds
    it; crews, families and the records must then say where to come.
    """
    route = stop.route
    if stop.call is None or stop.call >= len(route.calls):
        return None
    place = route.calls[stop.call].get("place")
    return object_session(stop).scalar(select(Venue).where(Venue.code == place)) if place else None


def event_venue(session: Session, event: PublishedEvent) -> Venue | None:
    """The venue of a published visit, read from the stop of its plan (None: at home)."""
    stop = session.scalar(select(Stop).join(Route).where(
        Route.plan_id == event.plan_id, Stop.visit_request_id == event.visit_request_id))
    return stop_venue(stop) if stop is not None else None


def route_calls(route: Route, staff_code: str | None = None) -> list[Call]:
    """The route's calls in driving order; a plan without calls makes each stop its own call.

    With ``staff_code`` each call keeps only that person's visits (calls without
    any are left out): a specialist sees their own visits at their own times.
    """
    calls: list[Call] = []
    by_index: dict[int, Call] = {}
    for stop in route.stops:
        settlement = stop.visit_request.family.settlement.name
        if (venue := stop_venue(stop)) is not None:
            settlement = venue.name
        if stop.call is None or stop.call >= len(route.calls):
            calls.append(Call(settlement, stop.arrive, stop.end, [stop]))
            continue
        if stop.call not in by_index:
            given = route.calls[stop.call]
            by_index[stop.call] = Call(settlement, given["arrive"], given["depart"])
            calls.append(by_index[stop.call])
        by_index[stop.call].stops.append(stop)
    for call in calls:
        call.stops.sort(key=lambda s: (s.start, s.seq))
        if staff_code is not None:
            call.stops = [s for s in call.stops if staff_code in s.staff]
    return sorted((c for c in calls if c.stops), key=lambda c: c.arrive)


DROPPED_BEFORE_SOLVING = ("ROAD_CLOSED", "REMOVED_BY_HEAD")
"""Reasons of visits the solver never saw; they still count as due in a plan's totals."""


def _dropped(entry: dict) -> bool:
    return any(reason in DROPPED_BEFORE_SOLVING for reason in entry.get("reasons", []))


PRIORITY_CLASSES = (("mandatory", None), ("high", 70), ("medium", 40), ("low", 0))
"""Classes the totals count served visits in: mandatory first, then by priority."""


def priority_class(visit: dict) -> str:
    if visit.get("mandatory"):
        return "mandatory"
    return next(name for name, bound in PRIORITY_CLASSES[1:] if visit.get("priority", 50) >= bound)


@dataclass
class Totals:
    served: dict[str, int] = field(default_factory=dict)
    due: dict[str, int] = field(default_factory=dict)
    km: float = 0.0
    hours: float = 0.0
    drive_hours: float = 0.0


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def totals(plan: Plan, routes: list[Route]) -> Totals:
    """Visits served per priority class (of those due, the ones behind a closed road too), km,
    working and driving hours."""
    result = Totals(served={name: 0 for name, _ in PRIORITY_CLASSES}, due={name: 0 for name, _ in PRIORITY_CLASSES})
    served = {stop.visit_request_id for route in routes for stop in route.stops}
    closed = [entry for entry in plan.result.get("unassigned", []) if _dropped(entry)]
    for visit in plan.request.get("visits", []) + closed:
        name = priority_class(visit)
        result.due[name] += 1
        key = visit.get("id") or visit["visit"]
        result.served[name] += key.startswith("vr-") and int(key[3:]) in served
    result.km = round(sum(route.meters for route in routes) / 1000, 1)
    result.hours = round(sum(_minutes(r.return_) - _minutes(r.depart) for r in routes) / 60, 1)
    result.drive_hours = round(sum(route.drive_minutes for route in routes) / 60, 1)
    return result


def served_of(plan: Plan) -> tuple[int | None, int | None]:
    """(visits planned, visits due) of a version; visits behind a closed road count as due."""
    summary = plan.result.get("summary", {})
    if "served" not in summary:
        return None, None
    closed = sum(_dropped(entry) for entry in plan.result.get("unassigned", []))
    return summary["served"], summary.get("visits", 0) + closed


def unassigned(session: Session, plan: Plan) -> list[tuple[VisitRequest | None, dict]]:
    """The visits the plan leaves out, with their request rows (for case code and place)."""
    entries = plan.result.get("unassigned", [])
    rows = visit_rows(session, [entry["visit"] for entry in entries])
    return [(rows.get(entry["visit"]), entry) for entry in entries]


def placements(plan: Plan) -> dict[str, tuple[str, str, str]]:
    """Visit id -> (date, vehicle, start) of every stop of the plan's answer."""
    return {stop["visit"]: (route["date"], route["vehicle"], stop["start"])
            for route in plan.result.get("routes", []) for stop in route["stops"]}


@dataclass
class Change:
    visit: str
    before: tuple[str, str, str] | None
    after: tuple[str, str, str] | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "dropped"
        return "moved" if self.before[:2] != self.after[:2] else "shifted"


def compare(older: Plan, newer: Plan) -> list[Change]:
    """What moved between two versions: added, dropped, moved (day or brigade), shifted (time)."""
    before, after = placements(older), placements(newer)
    changes = [Change(visit, before.get(visit), after.get(visit))
               for visit in sorted(set(before) | set(after)) if before.get(visit) != after.get(visit)]
    return sorted(changes, key=lambda c: ("added", "dropped", "moved", "shifted").index(c.kind))


def visit_rows(session: Session, visit_ids) -> dict[str, VisitRequest]:
    """``vr-<id>`` -> its request row with family and settlement loaded."""
    ids = [int(v[3:]) for v in visit_ids if v.startswith("vr-")]
    rows = session.scalars(select(VisitRequest).where(VisitRequest.id.in_(ids))
                           .options(selectinload(VisitRequest.family).selectinload(Family.settlement)))
    return {row.key: row for row in rows}


def edited_from(session: Session, plan: Plan) -> Plan | None:
    """The version a draft was made from by a hand change (move, removal), if it was."""
    edit = plan.adjustments.get("edit")
    return session.get(Plan, edit["base"]) if edit and edit["base"] != plan.id else None
