"""The CP-SAT model of a term timetable (docs/timetable.md says it in words).

Each session chooses a date among its candidates (booleans), a start on the
grid and, through booleans, its venue and its people. Its time on the term's
minute axis feeds optional intervals, one per resource that may serve it, and a
NoOverlap per staff member, venue and family keeps everybody in one place at a
time. Weekly hours of people and venues are fixed "closed" blocks in a second
NoOverlap (camps ignore hours: they take whole days); busy blocks sit in the
first. Cadence is one clause per date ("if this session is on d, the one before
is on a date the cadence allows"). ``search`` solves the objective's levels.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.optimize.timetable import expeditions, slots
from planner.optimize.timetable.distances import family_metres
from planner.optimize.timetable.reasons import static_limit
from planner.optimize.timetable.domain import (
    DAY,
    Pin,
    Placement,
    Programme,
    TermRequest,
    Weekly,
)

CAMP_DAY_MINUTES = 8 * 60
"""Load counted for a camp day when balancing staff (a working day)."""


@dataclass
class SessionVars:
    """The decisions about one session (``n`` counts from 1)."""

    prog: Programme
    n: int
    placed: cp_model.IntVar
    start: cp_model.IntVar
    tod: cp_model.IntVar | int
    dates: dict[dt.date, cp_model.IntVar] = field(default_factory=dict)
    venues: dict[str, cp_model.IntVar] = field(default_factory=dict)
    roles: dict[tuple[str, str], cp_model.IntVar] = field(default_factory=dict)
    staff: dict[str, cp_model.IntVar] = field(default_factory=dict)
    preferred: cp_model.IntVar | None = None
    possible: bool = True
    travel_hm: dict[str, int] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)

    @property
    def length(self) -> int:
        return self.prog.days * DAY if self.prog.is_camp else self.prog.minutes


class TermModel:
    """Builds the model for a request; ``solve`` runs CP-SAT and decodes it."""

    def __init__(self, req: TermRequest) -> None:
        self.req = req
        self.m = cp_model.CpModel()
        self.sessions: list[SessionVars] = []
        self.metres = family_metres(req)
        for prog in req.programmes:
            self._programme(prog)
        self.moved = self._moved()
        self._resources()
        expeditions.constrain(self)
        self._objective()

    # --- sessions and their cadence ---------------------------------------

    def _programme(self, prog: Programme) -> None:
        req = self.req
        usable = slots.usable_dates(req, prog)
        pins = {p.n: p for p in req.pins if p.programme == prog.id}
        rank = slots.ranks(req, prog, usable + [p.date for p in pins.values()])
        grid = slots.start_grid(req, prog, usable)
        shared = _Shared(self.m, prog, grid)
        group = []
        limit = prog.sessions if pins else static_limit(req, prog)
        for i in range(prog.sessions):
            dates = self._candidates(prog, i, usable, rank, pins) if i < limit else []
            dates = expeditions.candidates(self, prog, i + 1, dates, grid)
            group.append(self._session(prog, i + 1, dates, grid, pins.get(i + 1), shared))
        for a, b in zip(group, group[1:]):
            self.m.add_implication(b.placed, a.placed)
            self._cadence(a, b, rank, pinned=a.n in pins or b.n in pins)
        self.sessions.extend(group)

    def _candidates(self, prog: Programme, i: int, usable: list[dt.date],
                    rank: dict[dt.date, int], pins: dict[int, Pin]) -> list[dt.date]:
        """Dates session ``i`` (from 0) may take; cadence trims the early ones."""
        pin = pins.get(i + 1)
        if pin is not None:
            return [pin.date] if slots.usable(self.req, prog, pin.date) else []
        if pins:
            return usable
        kind = prog.cadence.kind
        if kind in ("weekly", "monthly"):
            return [d for d in usable if rank[d] >= i * prog.cadence.k]
        if kind == "gap":
            return [d for d in usable if (d - usable[0]).days >= i * prog.cadence.min_gap]
        return usable[i:]

    def _session(self, prog: Programme, n: int, dates: list[dt.date], grid: list[int],
                 pin: Pin | None, shared: _Shared) -> SessionVars:
        m, name = self.m, f"{prog.id}#{n}"
        starts = [pin.start] if pin else grid
        # an unplaced session has day 0 (no date chosen): its start stays in the domain
        values = sorted({self._day(d) * DAY + t for d in dates for t in starts}
                        | set(starts) | {0})
        start = m.new_int_var_from_domain(cp_model.Domain.from_values(values), f"S{name}")
        tod = 0 if prog.is_camp else m.new_int_var_from_domain(
            cp_model.Domain.from_values(starts or [0]), f"t{name}")
        s = SessionVars(prog, n, m.new_bool_var(f"p{name}"), start, tod, starts=starts)
        s.dates = {d: m.new_bool_var(f"y{name}{d}") for d in dates}
        m.add(sum(s.dates.values()) == s.placed)
        m.add(start == DAY * self._day_expr(s) + tod)
        if not dates or not starts:
            s.possible = False
            m.add(s.placed == 0)
        if pin:
            m.add(s.placed == 1)
        self._venues(s, pin)
        self._staff(s, pin, starts, shared)
        if pin is None:  # a hand-placed session may leave the programme's slot and team
            shared.tie(s)
        self._preferred(s)
        return s

    def _cadence(self, a: SessionVars, b: SessionVars, rank: dict[dt.date, int],
                 pinned: bool) -> None:
        """If ``b`` takes a date, ``a`` (the session before) takes one the cadence allows.

        One clause per date of ``b``: strong propagation, and with the prefix rule
        it says exactly "consecutive placed sessions keep the cadence".
        """
        for d2, yb in b.dates.items():
            allowed = [ya for d1, ya in a.dates.items()
                       if self._follows(a.prog, d1, d2, rank, pinned)]
            self.m.add_bool_or([yb.Not(), *allowed])

    def _follows(self, prog: Programme, d1: dt.date, d2: dt.date, rank: dict,
                 pinned: bool) -> bool:
        """Whether a session on ``d2`` may directly follow one on ``d1``.

        Next to a hand-placed (pinned) session only the order and distinct
        periods are kept: the person who pinned it chose to break the rhythm.
        """
        gap = (d2 - d1).days
        kind = prog.cadence.kind
        if gap < max(prog.days, 1):
            return False
        if kind in ("weekly", "monthly"):
            if pinned:
                return slots.period(self.req, prog, d2) > slots.period(self.req, prog, d1)
            same_day = not prog.same_slot or d1.weekday() == d2.weekday()
            return same_day and rank[d2] - rank[d1] == prog.cadence.k
        if kind == "gap" and not pinned:
            return prog.cadence.min_gap <= gap <= prog.cadence.max_gap
        return True

    # --- resources of one session -----------------------------------------

    def _venues(self, s: SessionVars, pin: Pin | None) -> None:
        req, prog = self.req, s.prog
        if not slots.needs_venue(req, prog):
            return
        for venue in slots.venues(req, prog):
            if pin is not None and venue.id != pin.venue:
                continue
            s.venues[venue.id] = self.m.new_bool_var(f"w{prog.id}#{s.n}{venue.id}")
            s.travel_hm[venue.id] = round(self.metres[prog.id, venue.id] / 100)
        self.m.add(sum(s.venues.values()) == s.placed)

    def _staff(self, s: SessionVars, pin: Pin | None, starts: list[int],
               shared: _Shared) -> None:
        m, req, prog = self.m, self.req, s.prog
        candidates = [p for p in slots.pool(req, prog) if self._may_serve(p, s, starts)]
        if pin is not None:
            candidates = [p for p in candidates if p in pin.staff]
        by_person = defaultdict(list)
        for role, count in prog.role_counts().items():
            chosen = []
            for p in candidates:
                if role in req.staff[p].roles:
                    b = m.new_bool_var(f"b{prog.id}#{s.n}{role}{p}")
                    s.roles[role, p] = b
                    chosen.append(b)
                    by_person[p].append(b)
            m.add(sum(chosen) == count * s.placed)
        for p, lits in by_person.items():
            s.staff[p] = lits[0] if len(lits) == 1 else m.new_bool_var(f"u{prog.id}#{s.n}{p}")
            if len(lits) > 1:
                m.add(sum(lits) == s.staff[p])
            self._absences(s, p)

    def _may_serve(self, person: str, s: SessionVars, starts: list[int]) -> bool:
        """Cheap pruning: the person's weekly hours can hold the session some day."""
        if s.prog.is_camp:
            return True
        weekly = self.req.staff[person].weekly
        weekdays = {d.weekday() for d in s.dates}
        return any(slots.holds(weekly, wd, t, t + s.prog.minutes)
                   for wd in weekdays for t in starts)

    def _absences(self, s: SessionVars, person: str) -> None:
        absent = self.req.staff[person].absent
        span = max(s.prog.days, 1)
        for d, y in s.dates.items():
            if any(d + dt.timedelta(days=i) in absent for i in range(span)):
                self.m.add_bool_or([y.Not(), s.staff[person].Not()])

    def _preferred(self, s: SessionVars) -> None:
        pref = s.prog.preferred
        if not pref.stated:
            return
        s.preferred = pm = self.m.new_bool_var(f"pref{s.prog.id}#{s.n}")
        self.m.add_implication(pm, s.placed)
        if pref.weekdays:
            self.m.add(sum(y for d, y in s.dates.items() if d.weekday() in pref.weekdays) >= pm)
        if pref.start_between and not s.prog.is_camp:
            low, high = pref.start_between
            self.m.add(s.tod >= low).only_enforce_if(pm)
            self.m.add(s.tod <= high).only_enforce_if(pm)

    def _moved(self) -> list:
        """Literals "this session left its previous date or start" (re-solving)."""
        moved = []
        for s in self.sessions:
            before = self.req.previous.get((s.prog.id, s.n))
            if before is None or before[0] not in s.dates:
                continue
            stay = self.m.new_bool_var(f"stay{s.prog.id}#{s.n}")
            self.m.add_implication(stay, s.dates[before[0]])
            if not s.prog.is_camp:
                self.m.add(s.tod == before[1]).only_enforce_if(stay)
            moved.append(1 - stay)
        return moved

    # --- shared resources -----------------------------------------------------

    def _resources(self) -> None:
        """NoOverlap per staff member, venue and family."""
        m, req = self.m, self.req
        occupied = defaultdict(list)
        hours = defaultdict(list)
        for s in self.sessions:
            for kind, lits in (("staff", s.staff), ("venue", s.venues)):
                for key, lit in lits.items():
                    iv = m.new_optional_fixed_size_interval_var(s.start, s.length, lit, "")
                    occupied[kind, key].append(iv)
                    if not s.prog.is_camp:
                        hours[kind, key].append(iv)
            family_iv = m.new_optional_fixed_size_interval_var(s.start, s.length, s.placed, "")
            for f in s.prog.participants:
                occupied["family", f].append(family_iv)
        for person, blocks in self._busy_blocks().items():
            if ("staff", person) in occupied:
                occupied["staff", person].extend(
                    m.new_fixed_size_interval_var(a, b - a, "") for a, b in blocks)
        for (kind, key), ivs in hours.items():
            weekly = (req.staff[key] if kind == "staff" else req.venues[key]).weekly
            ivs.extend(m.new_fixed_size_interval_var(a, b - a, "") for a, b in self._closed(weekly))
        for ivs in list(occupied.values()) + list(hours.values()):
            if len(ivs) > 1:
                m.add_no_overlap(ivs)

    def _busy_blocks(self) -> dict[str, list[tuple[int, int]]]:
        """Each person's busy blocks on the term's minute axis, overlaps merged."""
        spans = defaultdict(list)
        for b in self.req.busy:
            if b.start < b.end and self.req.start <= b.date <= self.req.end:
                spans[b.staff].append((self._day(b.date) * DAY + b.start,
                                       self._day(b.date) * DAY + b.end))
        return {person: _merge(blocks) for person, blocks in spans.items()}

    def _closed(self, weekly: Weekly) -> list[tuple[int, int]]:
        """The term's minutes outside ``weekly`` hours, merged into blocks."""
        if weekly is None:
            return []
        blocks: list[list[int]] = []
        for i, day in enumerate(self.req.days()):
            cursor = i * DAY
            for a, b in sorted(weekly.get(day.weekday(), ())) + [(DAY, DAY)]:
                if i * DAY + a > cursor:
                    if blocks and blocks[-1][1] == cursor:
                        blocks[-1][1] = i * DAY + a
                    else:
                        blocks.append([cursor, i * DAY + a])
                cursor = max(cursor, i * DAY + b)
        return [(a, b) for a, b in blocks]

    # --- objective ----------------------------------------------------------------

    def _objective(self) -> None:
        """The objective's levels: sessions placed, preferences met, then the rest.

        ``rest`` weighs travel over balance over (re-solving) stability so that
        each only breaks the ties of the one before; ``search`` solves the
        levels in order.
        """
        m = self.m
        load = defaultdict(list)
        load_ub = 0
        for s in self.sessions:
            units = s.prog.days * CAMP_DAY_MINUTES // 30 if s.prog.is_camp else -(-s.length // 30)
            load_ub += units
            for p, u in s.staff.items():
                load[p].append(units * u)
        roles = defaultdict(list)
        for p, terms in load.items():
            for role in self.req.staff[p].roles:
                roles[role].append(sum(terms))
        balance = []
        for role, loads in roles.items():
            peak = m.new_int_var(0, load_ub, f"peak-{role}")
            for expr in loads:
                m.add(peak >= expr)
            balance.append(peak)
        travel = sum(hm * s.venues[v] for s in self.sessions for v, hm in s.travel_hm.items())
        w_balance = len(self.moved) + 1
        w_travel = w_balance * (len(balance) * load_ub + 1)
        self.travel = travel
        self.placed = sum(s.placed for s in self.sessions)
        self.prefs = [s.preferred for s in self.sessions if s.preferred is not None]
        self.preferred = sum(self.prefs)
        self.rest = w_travel * travel + w_balance * sum(balance) + sum(self.moved)

    # --- reading a solution ---------------------------------------------------------

    def decode(self, solver: cp_model.CpSolver, s: SessionVars) -> Placement:
        date = next(d for d, y in s.dates.items() if solver.value(y))
        venue = next((v for v, w in s.venues.items() if solver.value(w)), None)
        taken: list[str] = []
        for role in s.prog.roles:
            taken.append(next(p for (r, p), b in s.roles.items()
                              if r == role and p not in taken and solver.value(b)))
        preferred = None if s.preferred is None else bool(solver.value(s.preferred))
        start = 0 if s.prog.is_camp else solver.value(s.tod)
        return Placement(s.prog.id, s.n, date, start, venue, tuple(taken), preferred)

    # --- helpers -----------------------------------------------------------------------

    def _day(self, date: dt.date) -> int:
        return (date - self.req.start).days

    def _day_expr(self, s: SessionVars):
        return sum(self._day(d) * y for d, y in s.dates.items())


