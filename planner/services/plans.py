"""Reading weekly plans: versions of a week, the published one, a route's path.

Kept apart from ``planning`` (which runs the optimiser) because the
coordinator's map and the specialist's page only read.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.models import Family, Plan, Route, Stop, VisitRequest


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


def settlement_path(route: Route) -> list[tuple[float, float]]:
    """Depot -> settlements of the stops in order -> depot.

    Settlement centres rather than homes: a route drawn for people outside
    the brigade must not point at a family's door.
    """
    depot = route.vehicle.depot
    points = [(depot.lat, depot.lon)]
    for stop in route.stops:
        place = stop.visit_request.family.settlement
        if points[-1] != (place.lat, place.lon):
            points.append((place.lat, place.lon))
    points.append((depot.lat, depot.lon))
    return points
