"""Choosing crews with CP-SAT: who rides which vehicle on which date.

The crew decides which visits a route can take (roles, required people) and
how long it can work (the common hours of the vehicle and every rider; an
interagency narcologist working 9-13 shortens the route). Routing every crew
choice is far too slow, so CP-SAT chooses crews against an estimate of the
visits each route could serve:

- ``x[r, s]``: person ``s`` rides route ``r`` (at most one route a date,
  at most ``seats`` per route, own depot only);
- ``y[v, r]``: route ``r`` would serve visit ``v`` (at most once), only if its
  crew covers the roles (per role, and Hall's condition on the whole set when a
  visit needs several) and required people ride;
- the route's span ``[S_r, E_r]`` lies inside every rider's hours and must
  reach each chosen visit's windows from the depot;
- work fits the span: Σ (duration + hop to the nearest neighbour) plus the
  round trip to the farthest chosen visit plus lunch; the same travel estimate
  respects the driving limit, amounts respect the capacity.

The objective follows the spec's order: mandatory and pinned visits, priority,
then preferred people riding with their families. Routing later decides what
is really served; seats left free are then filled with people whose hours do
not shorten the route, which only widens what the route can take.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ortools.sat.python import cp_model

from planner.optimize.brigade.domain import RouteKey, Staff, Vehicle, Visit, Window
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.roles import covers

PRIORITY = 1000  # one priority point against one preferred-staff match


def choose_crews(inst: Instance, free: Sequence[tuple[Vehicle, str]], busy: Mapping[str, set[str]],
                 visits: Sequence[Visit], seconds: float, seed: int = 0) -> dict[RouteKey, tuple[str, ...]]:
    """Crews of the ``free`` routes; ``busy`` maps a date to people already riding that day."""
    model = _CrewModel(inst, free, busy, visits)
    crews = model.solve(seconds, seed)
    return _fill_seats(inst, free, busy, crews, visits)


class _CrewModel:
    def __init__(self, inst: Instance, free, busy, visits) -> None:
        self.inst, self.m = inst, cp_model.CpModel()
        self.routes = [(v, d, inst.span(v, d, ())) for v, d in free]
        self.routes = [(v, d, w) for v, d, w in self.routes if w]
        self.x: dict[tuple[int, str], cp_model.IntVar] = {}
        self.hours: dict[tuple[int, str], Window] = {}
        self.y: dict[tuple[str, int], cp_model.IntVar] = {}
        self.objective = []
        hop = _hops(inst, visits)
        for r, (vehicle, date, window) in enumerate(self.routes):
            self._riders(r, vehicle, date, window, busy.get(date, set()))
            self._visits(r, vehicle, date, window, visits, hop)
        self._once_a_day()
        self._once_per_visit(visits)
        self.m.Maximize(sum(self.objective))

    def _riders(self, r: int, vehicle: Vehicle, date: str, window: Window, busy: set[str]) -> None:
        for person in self.inst.staff_by_depot[vehicle.depot]:
            hours = _overlap(person, date, window)
            if person.id not in busy and hours and hours[1] - hours[0] >= 60:
                self.x[r, person.id] = self.m.NewBoolVar(f"x{r}_{person.id}")
                self.hours[r, person.id] = hours
        self.m.Add(sum(self._riding(r)) <= vehicle.seats)

    def _riding(self, r: int) -> list:
        return [var for (k, _), var in self.x.items() if k == r]

    def _visits(self, r: int, vehicle: Vehicle, date: str, window: Window, visits, hop) -> None:
        inst, m = self.inst, self.m
        depot = inst.depot_of(vehicle)
        riders = {s: inst.problem.staff[s] for (k, s) in self.x if k == r}
        start, end = m.NewIntVar(*window, f"S{r}"), m.NewIntVar(*window, f"E{r}")
        for (k, s), var in self.x.items():
            if k == r:
                m.Add(start >= self.hours[r, s][0]).OnlyEnforceIf(var)
                m.Add(end <= self.hours[r, s][1]).OnlyEnforceIf(var)
        far = m.NewIntVar(0, window[1] - window[0], f"far{r}")
        work, drive, load = [], [], []
        lunch = inst.problem.lunch.minutes if inst.problem.lunch else 0
        for v in visits:
            out = inst.minutes(depot, v.location)
            latest = max(b - v.duration for a, b in v.time_windows) - out
            earliest = min(a + v.duration for a, b in v.time_windows) + out
            if (date not in v.dates or (v.pinned and (v.pinned.vehicle, v.pinned.date) != (vehicle.id, date))
                    or v.amount > vehicle.capacity or latest < window[0] or earliest > window[1]
                    or 2 * out > vehicle.max_drive_minutes
                    or not covers(v.roles, {s: p.roles for s, p in riders.items()})
                    or not set(v.required_staff) <= set(riders)):
                continue
            y = self.y[v.id, r] = m.NewBoolVar(f"y{v.id}_{r}")
            self._roles(r, v, riders, y)
            m.Add(start <= latest).OnlyEnforceIf(y)
            m.Add(end >= earliest).OnlyEnforceIf(y)
            m.Add(far >= 2 * out).OnlyEnforceIf(y)
            work.append((v.duration + hop[v.id]) * y)
            drive.append(hop[v.id] * y)
            load.append(v.amount * y)
            self.objective.append(self._value(v) * y + self._preferred(r, v, y))
        m.Add(sum(work) + far + lunch <= end - start)
        m.Add(sum(drive) + far <= vehicle.max_drive_minutes)
        m.Add(sum(load) <= vehicle.capacity)

    def _roles(self, r: int, v: Visit, riders: Mapping[str, Staff], y) -> None:
        for role, count in Counter(v.roles).items():
            self.m.Add(sum(self.x[r, s] for s, p in riders.items() if role in p.roles) >= count * y)
        if len(set(v.roles)) > 1:
            need = set(v.roles)
            self.m.Add(sum(self.x[r, s] for s, p in riders.items() if p.roles & need) >= len(v.roles) * y)
        for s in v.required_staff:
            self.m.AddImplication(y, self.x[r, s])

    def _preferred(self, r: int, v: Visit, y):
        mates = [self.x[r, s] for s in v.preferred_staff if (r, s) in self.x]
        if not mates:
            return 0
        z = self.m.NewBoolVar("")
        self.m.AddImplication(z, y)
        self.m.Add(sum(mates) >= z)
        return z

    def _value(self, v: Visit) -> int:
        must = v.mandatory or v.pinned is not None or v.done
        return PRIORITY * v.priority + (PRIORITY * 100 * 1000 if must else 0)

    def _once_a_day(self) -> None:
        by_day: dict[tuple[str, str], list] = {}
        for (r, s), var in self.x.items():
            by_day.setdefault((self.routes[r][1], s), []).append(var)
        for group in by_day.values():
            if len(group) > 1:
                self.m.AddAtMostOne(group)

    def _once_per_visit(self, visits) -> None:
        by_visit: dict[str, list] = {}
        for (vid, _), var in self.y.items():
            by_visit.setdefault(vid, []).append(var)
        for group in by_visit.values():
            if len(group) > 1:
                self.m.AddAtMostOne(group)

    def solve(self, seconds: float, seed: int) -> dict[RouteKey, tuple[str, ...]]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, seconds)
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        status = solver.Solve(self.m)
        crews: dict[RouteKey, tuple[str, ...]] = {}
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return crews
        for r, (vehicle, date, _) in enumerate(self.routes):
            riders = tuple(s for (k, s), var in self.x.items() if k == r and solver.Value(var))
            if riders:
                crews[vehicle.id, date] = riders
        return crews


def _fill_seats(inst: Instance, free, busy, crews: dict[RouteKey, tuple[str, ...]],
                visits: Sequence[Visit]) -> dict[RouteKey, tuple[str, ...]]:
    """Add idle people to used routes when they do not shorten the route."""
    demand = Counter(role for v in visits for role in v.roles)
    riding = {(d, s) for (_, d), crew in crews.items() for s in crew}
    riding |= {(d, s) for d, people in busy.items() for s in people}
    for vehicle, date in free:
        crew = crews.get((vehicle.id, date))
        if not crew:
            continue
        span = inst.span(vehicle, date, crew)
        idle = [p for p in inst.staff_by_depot[vehicle.depot] if (date, p.id) not in riding
                and any(a <= span[0] and span[1] <= b for a, b in p.availability.get(date, ()))]
        idle.sort(key=lambda p: (-sum(demand[r] for r in p.roles), p.id))
        extra = tuple(p.id for p in idle[: vehicle.seats - len(crew)])
        riding |= {(date, s) for s in extra}
        crews[vehicle.id, date] = crew + extra
    return crews


def _overlap(person: Staff, date: str, window: Window) -> Window | None:
    best = None
    for a, b in person.availability.get(date, ()):
        lo, hi = max(a, window[0]), min(b, window[1])
        if lo < hi and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    return best


def _hops(inst: Instance, visits: Sequence[Visit]) -> dict[str, int]:
    """Minutes from each visit to its nearest other visit sharing a date (a hop estimate)."""
    out = {}
    for v in visits:
        near = [inst.minutes(v.location, w.location) for w in visits
                if w.id != v.id and set(w.dates) & set(v.dates)]
        out[v.id] = min(near, default=0)
    return out
