"""The week's plan request around its agreed expedition trips (spec section 1).

An agreed trip enters the request as a route whose date, vehicle, hours and
team are fixed (``vehicles[].crews[date]``, the vehicle's hours that day
narrowed to the trip's). Its district's work is tied to it:

- a visit that needs a role only the trip's partners bring (nobody off the
  trip holds it: the police inspector) is expedition work;
- a family living within ``RECEPTION_KM`` of the trip's reception point is
  received there instead of at home, at the hours the family can come that
  lie in the point's hours that day (a family that cannot come while the
  point receives is not asked there), with ``place`` = the venue's code, so a
  crew that splits up serves the families there in parallel (spec 1.1);
- a family living on the trip's road, whose home lengthens the drive from
  the trip's depot to its point by at most ``ALONG_KM``, is visited at home by
  the trip's team (the practice: the car calls at the far villages on its
  way, before or after the reception).

Expedition work is pinned to the trip's route (date and vehicle): tied to the
date only, the district's own cars served the reception point and the trip
drove elsewhere. A visit whose required people (the family's curator) are
not on the trip, or whose roles the team lacks, is not tied, and the team
takes on, most urgent first, only as much as its people's minutes at the
district allow (the trip's hours less the drive to the point and back and
lunch); the rest stays free for the curators.

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
from planner.optimize.travel import TravelModel, geodesic_meters
from planner.services.expeditions import agreed_trips, partner_staff, team

RECEPTION_KM = 12.0
"""How far families walk or are brought to a reception point (nearby villages)."""
ALONG_KM = 10.0
"""How much a home may lengthen the drive from the trip's depot to its point (straight
line, about a quarter of an hour by road) for the team to call there on the way."""


def carry(db: DbSession, request: dict, invited: frozenset[str] = frozenset()) -> list[str]:
    """Fix the week's agreed trips in ``request`` and tie their district's work to them.

    ``invited`` are the ids of the trips' invitations (``expedition_invites``):
    booked after the week's own work, and those the team has no minutes for
    are taken out of the request; their ids are returned.
    """
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
        cars = _cars(trip, vehicle, request["vehicles"])
        for car, crew in cars:
            car.setdefault("crews", {})[day] = crew
            car["availability"][day] = [[trip.start, trip.end]]
        others = {r for s in request["staff"] if s["id"] not in trip.staff for r in s["roles"]}
        work = [(visit, near) for visit in request["visits"]
                if (near := _work(trip, visit, families.get(visit.get("case")), others)) is not None]
        minutes = [(car["id"], crew, _team_minutes(request, car, trip, crew)) for car, crew in cars]
        order = sorted(work, key=lambda w: (w[0]["id"] in invited, -w[0].get("priority", 1), w[0]["id"]))
        for visit, near in order:
            car = next((code for code, crew, left in minutes
                        if set(visit.get("required_staff", [])) <= set(crew) and _spend(left, visit)), None)
            if car is not None:
                _tie(trip, visit, near, car)
        carried.append(_trip_spec(trip, [car["id"] for car, _ in cars]))
    if carried:
        request["expeditions"] = carried
    dropped = [v["id"] for v in request["visits"]
               if v["id"] in invited and "expedition" not in v and not v.get("done")]
    request["visits"] = [v for v in request["visits"] if v["id"] not in set(dropped)]
    return dropped


def _work(trip: ExpeditionTrip, visit: dict, family: Family | None,
          others: set[str]) -> bool | None:
    """Whether ``visit`` may be the trip's work: None if not, else whether it is received
    at the reception point (the family lives near it) rather than at home.

    It may when the team holds its roles and its required people (the family's
    curator) and it needs a partner's role or lives near the point; a partner's
    role that someone off the trip also holds (``others``, a district's own
    narcologist) ties nothing by itself.
    """
    day = trip.date.isoformat()
    if family is None or visit.get("done") or family.settlement.district_id != trip.district_id \
            or day not in visit.get("dates", [day]):
        return None
    if not _covered(visit["roles"], team(trip)) \
            or not set(visit.get("required_staff", [])) <= set(trip.staff):
        return None
    partner_roles = {r for p in partner_staff(trip) for r in p.roles} - others
    near = near_point(trip, family) and bool(reception_windows(trip, visit))
    return near if near or partner_roles & set(visit["roles"]) or on_the_way(trip, family) else None


def reception_windows(trip: ExpeditionTrip, visit: dict) -> list[list[str]]:
    """The hours the family can come (its own windows) that lie in the point's hours.

    A family available only after work is not asked to come at ten in the
    morning because the house of culture opens then; without windows of its
    own it can come at any of the point's hours.
    """
    start, end = trip.reception_start, trip.reception_end
    if start is None or end is None:
        return []
    own = visit.get("time_windows") or [[start, end]]
    return [[max(a, start), min(b, end)] for a, b in own if max(a, start) < min(b, end)]


def _cars(trip: ExpeditionTrip, vehicle: dict, fleet: list[dict]) -> list[tuple[dict, list[str]]]:
    """The trip's cars and who rides each: the series' car, and when the team does not
    fit its seats, the depot's other cars free that day, largest first.

    The partners ride the series' car (the visits that need them and a social
    worker go together); whoever finds no seat stays at the branch that day.
    """
    day = trip.date.isoformat()
    partners = {p.code for p in partner_staff(trip)}
    people = sorted(trip.staff, key=lambda code: code not in partners)
    spare = sorted((v for v in fleet if v is not vehicle and v["depot"] == vehicle["depot"]
                    and v["availability"].get(day) and day not in v.get("crews", {})),
                   key=lambda v: (-v["seats"], v["id"]))
    cars = []
    for car in [vehicle, *spare]:
        if people:
            cars.append((car, people[:car["seats"]]))
            people = people[car["seats"]:]
    return cars


def _team_minutes(request: dict, vehicle: dict, trip: ExpeditionTrip, crew: list[str]) -> Counter:
    """Per role, the minutes the car's people (``crew``) of that role have at the district.

    The trip's hours less the drive to the reception point and back and the
    lunch break: the families booked beyond that would only be left out.
    """
    depot = next(d["location"] for d in request["depots"] if d["id"] == vehicle["depot"])
    point = trip.reception_venue
    drive = 0 if point is None or point.lat is None else TravelModel.from_request(request).minutes(
        tuple(depot), (point.lat, point.lon))
    span = _clock(trip.end) - _clock(trip.start) - 2 * drive - request.get("lunch", {}).get("minutes", 0)
    people = [p for p in team(trip) if p.code in crew]
    return Counter({role: max(0, span) * sum(1 for p in people if role in p.roles)
                    for p in people for role in p.roles})


def _spend(minutes: Counter, visit: dict) -> bool:
    """Take the visit's minutes from each of its roles, if every role has them left."""
    need = Counter({role: visit["duration"] * count for role, count in Counter(visit["roles"]).items()})
    if any(minutes[role] < m for role, m in need.items()):
        return False
    minutes.subtract(need)
    return True


