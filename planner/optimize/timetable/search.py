"""Solving the term model level by level, in the objective's order, in one time limit.

1. **Placed, then preferences met.** Every session the calendar allows
   (``reasons.static_limit``) is required, and the preferences met are
   maximised: CP-SAT finds a full timetable far sooner this way than by
   maximising the sessions placed from an empty one. Only if that fails are
   the sessions placed maximised, then the preferences.
2. **The rest**: travel, then staff balance, then (re-solving) stability,
   weighted so that each only breaks the ties of the one before.

Each level starts from the previous level's timetable (a complete hint) and,
once solved, is kept as a constraint. Each gets a share of the time left; a
level proven early leaves its time to the next. The gap of each level is
reported: CP-SAT's relative gap between what was found and its bound.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.optimize.timetable.domain import Placement
from planner.optimize.timetable.model import TermModel

SHARE = {"trips": 0.7, "first": 0.75, "placed": 0.4, "preferred": 0.6}
"""Most of the time left each step may use (the last level takes all that remains)."""

REST_GAP = 1e-4
"""Relative gap at which the last level stops: travel is known to a few hundred metres."""

FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


@dataclass
class Outcome:
    """What the search found: placements and the numbers the summary reports."""

    status: str
    placements: list[Placement]
    seconds: float
    travel_m: int = 0
    gaps: dict[str, float] = field(default_factory=dict)


def solve(tm: TermModel, progress=None) -> Outcome:
    """Run the levels; ``progress`` receives each improving solution with its level."""
    began = time.monotonic()
    limit = tm.req.options.time_limit

    def left(share: float = 1.0) -> float:
        return max(0.05, (limit - (time.monotonic() - began)) * share)

    if not tm.sessions:
        return Outcome("OPTIMAL", [], 0.0)
    gaps: dict[str, float | None] = {}
    most = len(tm.prefs)
    if tm.req.expeditions and len(tm.req.programmes) > 2 * len(tm.req.expeditions):
        most = _hint_trips(tm, left(SHARE["trips"]))
    solver, status = _everything_placed(tm, left(SHARE["first"]), gaps, progress, most)
    if status not in FOUND:
        solver, status = _level(tm, None, tm.placed, True, left(SHARE["placed"]), "placed",
                                gaps, progress)
        if status not in FOUND:
            name = "INFEASIBLE" if status == cp_model.INFEASIBLE else "UNKNOWN"
            return Outcome(name, [], time.monotonic() - began, gaps=gaps)
        if tm.prefs:
            solver, status = _level(tm, solver, tm.preferred, True, left(SHARE["preferred"]),
                                    "preferred", gaps, progress)
    proven = all(g == 0.0 for g in gaps.values())
    solver, status = _level(tm, solver, tm.rest, False, left(), "travel", gaps, progress,
                            max(REST_GAP, tm.req.options.relative_gap))
    proven &= status == cp_model.OPTIMAL
    placements = [tm.decode(solver, s) for s in tm.sessions if solver.value(s.placed)]
    return Outcome("OPTIMAL" if proven else "FEASIBLE", placements, time.monotonic() - began,
                   100 * int(solver.value(tm.travel)), gaps)


def _hint_trips(tm: TermModel, seconds: float) -> int:
    """Start the search from the expeditions timetabled alone, then the rest around them.

    A series of weekly trips in turn, each with its meeting days before it, is a
    long tight chain. Timetabled alone it takes a fraction of a second; the
    term with those trips held fixed is then as easy as one without them. That
    timetable is the first level's hint, with every preference met if CP-SAT
    finds that (a feasibility question: forcing the preferences prunes most
    dates at once): first around the trips as they were placed alone, then,
    when those trips stand in a preference's way (around the demo's four
    district series nothing was found in time, with the trips free all of
    them in seconds), in the whole term with the trips free and hinted; else with the most preferences it
    finds around the trips in the time left; failing all, the trips alone are
    the hint. When the whole term is proven unable to meet every preference,
    a timetable one short of all is sought the same two ways before that,
    and that bound is returned (else the number of preferences): the first
    level stops once it holds that many, proven by the infeasible question,
    instead of spending its time on a proof CP-SAT does not find from the
    model (on the demo's term, New Year and May days closed, 95 of 96: the
    search around the trips took all its time and the first level, left 6 s,
    ended 1-4 % short under load). Found inside the whole term at once, the first timetable came
    late, and from a hint meeting no preference the preferences level was
    left tens of percent from proven in 30 s on a loaded machine
    (docs/expeditions.md).
    """
    began = time.monotonic()
    most = len(tm.prefs)
    ids = {e.id for e in tm.req.expeditions} | {e.meeting_id for e in tm.req.expeditions}
    alone = dataclasses.replace(
        tm.req, programmes=tuple(p for p in tm.req.programmes if p.id in ids),
        pins=tuple(p for p in tm.req.pins if p.programme in ids),
        options=dataclasses.replace(tm.req.options, time_limit=seconds / 2))
    sub = TermModel(alone)
    solver, status = _everything_placed(sub, seconds / 2, {}, None, len(sub.prefs))
    if status not in FOUND:
        return most
    found = {(s.prog.id, s.n): s for s in sub.sessions}
    fixed = []
    for s in tm.sessions:
        twin = found.get((s.prog.id, s.n))
        if twin is None:
            continue
        for group, other in ((s.dates, twin.dates), (s.venues, twin.venues),
                             (s.roles, twin.roles)):
            fixed += [(var, solver.value(other[key]) if key in other else 0)
                      for key, var in group.items()]
        fixed.append((s.placed, solver.value(twin.placed)))
        if not isinstance(s.tod, int):
            fixed.append((s.tod, solver.value(twin.tod)))
    found_keys = set(found)

    def left() -> float:
        return seconds - (time.monotonic() - began)

    around, status = _every_preference(tm, _around(tm, fixed, found_keys), left() / 4, most)
    if status not in FOUND and tm.prefs:
        around, status = _every_preference(tm, _whole(tm, fixed), left() * 3 / 4, most)
        if status == cp_model.INFEASIBLE:  # proven: at most one short of every preference
            most -= 1
            around, status = _every_preference(tm, _around(tm, fixed, found_keys), left() * 2 / 3, most)
            if status not in FOUND:
                around, status = _every_preference(tm, _whole(tm, fixed), left(), most)
    if status not in FOUND and tm.prefs:
        trial = _around(tm, fixed, found_keys)
        trial.maximize(tm.preferred)
        around, status = _run(tm, trial, left(), None, "trips")
    if status in FOUND:
        _hint(tm.m, around)
        return most
    for var, value in fixed:
        tm.m.add_hint(var, value)
    return most


def _whole(tm: TermModel, fixed: list) -> cp_model.CpModel:
    """The whole term with every possible session placed, the trips free and hinted."""
    whole = _around(tm, [], set())
    for var, value in fixed:
        whole.add_hint(var, value)
    return whole


def _around(tm: TermModel, fixed: list, kept: set) -> cp_model.CpModel:
    """A copy of the model with ``fixed`` values held and every other possible session placed."""
    trial = tm.m.clone()
    for var, value in fixed:
        trial.add(var == value)
    for s in tm.sessions:
        if s.possible and (s.prog.id, s.n) not in kept:
            trial.add(s.placed == 1)
    return trial


def _every_preference(tm: TermModel, model: cp_model.CpModel, seconds: float, most: int):
    """``model`` with ``most`` preferences met (all: each one forced), if CP-SAT finds it in ``seconds``."""
    if not tm.prefs:
        return _run(tm, model, seconds, None, "trips")
    trial = model.clone()
    if most == len(tm.prefs):
        for pref in tm.prefs:
            trial.add(pref == 1)
    else:
        trial.add(tm.preferred >= most)
    return _run(tm, trial, seconds, None, "every preference")


def _everything_placed(tm: TermModel, seconds: float, gaps: dict, progress, most: int):
    """Every session the calendar allows, placed, with the most preferences met (if any).

    ``most``: how many preferences can be met at most (proven before); the
    search stops once it meets that many, and that level's gap is then 0.
    """
    possible = [s.placed for s in tm.sessions if s.possible]
    trial = tm.m.clone()
    for var in possible:
        trial.add(var == 1)
    if tm.prefs:
        trial.add(tm.preferred <= most)
        trial.maximize(tm.preferred)  # a clone shares the variables' indices
    solver, status = _run(tm, trial, seconds, progress, "placed", target=most if tm.prefs else None)
    if status not in FOUND:
        return solver, status
    for var in possible:
        tm.m.add(var == 1)
    gaps["placed"] = 0.0
    if tm.prefs:
        met = round(solver.objective_value)
        gaps["preferred"] = 0.0 if met >= most else _gap(solver)
        tm.m.add(tm.preferred >= met)
        tm.m.add(tm.preferred <= most)
    _hint(tm.m, solver)
    return solver, status


def _level(tm: TermModel, previous, expr, maximise: bool, seconds: float, name: str,
           gaps: dict, progress, gap_limit: float | None = None):
    """Optimise ``expr`` from the previous solution, then keep its value for the levels after.

    Returns the solver holding the best solution so far and the level's status.
    """
    m = tm.m
    if maximise:
        m.maximize(expr)
    else:
        m.minimize(expr)
    solver, status = _run(tm, m, seconds, progress, name, gap_limit)
    if status not in FOUND:
        gaps[name] = None
        return (previous, cp_model.FEASIBLE) if previous is not None else (None, status)
    value = round(solver.objective_value)
    gaps[name] = _gap(solver)
    m.add(expr >= value if maximise else expr <= value)
    _hint(m, solver)
    return solver, status


def _gap(solver: cp_model.CpSolver) -> float:
    return round(abs(solver.objective_value - solver.best_objective_bound)
                 / max(1.0, abs(solver.objective_value)), 6)


def _hint(m: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    m.clear_hints()
    for i in range(len(m.proto.variables)):
        var = m.get_int_var_from_proto_index(i)
        m.add_hint(var, solver.value(var))


def _run(tm: TermModel, model: cp_model.CpModel, seconds: float, progress, phase: str,
         gap_limit: float | None = None, target: int | None = None):
    """Solve ``model``; with ``target``, stop at the first solution whose objective reaches it."""
    opts = tm.req.options
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = opts.workers
    solver.parameters.random_seed = opts.seed
    solver.parameters.relative_gap_limit = opts.relative_gap if gap_limit is None else gap_limit
    solver.parameters.cp_model_probing_level = 0
    watch = _Progress(progress, phase, target) if progress or target is not None else None
    status = solver.solve(model, watch)
    return solver, status


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution to the caller's ``progress`` callable; stops the
    search once the objective reaches ``target`` (a bound proven elsewhere)."""

    def __init__(self, progress, phase: str, target: int | None = None) -> None:
        super().__init__()
        self.progress, self.phase, self.target = progress, phase, target
        self.count = 0

    def on_solution_callback(self) -> None:
        self.count += 1
        if self.target is not None and self.objective_value >= self.target:
            self.stop_search()
        if self.progress is None:
            return
        self.progress({"level": self.phase, "solutions": self.count,
                       "objective": self.objective_value, "bound": self.best_objective_bound,
                       "seconds": self.wall_time})
