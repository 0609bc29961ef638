"""An independent check of a plan answer against its request, by the spec's rules.

It reads only the request (through ``spec``), the answer as JSON, and the
spec's travel model; it never looks at the solver's own bookkeeping, so the
tests can run every solver answer (and a peer solver's, converted) through it.
Each broken rule is one sentence naming the route, stop or visit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from planner.optimize.brigade.domain import Problem, Vehicle, Window
from planner.optimize.brigade.roles import covers
from planner.optimize.brigade.spec import clock, parse, parse_clock
from planner.optimize.errors import SpecError

REASONS = frozenset({
    "NO_STAFF_WITH_ROLE", "NO_VEHICLE", "TIME_WINDOW", "SHIFT_LENGTH", "DRIVE_LIMIT", "CAPACITY",
    "PINNED_CONFLICT", "OUTCOMPETED", "NO_DATE", "REQUIRED_STAFF", "NO_CAPACITY",
})


def validate_plan(request: Mapping, plan: Mapping) -> list[str]:
    """Every way ``plan`` breaks the rules of ``request``; empty when it is valid."""
    problem = parse(request)
    check = _Checker(problem)
    try:
        check.plan(plan)
    except (SpecError, KeyError, TypeError, ValueError) as exc:
        check.bad(f"malformed plan: {exc}")
    return check.violations


class _Checker:
    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.violations: list[str] = []
        self.served: Counter[str] = Counter()
        self.riding: set[tuple[str, str]] = set()
        self.totals = Counter()

    def bad(self, message: str) -> None:
        self.violations.append(message)

    def plan(self, plan: Mapping) -> None:
        seen_routes = set()
        for i, route in enumerate(plan["routes"]):
            key = (route["vehicle"], route["date"])
            if key in seen_routes:
                self.bad(f"routes[{i}]: second route of {key[0]} on {key[1]}")
            seen_routes.add(key)
            self.route(f"route {key[0]} {key[1]}", route)
        self.unassigned(plan["unassigned"])
        self.summary(plan["summary"])
        self.rebase(plan)

    def route(self, name: str, r: Mapping) -> None:
        vehicle = self.p.vehicles.get(r["vehicle"])
        date = r["date"]
        if vehicle is None or date not in self.p.dates:
            self.bad(f"{name}: unknown vehicle or date")
            return
        depart, back = parse_clock(r["depart"], "depart"), parse_clock(r["return"], "return")
        crew = list(r["crew"])
        self.crew(name, vehicle, date, crew, (depart, back))
        lunch = self.lunch(name, r.get("lunch"), depart, back)
        if "calls" in r:
            drive, meters, load = self.calls(name, vehicle, date, crew, r, depart, back, lunch)
        else:
            drive, meters, load = self.stops(name, vehicle, date, crew, r, depart, back, lunch)
        if not self.p.options.parallel_service:
            self.together(name, r["stops"])
        self.totals_of_route(name, vehicle, r, drive, meters, load)

    def stops(self, name, vehicle, date, crew, r, depart, back, lunch) -> tuple[int, int, int]:
        """A version-1 route: the crew drives from stop to stop."""
        place, prev_end, load, drive, meters = self.p.depots[vehicle.depot].location, depart, 0, 0, 0
        for visit, stop, start, end in self.visits(name, vehicle, date, crew, r, lunch):
            arrive = parse_clock(stop["arrive"], "arrive")
            self.leg(name, visit.id, place, visit.location, prev_end, arrive, lunch)
            if arrive > start:
                self.bad(f"{name}: no time to drive to {visit.id} (arrives {clock(arrive)} after its start)")
            drive += self.p.travel.minutes(place, visit.location)
            meters += self.p.travel.meters(place, visit.location)
            load += visit.amount
            place, prev_end = visit.location, end
        depot = self.p.depots[vehicle.depot].location
        self.leg(name, "the depot", place, depot, prev_end, back, lunch)
        return (drive + self.p.travel.minutes(place, depot), meters + self.p.travel.meters(place, depot), load)

    def visits(self, name, vehicle, date, crew, r, lunch):
        """The route's stops of known visits, each counted and checked on its own, with start and end."""
        for j, stop in enumerate(r["stops"]):
            visit = self.p.visits.get(stop["visit"])
            if visit is None:
                self.bad(f"{name} stop {j}: unknown visit {stop['visit']!r}")
                continue
            self.served[visit.id] += 1
            start, end = parse_clock(stop["start"], "start"), parse_clock(stop["end"], "end")
            if lunch and _overlap(lunch, (start, end)):
                self.bad(f"{name}: lunch overlaps the visit {visit.id}")
            self.stop(name, vehicle, date, crew, visit, stop, start, end)
            yield visit, stop, start, end

    def calls(self, name, vehicle, date, crew, r, depart, back, lunch) -> tuple[int, int, int]:
        """A route of calls (spec 1.1): the vehicle drives anchor to anchor, people walk inside a call."""
        calls = list(r["calls"])
        members: list[list[tuple]] = [[] for _ in calls]
        load = 0
        for visit, stop, start, end in self.visits(name, vehicle, date, crew, r, lunch):
            c = stop.get("call")
            if not isinstance(c, int) or isinstance(c, bool) or not 0 <= c < len(calls):
                self.bad(f"{name} visit {visit.id}: names no call of the route")
                continue
            members[c].append((visit, start, end, list(stop["staff"])))
            load += visit.amount
        place, prev, drive, meters = self.p.depots[vehicle.depot].location, depart, 0, 0
        for c, (call, stops) in enumerate(zip(calls, members)):
            arrive, leave = parse_clock(call["arrive"], "arrive"), parse_clock(call["depart"], "depart")
            if not stops:
                self.bad(f"{name} call {c}: has no visit")
                continue
            anchor = stops[0][0].location
            if len({v.site for v, *_ in stops}) > 1:
                self.bad(f"{name} call {c}: visits of more than one place")
            self.leg(name, f"call {c}", place, anchor, prev, arrive, lunch)
            if leave < arrive:
                self.bad(f"{name} call {c}: departs before it arrives")
            self.walks(f"{name} call {c}", stops, anchor, arrive, leave)
            drive += self.p.travel.minutes(place, anchor)
            meters += self.p.travel.meters(place, anchor)
            place, prev = anchor, leave
        depot = self.p.depots[vehicle.depot].location
        self.leg(name, "the depot", place, depot, prev, back, lunch)
        return (drive + self.p.travel.minutes(place, depot), meters + self.p.travel.meters(place, depot), load)

    def walks(self, name: str, stops: list[tuple], anchor, arrive: int, leave: int) -> None:
        """Each person's visits of a call: walked to from the anchor, apart, and back by the departure."""
        walk = self.p.options.walk_minutes
        by_person: dict[str, list[tuple]] = {}
        for visit, start, end, staff in stops:
            for person in staff:
                by_person.setdefault(person, []).append((start, end, visit))
        for person, items in by_person.items():
            items.sort(key=lambda x: (x[0], x[1]))
            at, free = anchor, arrive
            for start, end, visit in items:
                need = free + (walk if visit.location != at else 0)
                if start < free:
                    self.bad(f"{name}: {person} serves {visit.id} while still busy")
                elif start < need:
                    self.bad(f"{name}: {person} has no time to walk to {visit.id}")
                at, free = visit.location, end
            if free + (walk if at != anchor else 0) > leave:
                self.bad(f"{name}: {person} is not back at the vehicle by {clock(leave)}")

    def together(self, name: str, stops) -> None:
        """Without parallel service, no two stops of a route overlap in time."""
        spans = sorted((parse_clock(s["start"], "start"), parse_clock(s["end"], "end"), s["visit"]) for s in stops)
        for (_, end, a), (start, _, b) in zip(spans, spans[1:]):
            if start < end:
                self.bad(f"{name}: {a} and {b} overlap without parallel service")

    def leg(self, name: str, target: str, a, b, leave: int, arrive: int, lunch: Window | None) -> None:
        """The drive from ``a`` (left at ``leave``) to ``b`` fits before ``arrive``, lunch aside."""
        minutes = self.p.travel.minutes(a, b)
        if arrive - leave - _overlap(lunch, (leave, arrive)) < minutes:
            self.bad(f"{name}: no time to drive to {target} (leaves {clock(leave)}, needs {minutes} min)")

    def crew(self, name: str, vehicle: Vehicle, date: str, crew: list[str], span: Window) -> None:
        if len(set(crew)) != len(crew):
            self.bad(f"{name}: a person is twice in the crew")
        if len(crew) > vehicle.seats:
            self.bad(f"{name}: crew of {len(crew)} in {vehicle.seats} seats")
        if date in vehicle.crews and set(vehicle.crews[date]) != set(crew):
            self.bad(f"{name}: crew differs from the fixed crew {list(vehicle.crews[date])}")
        if not _inside(span, vehicle.availability.get(date, ())):
            self.bad(f"{name}: vehicle not available for the whole route")
        for sid in crew:
            person = self.p.staff.get(sid)
            if person is None:
                self.bad(f"{name}: unknown person {sid!r}")
                continue
            if (sid, date) in self.riding:
                self.bad(f"{name}: {sid} rides two routes on {date}")
            self.riding.add((sid, date))
            if person.depot != vehicle.depot:
                self.bad(f"{name}: {sid} belongs to depot {person.depot}")
            if not _inside(span, person.availability.get(date, ())):
                self.bad(f"{name}: {sid} not available for the whole route")

    def lunch(self, name: str, lunch, depart: int, back: int) -> Window | None:
        rule = self.p.lunch
        if rule is None or lunch is None:
            if rule is not None and depart <= rule.earliest and back >= rule.latest:
                self.bad(f"{name}: covers the lunch window but has no lunch")
            return None
        start, end = parse_clock(lunch["start"], "lunch.start"), parse_clock(lunch["end"], "lunch.end")
        if not rule.earliest <= start <= rule.latest or end - start != rule.minutes:
            self.bad(f"{name}: lunch {lunch['start']}-{lunch['end']} breaks the lunch rule")
        if start < depart or end > back:
            self.bad(f"{name}: lunch outside the route")
        return (start, end)

    def stop(self, name, vehicle, date, crew, visit, stop, start, end) -> None:
        where = f"{name} visit {visit.id}"
        staff = list(stop["staff"])
        if date not in visit.dates:
            self.bad(f"{where}: {date} is not one of its dates")
        if end - start != visit.duration:
            self.bad(f"{where}: lasts {end - start} min, needs {visit.duration}")
        if not _inside((start, end), visit.time_windows):
            self.bad(f"{where}: {stop['start']}-{stop['end']} outside its time windows")
        if len(set(staff)) != len(staff) or not set(staff) <= set(crew):
            self.bad(f"{where}: staff {staff} are not distinct members of the crew")
        people = {s: self.p.staff[s].roles for s in staff if s in self.p.staff}
        if not covers(visit.roles, people):
            self.bad(f"{where}: staff {staff} do not cover roles {list(visit.roles)}")
        if not set(visit.required_staff) <= set(staff):
            self.bad(f"{where}: required staff {list(visit.required_staff)} missing")
        pin = visit.pinned
        if pin and (pin.vehicle != vehicle.id or pin.date != date or pin.start not in (None, start)):
            self.bad(f"{where}: pinned to {pin.vehicle} {pin.date}, served elsewhere")

    def totals_of_route(self, name, vehicle: Vehicle, r, drive: int, meters: int, load: int) -> None:
        if r["drive_minutes"] != drive or r["meters"] != meters:
            self.bad(f"{name}: reports {r['drive_minutes']} min / {r['meters']} m, travel model gives {drive} / {meters}")
        if drive > vehicle.max_drive_minutes:
            self.bad(f"{name}: drives {drive} min, limit {vehicle.max_drive_minutes}")
        if load > vehicle.capacity:
            self.bad(f"{name}: load {load} over capacity {vehicle.capacity}")
        self.totals.update(meters=meters, drive=drive, routes=1)
        self.totals["cost"] += meters / 1000 * vehicle.cost_per_km + vehicle.fixed_cost

    def unassigned(self, items) -> None:
        left = Counter()
        for item in items:
            left[item["visit"]] += 1
            visit = self.p.visits.get(item["visit"])
            reasons = set(item["reasons"])
            if not reasons or not reasons <= REASONS:
                self.bad(f"unassigned {item['visit']}: reasons {sorted(reasons)} are not spec codes")
            if visit and visit.pinned and "PINNED_CONFLICT" not in reasons:
                self.bad(f"unassigned {visit.id}: pinned but no PINNED_CONFLICT")
        for vid in self.p.visits:
            if self.served[vid] + left[vid] != 1:
                self.bad(f"visit {vid}: served {self.served[vid]} times, unassigned {left[vid]} times")
        for vid in set(self.served) | set(left):
            if vid not in self.p.visits:
                self.bad(f"visit {vid}: not in the request")

    def summary(self, s: Mapping) -> None:
        served = [v for v in self.p.visits.values() if self.served[v.id]]
        expect = {"visits": len(self.p.visits), "served": len(served),
                  "priority_served": sum(v.priority for v in served),
                  "priority_total": sum(v.priority for v in self.p.visits.values()),
                  "meters": self.totals["meters"], "drive_minutes": self.totals["drive"]}
        for field, value in expect.items():
            if s.get(field) != value:
                self.bad(f"summary.{field} is {s.get(field)}, the plan gives {value}")
        if abs(s.get("cost", -1) - self.totals["cost"]) > 0.01 * (1 + self.totals["routes"]):
            self.bad(f"summary.cost is {s.get('cost')}, the plan gives {self.totals['cost']:.2f}")

    def rebase(self, plan: Mapping) -> None:
        base = self.p.options.base_plan
        if base is None:
            return
        now = {st["visit"]: (r["vehicle"], r["date"], parse_clock(st["start"], "start"))
               for r in plan["routes"] for st in r["stops"]}
        tol = self.p.options.shift_tolerance
        changed = set()
        for vid, old in base.stops.items():
            new = now.get(vid)
            if vid in self.p.visits and (new is None or new[:2] != (old.vehicle, old.date)
                                         or abs(new[2] - old.start) > tol):
                changed.add(vid)
            if self.p.visits.get(vid) and self.p.visits[vid].done and new != (old.vehicle, old.date, old.start):
                self.bad(f"visit {vid}: done, but not kept as it was")
        listed = {c["visit"] for c in plan.get("changes", [])}
        if listed != changed:
            self.bad(f"changes list {sorted(listed ^ changed)} wrongly")


def _inside(span: Window, windows) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in windows)


def _overlap(a: Window | None, b: Window) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) if a else 0
