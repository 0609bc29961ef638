"""The week's plan request around its agreed expedition trips (spec section 1).

An agreed trip enters the request as a route whose date, vehicle, hours and
team are fixed (``vehicles[].crews[date]``, the vehicle's hours that day
narrowed to the trip's). Its district's work is tied to it:

- a visit that needs a role only the trip's partners bring (the narcologist,
  the police inspector) is expedition work: it may only happen that day;
- a family living within ``RECEPTION_KM`` of the trip's reception point is
  received there instead of at home, in the point's hours that day, with
  ``place`` = the venue's code, so a crew that splits up serves the families
  there in parallel (spec 1.1).

Visits of the district the team could serve stay as they are: the optimiser
fills the trip with them where that pays and routes the curators' visits
around it. Each tied visit names its trip (``expedition``), and the request
lists the trips (``expeditions``), so the plan can say why expedition work
was left out (``left_out``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner.models import ExpeditionTrip, Family
from planner.optimize.travel import geodesic_meters
from planner.services.expeditions import agreed_trips, partner_staff, team

RECEPTION_KM = 12.0
"""How far families walk or are brought to a reception point (nearby villages)."""


def carry(db: DbSession, request: dict) -> None:
    """Fix the week's agreed trips in ``request`` and tie their district's work to them."""
    days = [dt.date.fromisoformat(d) for d in request["dates"]]
    vehicles = {v["id"]: v for v in request["vehicles"]}
    cases = {v["case"] for v in request["visits"] if "case" in v}
    families = {f.case_code: f for f in db.scalars(select(Family).where(Family.case_code.in_(cases)))}
    carried = []
    for trip in agreed_trips(db, days):
        vehicle = vehicles.get(trip.series.vehicle.code)
        day = trip.date.isoformat()
        if vehicle is None or day not in vehicle["availability"]:
            continue  # the car is off the road that day: nothing to fix, the visits stay free
        vehicle.setdefault("crews", {})[day] = list(trip.staff)
        vehicle["availability"][day] = [[trip.start, trip.end]]
        others = {r for s in request["staff"] if s["id"] not in trip.staff for r in s["roles"]}
        for visit in request["visits"]:
            family = families.get(visit.get("case"))
            if family is not None and not visit.get("done"):
                _tie(trip, visit, family, others)
        carried.append(_trip_spec(trip))
    if carried:
        request["expeditions"] = carried


def _tie(trip: ExpeditionTrip, visit: dict, family: Family, others: set[str]) -> None:
    """Make ``visit`` the trip's work when it needs a partner's role or lives near the point.

    Tied, it is pinned to the trip's route: the team that day, not another car
    of the district, serves it. A visit whose required people (the family's
    curator) are not on the trip stays theirs, and a partner's role that
    someone off the trip also holds (``others``, a district's own narcologist)
    ties nothing by itself.
    """
    day = trip.date.isoformat()
    if family.settlement.district_id != trip.district_id or day not in visit.get("dates", [day]):
        return
    people = team(trip)
    if not _covered(visit["roles"], people) or not set(visit.get("required_staff", [])) <= set(trip.staff):
        return
    partner_roles = {r for p in partner_staff(trip) for r in p.roles} - others
    near = _near_point(trip, family)
    if not near and not partner_roles & set(visit["roles"]):
        return
    visit["dates"] = [day]
    visit["pinned"] = {"date": day, "vehicle": trip.series.vehicle.code}  # on the trip's route
    visit["expedition"] = trip.key
    if near:
        point = trip.reception_venue
        visit["location"] = [point.lat, point.lon]
        visit["place"] = point.code
        visit["time_windows"] = [[trip.reception_start, trip.reception_end]]
        visit["reception"] = True


def _covered(roles: list[str], people) -> bool:
    """Whether the team holds every role as many times as the visit asks (one role each)."""
    need = Counter(roles)
    return all(sum(1 for p in people if role in p.roles) >= count for role, count in need.items())


def _near_point(trip: ExpeditionTrip, family: Family) -> bool:
    point = trip.reception_venue
    if point is None or point.lat is None or point.lon is None:
        return False
    metres = geodesic_meters([(family.lat, family.lon)], [(point.lat, point.lon)])[0][0]
    return metres <= RECEPTION_KM * 1000


def _trip_spec(trip: ExpeditionTrip) -> dict:
    spec = {"trip": trip.key, "series": trip.series.code, "date": trip.date.isoformat(),
            "vehicle": trip.series.vehicle.code, "crew": list(trip.staff),
            "district": trip.district.code, "start": trip.start, "end": trip.end}
    if trip.reception_venue is not None:
        spec["reception"] = {"venue": trip.reception_venue.code, "start": trip.reception_start,
                             "end": trip.reception_end}
    return spec


def services(request: dict, result: dict) -> dict[str, dict]:
    """Per carried trip: home visits and reception appointments its route served."""
    tied = {v["id"]: v for v in request.get("visits", []) if "expedition" in v}
    out = {t["trip"]: {"home": 0, "reception": 0, "left_out": 0}
           for t in request.get("expeditions", [])}
    trips = {(t["vehicle"], t["date"]): t["trip"] for t in request.get("expeditions", [])}
    for route in result.get("routes", []):
        key = trips.get((route["vehicle"], route["date"]))
        if key is None:
            continue
        for stop in route["stops"]:
            out[key]["reception" if tied.get(stop["visit"], {}).get("reception") else "home"] += 1
    for entry in result.get("unassigned", []):
        visit = tied.get(entry["visit"])
        if visit is not None:
            out[visit["expedition"]]["left_out"] += 1
    return out


def left_out(request: dict) -> dict[str, dict]:
    """Visit id -> its trip (date, district, reception point) for the visits tied to a trip."""
    trips = {t["trip"]: t for t in request.get("expeditions", [])}
    return {v["id"]: {**trips[v["expedition"]], "reception_visit": bool(v.get("reception"))}
            for v in request.get("visits", []) if v.get("expedition") in trips}
