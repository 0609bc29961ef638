"""The week's plan request (spec section 1) from the database.

``build_request`` is the one entry point: the web app's "generate plan" and
``planner request`` both call it. Due visits are materialised as
``VisitRequest`` rows keyed by (family, week, purpose, origin), so
regenerating a week updates the same rows and every visit keeps its id
``vr-<id>`` across re-plans (feeds build their UIDs from it). The caller
commits.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner import config
from planner.models import Depot, Family, Staff, Vehicle, VisitRecord, VisitRequest
from planner.services import expedition_invites, expedition_week
from planner.services.availability import staff_availability, vehicle_availability
from planner.services.cadence import seed_default_rules
from planner.services.due import DueVisit, WeekContext, due_visits
from planner.services.production_calendar import working_days

LUNCH = {"earliest": "12:00", "latest": "14:00", "minutes": 45}
DEFAULT_TIME_LIMIT = 30.0
DEFAULT_PROFILE = {"speed_kmh": 45.0, "detour": 1.35}


def materialise(db: DbSession, week: str, due: list[DueVisit]) -> list[VisitRequest]:
    """One ``VisitRequest`` per due visit, updating the week's existing rows in place.

    Rows of the week that are no longer due are cancelled (not deleted: a
    published plan may refer to them); served or refused rows keep their status.
    """
    existing = {(r.family_id, r.purpose, r.origin): r
                for r in db.scalars(select(VisitRequest).where(VisitRequest.week == week))}
    rows = []
    for visit in due:
        if visit.request is not None:
            rows.append(visit.request)
            continue
        row = existing.pop((visit.family.id, visit.purpose, visit.origin), None)
        if row is None:
            row = VisitRequest(family=visit.family, week=week, purpose=visit.purpose,
                               origin=visit.origin)
            db.add(row)
        elif row.status == "cancelled":
            row.status = "open"
        row.roles, row.duration, row.priority = visit.roles, visit.duration, visit.priority
        row.dates = [d.isoformat() for d in visit.dates]
        row.time_windows, row.mandatory, row.deadline = visit.time_windows, visit.mandatory, visit.deadline
        row.due = visit.due
        rows.append(row)
    for row in existing.values():
        if row.status == "open":
            row.status = "cancelled"
    db.flush()
    return rows


def _pinned(db: DbSession, row: VisitRequest) -> dict | None:
    """Where a served visit really happened, from its recorded stop."""
    record = db.scalar(select(VisitRecord).where(VisitRecord.visit_request_id == row.id,
                                                 VisitRecord.outcome == "done",
                                                 VisitRecord.stop_id.is_not(None)))
    if record is None:
        return None
    route = record.stop.route
    return {"date": route.date.isoformat(), "vehicle": route.vehicle.code, "start": record.stop.start}


def visit_spec(db: DbSession, visit: DueVisit, row: VisitRequest) -> dict:
    """The spec visit of one due visit, under its stable id."""
    family = visit.family
    spec = {
        "id": row.key, "case": family.case_code, "purpose": visit.purpose,
        "location": [family.lat, family.lon], "place": family.settlement.code, "duration": visit.duration,
        "roles": visit.roles, "dates": [d.isoformat() for d in visit.dates],
        "priority": visit.priority, "mandatory": visit.mandatory, "amount": row.amount,
        "preferred_staff": list(visit.preferred_staff), "required_staff": list(visit.required_staff),
    }
    if visit.time_windows:
        spec["time_windows"] = visit.time_windows
    if row.status == "done":
        spec["done"] = True
        pinned = _pinned(db, row)
        if pinned:
            spec["pinned"], spec["dates"] = pinned, [pinned["date"]]
    return spec


def _staff_spec(db: DbSession, availability: dict[str, dict]) -> list[dict]:
    return [
        {"id": m.code, "roles": list(m.roles), "agency": m.agency.code, "depot": m.depot.code,
         "availability": availability[m.code]}
        for m in db.scalars(select(Staff).where(Staff.active).order_by(Staff.code))
    ]


def _vehicle_spec(db: DbSession, availability: dict[str, dict]) -> list[dict]:
    return [
        {"id": v.code, "depot": v.depot.code, "seats": v.seats, "capacity": v.capacity,
         "availability": availability[v.code], "max_drive_minutes": v.max_drive_minutes,
         "cost_per_km": v.cost_per_km, "fixed_cost": v.fixed_cost, "four_wd": v.four_wd}
        for v in db.scalars(select(Vehicle).where(Vehicle.active).order_by(Vehicle.code))
    ]


def _profile(district) -> dict:
    if district is None:
        return DEFAULT_PROFILE
    return {"speed_kmh": district.speed_kmh, "detour": district.detour}


def travel_spec(depots: list[Depot], families: list[Family]) -> dict:
    """The road model: the depots' district as default, other districts as per-place overrides."""
    default = _profile(Counter(d.district for d in depots if d.district).most_common(1)[0][0]
                       if any(d.district for d in depots) else None)
    places = {(d.lat, d.lon): _profile(d.district) for d in depots}
    places.update({(f.lat, f.lon): _profile(f.settlement.district) for f in families})
    overrides = [{"location": list(point), **profile}
                 for point, profile in places.items() if profile != default]
    return {**default, "overrides": overrides}