def _clock(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _tie(trip: ExpeditionTrip, visit: dict, near: bool, car: str) -> None:
    """Make ``visit`` the trip's work, pinned to the route of its ``car``; received at the point if ``near``."""
    day = trip.date.isoformat()
    visit["dates"] = [day]
    visit["pinned"] = {"date": day, "vehicle": car}  # not a curator's car
    visit["expedition"] = trip.key
    if near:
        point = trip.reception_venue
        visit["location"] = [point.lat, point.lon]
        visit["place"] = point.code
        visit["time_windows"] = reception_windows(trip, visit)
        visit["reception"] = True


def _covered(roles: list[str], people) -> bool:
    """Whether the team holds every role as many times as the visit asks (one role each)."""
    need = Counter(roles)
    return all(sum(1 for p in people if role in p.roles) >= count for role, count in need.items())


def on_the_way(trip: ExpeditionTrip, family: Family) -> bool:
    """Whether the family's home lies on the trip's road: from the series' depot to the
    point through the home is at most ``ALONG_KM`` longer than straight there."""
    point, depot = trip.reception_venue, trip.series.vehicle.depot
    if point is None or point.lat is None or point.lon is None or near_point(trip, family):
        return False
    start, home, end = (depot.lat, depot.lon), (family.lat, family.lon), (point.lat, point.lon)
    legs = geodesic_meters([start, home], [home, end])
    return legs[0][0] + legs[1][1] - legs[0][1] <= ALONG_KM * 1000


def near_point(trip: ExpeditionTrip, family: Family) -> bool:
    point = trip.reception_venue
    if point is None or point.lat is None or point.lon is None:
        return False
    metres = geodesic_meters([(family.lat, family.lon)], [(point.lat, point.lon)])[0][0]
    return metres <= RECEPTION_KM * 1000


def _trip_spec(trip: ExpeditionTrip, cars: list[str]) -> dict:
    spec = {"trip": trip.key, "series": trip.series.code, "date": trip.date.isoformat(),
            "vehicle": cars[0], "vehicles": cars, "crew": list(trip.staff),
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
    trips = {(car, t["date"]): t["trip"] for t in request.get("expeditions", [])
             for car in t.get("vehicles", [t["vehicle"]])}
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
