"""Crews revisited during the search: a person brought onto a route, and the routes refilled.

Crews are chosen before routing (``crews``) against an estimate of demand.
Once routes exist it is plain which visits are left out and often why: no
route of their dates carries a role they need, or the one that could take them
lacks one person. A move takes a left-out visit and a free-crew vehicle of
one of its dates (used or not) whose crew cannot serve it, and brings a
person who, with the crew, covers it:

- someone who rides nothing that day, into a free seat or instead of the
  rider whose absence costs the route fewest of its visits;
- or someone riding another free-crew route that day, moved over (their old
  route keeps what it can still serve), or swapped with that rider.

The touched routes are re-timed with their new crews (``fit`` drops what no
longer fits) and priority repair refills them from the left-out visits. A
move is kept when the touched routes serve more (mandatory, then priority) or
the same for less cost, so the plan never gets worse in the spec's order.

The work is bounded without the clock when asked (``moves``: the repeatable
mode, whose plans must not depend on the machine): the refill only offers the
left-out visits the touched routes can serve, so it ends on its own.
"""

from __future__ import annotations

import random
import time
from collections.abc import Collection, Mapping

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Vehicle, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.polish import repair
from planner.optimize.brigade.recreate import worth
from planner.optimize.brigade.schedule import Timing, fit

Routes = dict[RouteKey, CrewedRoute]
Timed = dict[RouteKey, Timing]
TRIES = 12  # people tried per move


def recrew(inst: Instance, routes: Routes, visits: Mapping[str, Visit], timed: Timed,
           fixed: Collection[RouteKey], rng: random.Random, deadline: float,
           moves: int | None = None) -> tuple[Routes, Timed]:
    """Routes and times after crew moves until ``deadline``, or for ``moves`` left-out visits tried.

    Either way it ends when no left-out visit is left to try.
    """
    routes, timed = dict(routes), dict(timed)
    served = {s.visit for t in timed.values() for s in t.stops}
    waiting = sorted((v for v in visits.values() if v.id not in served), key=lambda v: (-v.priority, v.id))
    tried = 0
    while waiting and time.monotonic() < deadline and (moves is None or tried < moves):
        tried += 1
        visit = waiting.pop(min(len(waiting) - 1, int(rng.expovariate(0.3))))
        move = _best_move(inst, routes, visits, timed, fixed, visit, rng, deadline)
        if move is None:
            continue
        new_routes, new_timed = move
        for key, route in new_routes.items():
            if route is None:
                routes.pop(key, None)
            else:
                routes[key] = route
        for key, t in new_timed.items():
            if t is None or not t.stops:
                timed.pop(key, None)
            else:
                timed[key] = t
        served = {s.visit for t in timed.values() for s in t.stops}
        waiting = [v for v in waiting if v.id not in served]
    return routes, timed


def _best_move(inst, routes: Routes, visits, timed: Timed, fixed, visit: Visit, rng, deadline):
    """The first crew move for ``visit`` that makes the touched routes better, or None."""
    p = inst.problem
    dates = list(visit.dates)
    rng.shuffle(dates)
    for date in dates:
        riding = {s: k for k, r in routes.items() if r.date == date for s in r.crew}
        for vehicle in _vehicles(inst, visit, date):
            key = (vehicle.id, date)
            if key in fixed or (key in routes and inst.can_serve(routes[key], visit)):
                continue
            crew = routes[key].crew if key in routes else ()
            people = [s for s in inst.staff_by_depot[vehicle.depot] if s.id not in crew
                      and date in s.availability and riding.get(s.id) not in fixed
                      and (s.roles & set(visit.roles) or s.id in visit.required_staff)]
            rng.shuffle(people)
            for person in people[:TRIES]:
                if time.monotonic() >= deadline:
                    return None
                move = _try(inst, routes, visits, timed, key, vehicle, crew, person.id, riding.get(person.id),
                            visit, deadline)
                if move is not None:
                    return move
    return None


def _vehicles(inst: Instance, visit: Visit, date: str) -> list[Vehicle]:
    """Vehicles working on ``date`` that may serve ``visit`` (its pin's, or any)."""
    if visit.pinned:
        return [inst.problem.vehicles[visit.pinned.vehicle]] if visit.pinned.date == date else []
    return [v for v in inst.problem.vehicles.values() if date in v.availability]


def _try(inst, routes: Routes, visits, timed: Timed, key: RouteKey, vehicle: Vehicle, crew, person: str,
         source: RouteKey | None, visit: Visit, deadline: float):
    """Bring ``person`` onto ``key`` (from ``source``, or from the centre) and refill; None unless better."""
    date = key[1]
    crews = {key: _with(inst, routes, timed, key, vehicle, crew, person, visit)}
    if crews[key] is None:
        return None
    if source is not None:
        out = [s for s in crew if s not in crews[key]]
        rest = tuple(s for s in routes[source].crew if s != person) + tuple(out)
        crews[source] = rest
    touched: dict[RouteKey, CrewedRoute | None] = {}
    for k, c in crews.items():
        veh = inst.problem.vehicles[k[0]]
        if len(c) > veh.seats:
            return None
        touched[k] = inst.route(veh, date, c) if c else None
        if c and touched[k] is None:
            return None
    if not inst.can_serve(touched[key], visit):
        return None
    before = {k: timed[k] for k in touched if k in timed}
    now: dict[RouteKey, Timing] = {}
    for k, route in touched.items():
        if route is None or k not in timed:
            continue
        seq = [visits[s.visit] for s in timed[k].stops if s.visit in visits]
        t = fit(inst, route, [v for v in seq if inst.can_serve(route, v)])
        if t is not None and t.stops:
            now[k] = t
    live = {k: r for k, r in touched.items() if r is not None}
    now = repair(inst, live, {visit.id: visit}, now, deadline)
    if key not in now or not any(s.visit == visit.id for s in now[key].stops):
        return None  # the visit the person was brought for does not get in: no refill is worth trying
    served = {s.visit for k, t in timed.items() if k not in touched for s in t.stops}
    free = {v: w for v, w in visits.items() if v not in served and any(inst.can_serve(r, w) for r in live.values())}
    now = repair(inst, live, free, now, deadline)
    if worth(inst, {**routes, **live}, now) <= worth(inst, routes, before):
        return None
    return touched, {k: now.get(k) for k in touched}


def _with(inst, routes: Routes, timed: Timed, key: RouteKey, vehicle: Vehicle, crew, person: str,
          visit: Visit) -> tuple[str, ...] | None:
    """The crew of ``key`` with ``person``: in a free seat, or instead of its least useful rider."""
    if len(crew) < vehicle.seats:
        return (*crew, person)
    stops = [inst.problem.visits[s.visit] for s in timed[key].stops] if key in timed else []
    best = None
    for out in crew:
        if out in visit.required_staff:
            continue
        trial = tuple(s for s in crew if s != out) + (person,)
        route = inst.route(vehicle, key[1], trial)
        if route is None or not inst.can_serve(route, visit):
            continue
        lost = sum(v.priority for v in stops if not inst.can_serve(route, v))
        if best is None or lost < best[0]:
            best = (lost, trial)
    return best[1] if best else None