def due_this_week(db: DbSession, week: str) -> tuple[WeekContext, list[DueVisit], dict[str, dict]]:
    """The week's context, its due visits and the staff availability they were read against."""
    days = working_days(week)
    if not days:
        raise ValueError(f"week {week} has no working day (public holidays)")
    seed_default_rules(db)
    staff_rows = list(db.scalars(select(Staff).where(Staff.active)))
    staff_avail = staff_availability(db, days)
    ctx = WeekContext(week, {m.code: list(m.roles) for m in staff_rows}, staff_avail,
                      {m.code: m.depot.code for m in staff_rows})
    return ctx, due_visits(db, ctx), staff_avail


def build_request(db: DbSession, week: str, *, time_limit: float | None = None,
                  base_plan: dict | None = None, change_penalty: float | None = None,
                  lunch: dict | None = LUNCH, seed: int = 0,
                  week_due: tuple[WeekContext, list[DueVisit], dict[str, dict]] | None = None) -> dict:
    """The complete plan request of an ISO week (``2026-W50``); ValueError for a bad week.

    ``week_due`` is ``due_this_week``'s answer when the caller has it already
    (the simulation counts the overdue families from it first): read once, not twice.
    Writes the week's ``VisitRequest`` rows (flushed, not committed).
    """
    ctx, due, staff_avail = week_due or due_this_week(db, week)
    due = due + expedition_invites.invitations(db, ctx, due)
    staff_rows = list(db.scalars(select(Staff).where(Staff.active)))
    vehicle_rows = list(db.scalars(select(Vehicle).where(Vehicle.active)))
    rows = materialise(db, week, due)
    visits = [visit_spec(db, v, r) for v, r in zip(due, rows) if r.status in ("open", "done")]
    depot_ids = {m.depot_id for m in staff_rows} | {v.depot_id for v in vehicle_rows}
    depots = list(db.scalars(select(Depot).where(Depot.id.in_(depot_ids)).order_by(Depot.code)))
    settings = config.load()
    options: dict = {"time_limit": DEFAULT_TIME_LIMIT if time_limit is None else time_limit,
                     "seed": seed, "parallel_service": settings.parallel_service,
                     "walk_minutes": settings.walk_minutes}
    if base_plan is not None:
        options["base_plan"] = base_plan
    if change_penalty is not None:
        options["change_penalty"] = change_penalty
    request = {
        "version": 1, "timezone": settings.timezone, "week": week,
        "dates": [d.isoformat() for d in ctx.days],
        "depots": [{"id": d.code, "location": [d.lat, d.lon]} for d in depots],
        "staff": _staff_spec(db, staff_avail),
        "vehicles": _vehicle_spec(db, vehicle_availability(db, ctx.days)),
        "visits": visits,
        "travel": travel_spec(depots, [v.family for v in due]),
        "options": options,
    }
    if lunch:
        request["lunch"] = dict(lunch)
    invited = frozenset(r.key for v, r in zip(due, rows) if v.origin == expedition_invites.ORIGIN)
    dropped = set(expedition_week.carry(db, request, invited))
    for row in rows:
        if row.key in dropped and row.status == "open":
            row.status = "cancelled"  # an invitation the trip has no time for: nobody is asked
    db.flush()
    return request