def _merge(blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(blocks):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


class _Shared:
    """Programme-wide choices: one weekday and start (same_slot), one team (same_staff)."""

    def __init__(self, m: cp_model.CpModel, prog: Programme, grid: list[int]) -> None:
        self.m, self.prog = m, prog
        self.weekday = {}
        self.time = None
        self.team: dict[tuple[str, str], cp_model.IntVar] = {}
        if prog.same_slot and not prog.is_camp:
            self.weekday = {k: m.new_bool_var(f"K{prog.id}{k}") for k in range(7)}
            m.add_exactly_one(self.weekday.values())
            self.time = m.new_int_var_from_domain(
                cp_model.Domain.from_values(grid or [0]), f"T{prog.id}")

    def tie(self, s: SessionVars) -> None:
        m = self.m
        if self.time is not None:
            for k, lit in self.weekday.items():
                m.add(sum(y for d, y in s.dates.items() if d.weekday() == k) <= lit)
            m.add(s.tod == self.time).only_enforce_if(s.placed)
        if self.prog.same_staff:
            for key, b in s.roles.items():
                if key not in self.team:
                    self.team[key] = m.new_bool_var(f"B{self.prog.id}{key}")
                m.add_implication(b, self.team[key])
            counts = self.prog.role_counts()
            for role, count in counts.items():
                m.add(sum(v for (r, _), v in self.team.items() if r == role) <= count)
