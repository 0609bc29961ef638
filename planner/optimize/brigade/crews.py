"""Choosing crews with CP-SAT: who rides which vehicle on which date.

The crew decides which visits a route can take (roles, required people) and
how long it can work (the common hours of the vehicle and every rider: an
interagency narcologist working 9-13 shortens the route). Routing every crew
choice is far too slow, and a visit-by-route model is too big for a few
seconds, so CP-SAT chooses crews against the *kinds* of demand:

- a kind groups visits with the same home (the nearest depot whose people
  can serve them), roles, required people, pin and part of the day
  (morning-only, afternoon-only, any); per kind and date we know how
  many visits could go, their mean priority and mean time on site;
- ``x[r, s]``: person ``s`` rides route ``r`` (at most one route a date, at
  most ``seats``, own depot, and not already in a fixed crew that day);
- ``c[k, r]``: the crew of ``r`` covers kind ``k`` (per role count, Hall's
  condition over the kind's roles, required people aboard); ``n[k, r]``:
  how many visits of the kind the route would serve, only if covered, and
  only of the visits the vehicle can reach that day (``_reachable``: out and
  back within its drive limit, the visit's window inside its hours), with a
  span at least the shortest of their round trips;
- the route's span ``[S_r, E_r]`` lies inside every rider's hours and must
  reach the windows of the kinds it covers (leave in time for the latest
  start, return after the earliest end); the visits' time (on site + a
  travel share) plus lunch and the trip out fill the span (also with
  parallel service, spec 1.1: counting person-time over the riders' hours
  instead left CP-SAT with a third of the demo week's routes crewed in the
  time it has, so the crews are chosen as for one crew and splitting up is
  left to the routes);
- visits per kind and date, and per kind over the week, are not exceeded.

The objective follows the spec's order: mandatory and pinned visits, then
priority, then curators riding on days their families could be visited.
Routing decides what is really served; seats left free are then filled with
people whose hours do not shorten the route, which only widens what the
route can take. CP-SAT starts from a plain roster (``_spread``), which is
also offered as a choice of its own: ``crewpick`` keeps whichever of the two
routes better.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.optimize.brigade.domain import RouteKey, Staff, Vehicle, Visit, Window
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.roles import cover, covers

PRIORITY = 1000  # one priority point against one curator riding on a useful day
MUST = 100 * 1000 * PRIORITY  # a mandatory or pinned visit: above all the priority of a week
NOON = 13 * 60 + 30


@dataclass
class _Kind:
    home: str  # the nearest depot
    roles: tuple[str, ...]
    required: tuple[str, ...]
    pin: RouteKey | None
    part: str  # "am", "pm" or "any"
    visits: list[Visit]

    def by_date(self, date: str) -> int:
        return sum(1 for v in self.visits if date in v.dates)

    @property
    def value(self) -> int:
        must = sum(1 for v in self.visits if v.mandatory or v.pinned or v.done)
        return round(PRIORITY * statistics.fmean(v.priority for v in self.visits) + MUST * must / len(self.visits))


def choose_crews(inst: Instance, free: Sequence[tuple[Vehicle, str]], busy: Mapping[str, set[str]],
                 visits: Sequence[Visit], seconds: float, seed: int = 0) -> list[dict[RouteKey, tuple[str, ...]]]:
    """Two choices of crews for the ``free`` routes: CP-SAT's and the plain roster it starts from.

    ``busy`` maps a date to people already riding that day. CP-SAT judges crews
    by an estimate of demand, and on weeks it was not tuned on its crews routed
    worse than the plain roster (the external M and L weeks, ``crewpick``), so
    both go on to be routed and the better is kept.
    """
    model = _CrewModel(inst, free, busy, visits)
    roster = {}
    for r, s in sorted(model.start):
        vehicle, date, _ = model.routes[r]
        roster[vehicle.id, date] = (*roster.get((vehicle.id, date), ()), s)
    return [_fill_seats(inst, free, busy, complete_for_pins(inst, free, busy, crews, visits), visits)
            for crews in (model.solve(seconds, seed), roster)]


def complete_for_pins(inst: Instance, free: Sequence[tuple[Vehicle, str]], busy: Mapping[str, set[str]],
                      crews: dict[RouteKey, tuple[str, ...]], visits: Sequence[Visit]) -> dict[RouteKey, tuple[str, ...]]:
    """A pinned visit holds: a free route lacking the people it needs gets them.

    The people come from the centre or from another free route of that day;
    when the seats are full, riders the pinned visit does not need make room.
    """
    keys = {(v.id, d) for v, d in free}
    staff = inst.problem.staff
    for visit in visits:
        pin = visit.pinned
        key = (pin.vehicle, pin.date) if pin else None
        if key not in keys:
            continue
        crew = crews.get(key, ())
        if set(visit.required_staff) <= set(crew) and covers(visit.roles, {s: staff[s].roles for s in crew}):
            continue
        vehicle = inst.problem.vehicles[pin.vehicle]
        pool = [p.id for p in inst.staff_by_depot[vehicle.depot]
                if pin.date in p.availability and p.id not in busy.get(pin.date, set())]
        people = cover(visit.roles, {s: staff[s].roles for s in pool}, prefer=[*visit.required_staff, *crew])
        if people is None or not set(visit.required_staff) <= set(pool):
            continue
        needed = list(dict.fromkeys([*visit.required_staff, *people]))
        rest = [s for s in crew if s not in needed][: max(0, vehicle.seats - len(needed))]
        if len(needed) > vehicle.seats:
            continue
        for k, c in list(crews.items()):
            if k[1] == pin.date and k != key:
                crews[k] = tuple(s for s in c if s not in needed)
        crews[key] = tuple(needed + rest)
    return {k: c for k, c in crews.items() if c}


def _spread(model: _CrewModel, visits: Sequence[Visit]) -> set[tuple[int, str]]:
    """A plain roster: each date's seats shared among the roles by their demand that date, then spread.

    This is what a department head does with a standing roster, and on weeks
    the crew model was not tuned on it routes better than the model's own crews
    (``choose_crews`` keeps whichever serves more). The seats of a date go to
    roles in proportion to the minutes of visits that need them and may fall on
    that date (highest averages, so every needed role gets a seat before any
    gets a third), each seat to an available person of that role who works
    (nearly) the route's whole day: the vehicle's day is often longer than
    anyone's hours, and a part-timer cutting the day by an hour (an
    interagency narcologist working 9-17) is still worth a seat.

    Each chosen person then goes to the route with the fewest people sharing
    a role with them, scarce roles first, so every route gets a mix; other
    part-timers are left to CP-SAT, which weighs their skills against the
    hours they cut.
    """
    staff = model.inst.problem.staff
    longest: dict[int, int] = defaultdict(int)
    for (r, _), (a, b) in model.hours.items():
        longest[r] = max(longest[r], b - a)
    by_date: dict[str, list[int]] = defaultdict(list)
    for r, (_, date, _) in enumerate(model.routes):
        by_date[date].append(r)
    chosen: set[tuple[int, str]] = set()
    for date, routes in by_date.items():
        able = {s for (r, s) in model.x if r in routes and model.hours[r, s][1] - model.hours[r, s][0]
                >= longest[r] - 60}
        seats = {r: model.routes[r][0].seats for r in routes}
        need = _minutes_on(visits, date, lambda v: ((role, 1) for role in v.roles))
        wanted = _minutes_on(visits, date, lambda v: [*((p, 3) for p in v.required_staff),
                                                      *((p, 1) for p in v.preferred_staff)])
        kinds = _minutes_on(visits, date, lambda v: [(tuple(sorted(v.roles)), 1)])
        people = _apportion(staff, able, need, wanted, sum(seats.values()))
        crews: dict[int, dict[str, frozenset[str]]] = {r: {} for r in routes}
        for s in people:
            options = [r for r in routes if (r, s) in model.x and seats[r] > 0]
            if not options:
                continue
            gain = {r: _gain(kinds, crews, r, s, staff[s].roles) for r in options}
            same = {r: sum(1 for t in crews[r] if staff[t].roles & staff[s].roles) for r in options}
            r = min(options, key=lambda r: (-gain[r], same[r], -seats[r], r))
            chosen.add((r, s))
            crews[r][s] = staff[s].roles
            seats[r] -= 1
    return chosen


def _gain(kinds: Counter, crews: Mapping[int, dict[str, frozenset[str]]], r: int, person: str,
          roles: frozenset[str]) -> float:
    """What ``person`` adds on route ``r``: the need of the kinds the crew then newly covers.

    A kind's need is shared among the routes already covering it, so the
    specialist goes where a colleague completes a team the day still lacks
    (a pedagogue beside a psychologist, a narcologist beside a social worker).
    """
    total = 0.0
    for kind, need in kinds.items():
        if covers(kind, crews[r]) or not covers(kind, {**crews[r], person: roles}):
            continue
        total += need / (1 + sum(1 for c in crews.values() if covers(kind, c)))
    return total


def _minutes_on(visits: Sequence[Visit], date: str, shares: Callable[[Visit], Iterable[tuple]]) -> Counter:
    """Minutes of the visits that may fall on ``date`` (each visit's shared among its dates), per key.

    ``shares(v)`` names the keys a visit counts for, each with a weight: its
    roles (the need of a role), the people it requires (thrice) or prefers
    (its curator), its kind of crew.
    """
    out: Counter = Counter()
    for v in visits:
        if date in v.dates:
            for key, weight in shares(v):
                out[key] += weight * v.duration / len(v.dates)
    return out


def _apportion(staff: Mapping[str, Staff], able: set[str], need: Counter, wanted: Counter,
               seats: int) -> list[str]:
    """Up to ``seats`` of the ``able`` people, by the highest averages of their roles' ``need``, scarce first.

    A person of several roles counts for the one most in need; among people of
    a role, the one most ``wanted`` that day (required, or a curator) rides.
    """
    left = sorted(able)
    given: Counter = Counter()
    picked: list[str] = []
    while left and len(picked) < seats:
        def quotient(s: str) -> float:
            return max(need[r] / (2 * given[r] + 1) for r in staff[s].roles)
        best = max(left, key=lambda s: (quotient(s), wanted[s], -len(staff[s].roles), s))
        if quotient(best) <= 0:
            break
        role = max(staff[best].roles, key=lambda r: need[r] / (2 * given[r] + 1))
        given[role] += 1
        picked.append(best)
        left.remove(best)
    return sorted(picked, key=lambda s: (min(need[r] for r in staff[s].roles), s))


def kinds_of(inst: Instance, visits: Sequence[Visit]) -> list[_Kind]:
    """Visits grouped by what a crew needs to take them: depot, roles, people, pin, part of day."""
    groups: dict[tuple, list[Visit]] = defaultdict(list)
    for v in visits:
        pin = (v.pinned.vehicle, v.pinned.date) if v.pinned else None
        home = inst.problem.vehicles[v.pinned.vehicle].depot if v.pinned else _home(inst, v)
        groups[home, tuple(sorted(v.roles)), tuple(sorted(v.required_staff)), pin, _part(v)].append(v)
    return [_Kind(*key, vs) for key, vs in groups.items()]


def _home(inst: Instance, v: Visit) -> str:
    """The nearest depot whose people can serve ``v`` (its roles, its required people), else the nearest.

    A district branch without a lawyer cannot crew a lawyer's assessment in its
    district; counted as the branch's, the kind was never crewed anywhere and
    the base's lawyer stayed at the base.
    """
    staff = inst.staff_by_depot
    able = [d for d in inst.problem.depots.values()
            if set(v.required_staff) <= {s.id for s in staff[d.id]}
            and covers(v.roles, {s.id: s.roles for s in staff[d.id]})]
    return min(able or inst.problem.depots.values(),
               key=lambda d: (inst.minutes(d.location, v.location), d.id)).id


def _part(v: Visit) -> str:
    if all(b <= NOON for _, b in v.time_windows):
        return "am"
    if all(a >= NOON for a, _ in v.time_windows):
        return "pm"
    return "any"


class _CrewModel:
    def __init__(self, inst: Instance, free, busy, visits) -> None:
        self.inst, self.m = inst, cp_model.CpModel()
        self.routes = [(v, d, inst.span(v, d, ())) for v, d in free]
        self.routes = [(v, d, w) for v, d, w in self.routes if w]
        self.kinds = kinds_of(inst, visits)
        self.x: dict[tuple[int, str], cp_model.IntVar] = {}
        self.hours: dict[tuple[int, str], Window] = {}
        self.n: dict[tuple[int, int], cp_model.IntVar] = {}
        self.objective = []
        share = _travel_share(inst, visits)
        for r, (vehicle, date, window) in enumerate(self.routes):
            riders = self._riders(r, vehicle, date, window, busy.get(date, set()))
            self._route(r, vehicle, date, window, riders, share)
        self._once_a_day()
        self._demand()
        self._curators(visits)
        self.m.Maximize(sum(self.objective))
        self.start = _spread(self, visits)
        for key, var in self.x.items():
            self.m.AddHint(var, key in self.start)

    def _riders(self, r: int, vehicle: Vehicle, date: str, window: Window, busy: set[str]) -> dict[str, Window]:
        riders = {}
        for person in self.inst.staff_by_depot[vehicle.depot]:
            hours = _overlap(person, date, window)
            if person.id not in busy and hours and hours[1] - hours[0] >= 60:
                self.x[r, person.id] = self.m.NewBoolVar(f"x{r}_{person.id}")
                self.hours[r, person.id] = riders[person.id] = hours
        self.m.Add(sum(self.x[r, s] for s in riders) <= vehicle.seats)
        return riders

    def _route(self, r: int, vehicle: Vehicle, date: str, window: Window, riders: Mapping[str, Window],
               share: Mapping[str, int]) -> None:
        m, staff = self.m, self.inst.problem.staff
        start, end = m.NewIntVar(*window, f"S{r}"), m.NewIntVar(*window, f"E{r}")
        for s, (a, b) in riders.items():
            if a > window[0]:
                m.Add(start >= a).OnlyEnforceIf(self.x[r, s])
            if b < window[1]:
                m.Add(end <= b).OnlyEnforceIf(self.x[r, s])
        people = {s: staff[s].roles for s in riders}
        depot = self.inst.depot_of(vehicle)
        work, load = [], []
        for k, kind in enumerate(self.kinds):
            if (kind.home != vehicle.depot or (kind.pin and kind.pin != (vehicle.id, date))
                    or not covers(kind.roles, people) or not set(kind.required) <= set(riders)):
                continue
            reachable = [v for v in kind.visits if _reachable(self.inst, vehicle, date, window, v)]
            if not reachable:
                continue
            c = m.NewBoolVar(f"c{k}_{r}")
            n = self.n[k, r] = m.NewIntVar(0, len(reachable), f"n{k}_{r}")
            m.Add(n <= len(reachable) * c)
            self._covers(r, kind, people, c)
            minutes = round(statistics.fmean(v.duration for v in kind.visits)) + share[vehicle.depot]
            latest, earliest, trip = _reach(self.inst, reachable, depot)
            if latest < window[1]:
                m.Add(start <= latest).OnlyEnforceIf(c)
            if earliest > window[0]:
                m.Add(end >= earliest).OnlyEnforceIf(c)
            m.Add(end - start >= trip).OnlyEnforceIf(c)
            work.append(minutes * n)
            load.append(round(statistics.fmean(v.amount for v in kind.visits)) * n)
            self.objective.append(kind.value * n)
        lunch = self.inst.problem.lunch.minutes if self.inst.problem.lunch else 0
        m.Add(sum(work) + lunch + share["out:" + vehicle.depot] <= end - start)
        m.Add(sum(load) <= vehicle.capacity)

    def _covers(self, r: int, kind: _Kind, people: Mapping[str, frozenset[str]], c) -> None:
        for role, count in Counter(kind.roles).items():
            self.m.Add(sum(self.x[r, s] for s, roles in people.items() if role in roles) >= count * c)
        if len(set(kind.roles)) > 1:
            need = set(kind.roles)
            self.m.Add(sum(self.x[r, s] for s, roles in people.items() if roles & need) >= len(kind.roles) * c)
        for s in kind.required:
            self.m.AddImplication(c, self.x[r, s])

    def _once_a_day(self) -> None:
        by_day: dict[tuple[str, str], list] = defaultdict(list)
        for (r, s), var in self.x.items():
            by_day[self.routes[r][1], s].append(var)
        for group in by_day.values():
            if len(group) > 1:
                self.m.AddAtMostOne(group)

    def _demand(self) -> None:
        """No more visits of a kind than exist, per date and over the week."""
        per_day: dict[tuple[int, str], list] = defaultdict(list)
        per_kind: dict[int, list] = defaultdict(list)
        for (k, r), n in self.n.items():
            per_day[k, self.routes[r][1]].append(n)
            per_kind[k].append(n)
        for (k, date), ns in per_day.items():
            self.m.Add(sum(ns) <= self.kinds[k].by_date(date))
        for k, ns in per_kind.items():
            self.m.Add(sum(ns) <= len(self.kinds[k].visits))

    def _curators(self, visits) -> None:
        """A small reward for a curator riding on a date their families could be visited."""
        wanted = Counter((s, d) for v in visits for s in v.preferred_staff for d in v.dates)
        by_day: dict[tuple[str, str], list] = defaultdict(list)
        for (r, s), var in self.x.items():
            by_day[s, self.routes[r][1]].append(var)
        for key, count in wanted.items():
            self.objective.extend(count * var for var in by_day.get(key, ()))

    def solve(self, seconds: float, seed: int) -> dict[RouteKey, tuple[str, ...]]:
        solver = cp_model.CpSolver()
        solver.parameters.max_deterministic_time = max(0.1, seconds)  # the same crews on every run
        if not self.inst.problem.options.repeatable:  # repeatable runs stop on work alone, however slow
            solver.parameters.max_time_in_seconds = max(0.1, seconds)  # the search's time is worth more
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 0  # the LP relaxation slowed the first solutions tenfold
        solver.parameters.random_seed = seed
        status = solver.Solve(self.m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {key for key, var in self.x.items() if solver.Value(var)}
        else:
            chosen = self.start
        crews: dict[RouteKey, tuple[str, ...]] = {}
        for r, (vehicle, date, _) in enumerate(self.routes):
            riders = tuple(s for (k, s) in self.x if k == r and (k, s) in chosen)
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


def _reachable(inst: Instance, vehicle: Vehicle, date: str, window: Window, visit: Visit) -> bool:
    """Whether ``vehicle`` can serve ``visit`` alone on ``date``: a lower bound of the round trip.

    Out and back must fit the vehicle's drive limit, and the visit one of its
    windows inside the vehicle's hours. Counted as coverable regardless, a
    car that could never reach the family (a UAZ whose limit is short of the
    round trip) took the base's only lawyer, and the visit was left out.
    """
    if date not in visit.dates:
        return False
    depot = inst.depot_of(vehicle)
    out, back = inst.minutes(depot, visit.location), inst.minutes(visit.location, depot)
    if out + back > vehicle.max_drive_minutes:
        return False
    return any(max(a, window[0] + out) + visit.duration <= min(b, window[1] - back) for a, b in visit.time_windows)


def _reach(inst: Instance, visits: Sequence[Visit], depot) -> tuple[int, int, int]:
    """The latest departure, the earliest return and the shortest round trip that serve one of ``visits``."""
    latest, earliest, trip = -1, 10**9, 10**9
    for v in visits:
        out = inst.minutes(depot, v.location)
        back = inst.minutes(v.location, depot)
        trip = min(trip, out + v.duration + back)
        for a, b in v.time_windows:
            if b - a >= v.duration:
                latest = max(latest, b - v.duration - out)
                earliest = min(earliest, a + v.duration + back)
    return latest, earliest, trip


def _overlap(person: Staff, date: str, window: Window) -> Window | None:
    best = None
    for a, b in person.availability.get(date, ()):
        lo, hi = max(a, window[0]), min(b, window[1])
        if lo < hi and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    return best


def _travel_share(inst: Instance, visits: Sequence[Visit]) -> dict[str, int]:
    """Per depot: the mean hop between neighbouring visits and the typical trip out and back.

    ``share[depot]`` is added to each visit's time on site; ``share["out:" + depot]``
    is charged once per route (the drive to the area and back).
    """
    share = {}
    homes = {v.id: _home(inst, v) for v in visits}
    for depot_id, depot in inst.problem.depots.items():
        mine = [v for v in visits if homes[v.id] == depot_id]
        outs = sorted(inst.minutes(depot.location, v.location) for v in mine) or [0]
        hops = []
        for v in mine[:200]:
            near = [inst.minutes(v.location, w.location) for w in mine if w.id != v.id]
            hops.append(min(near, default=0))
        share[depot_id] = round(statistics.fmean(hops)) if hops else 0
        share["out:" + depot_id] = 2 * outs[len(outs) // 2]
    return share
