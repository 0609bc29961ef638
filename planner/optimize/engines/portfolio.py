"""The weekly plan's engine portfolio: VROOM around our search.

Measured on the four external weeks with their fixed rosters (docs/benchmarks.md,
"External brigade weeks"): our OR-Tools search alone reached 0.97–0.99 of
VROOM's priority at 1.02–1.16 × its cost. VROOM's local search moves several
visits between dates at once, which our block search rarely finds, while our
priority repair, ruin and recreate and cost descent on the exact timetables
find what VROOM leaves. So:

1. VROOM routes the week for ``VROOM_SHARE`` of the search time; its routes
   are adopted (re-timed exactly by ``schedule``, keeping what fits);
2. our search (``Search.build``, ``Search.improve``) continues from them;
3. VROOM re-routes the visits the plan serves, all of them wanted, for cost
   alone (``SETTLE_SHARE`` of the time), starting from the plan's routes
   (VROOM's initial routes); the result is adopted only if it serves the
   same and costs less, then the cost descent runs once more.

Every adoption goes through ``Search.adopt``, so a step that would make the
plan worse in the spec's order is refused. A re-plan starts from its base
plan instead (the change penalty is ours to price).

A week whose crews split up inside a place (``parallel_service``) gets VROOM's
start too: VROOM keeps a crew together, and such a route is also valid when
the crew splits up (``schedule`` times it as calls, or as a version-1 route),
so our search, which knows calls, starts from a plan of the plain week. Left
to our search alone, the split-up weeks served less than the sequential ones
(0.95–0.99 of their priority on the external weeks).

``repeatable`` weeks bound work instead of time: priority repair (greedy
insertion, mandatory then best priority first) until it finds no step, ruin
and recreate for a number of timetable evaluations that grows with the time
limit (``WORK_PER_SECOND``; a route of calls also counts the visits its timing
sends out, ``recreate.STEP_WORK``), then cost descent until it finds no step, then
crew moves for a number of left-out visits that grows with it too
(``MOVES_PER_SECOND``), from nothing or from the base plan, and no timed phase; the same request gives the
same plan on any machine. VROOM is left out of this mode: without
a timeout and on one thread it still gave two different answers in 30 runs
of the tests' small week on a loaded machine.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.polish import repair
from planner.optimize.brigade.recreate import ruin_recreate
from planner.optimize.brigade.tighten import tighten
from planner.optimize.engines import vroom_week

#: Shares of the search time for VROOM's start and for its cost-only settle.
VROOM_SHARE = 0.6
SETTLE_SHARE = 0.1
#: VROOM's exploration level (0–5) for the start: its highest on small weeks,
#: where it ends well inside its share (S-101: 1.3 s), a lower one on larger
#: weeks, where level 5 is still far from done at the time limit and level 2
#: ends or nearly ends (M-103: 13 s) and leaves our search time to work.
EXPLORATION = {"small": 5, "large": 2}
SMALL = 100  # visits
#: Ruin and recreate's work per second of the time limit in repeatable mode, in
#: ``recreate``'s units: the shared 2-core machine at load 5–9 did 61,000–74,000
#: a second on every size; L-104's repair and cost descent (not counted, they run
#: to their end) took another 50 s, so this stays inside the limit there.
WORK_PER_SECOND = 30_000
#: Left-out visits offered to crew moves per second of the time limit in repeatable mode.
MOVES_PER_SECOND = 1


@dataclass
class Engines:
    """Which engines shaped the plan, for ``summary.engine``."""

    used: list[str]

    def named(self, plan: dict) -> dict:
        plan["summary"]["engine"] = "+".join(self.used)
        return plan


def run(search, inst: Instance, routes: Mapping[RouteKey, CrewedRoute], visits: Sequence[Visit],
        deadline: float) -> Engines:
    """Search the week until ``deadline`` with the engines that suit it; say which shaped the plan."""
    problem = inst.problem
    if problem.options.base_plan is not None or not routes:
        return _ours(search, deadline)
    if problem.options.repeatable:
        return _polished(search, [])
    used = []
    ordered = [routes[k] for k in sorted(routes)]
    if _adopt(search, inst, ordered, list(visits), _seconds(VROOM_SHARE, deadline),
              exploration=EXPLORATION["small" if len(visits) <= SMALL else "large"]):
        used.append("vroom")
    settle_from = deadline - SETTLE_SHARE * max(0.0, deadline - time.monotonic())
    before = search.value(search.timed)
    search.build(settle_from)
    search.improve(settle_from)
    if search.value(search.timed) != before:
        used.append("ortools")
    served = [replace(search.visits[s.visit], priority=vroom_week.MUST) for t in search.timed.values() for s in t.stops]
    ordered = [search.routes[k] for k in sorted(search.routes)]  # crew moves may have changed crews
    if _adopt(search, inst, ordered, served, max(0.1, deadline - time.monotonic()) * 0.7, dict(search.timed)):
        used.append("vroom-settle")
        search.polish(deadline)
    return Engines(used or ["ortools"])


def _ours(search, deadline: float) -> Engines:
    if search.inst.problem.options.repeatable:
        return _polished(search, [])
    search.build(deadline)
    search.improve(deadline)
    return Engines(["ortools"])


def _polished(search, used: list[str]) -> Engines:
    """Priority repair, counted ruin and recreate, then cost descent: no clock involved.

    Ruin and recreate and the descent move visits, which a base plan's change
    penalty prices above cost, so with one only the repair runs.
    """
    before = search.value(search.timed)
    timed = repair(search.inst, search.routes, search.visits, search.timed, math.inf)
    if not search.w.change:
        work = round(WORK_PER_SECOND * search.inst.problem.options.time_limit)
        timed = ruin_recreate(search.inst, search.routes, search.visits, timed, search.rng, math.inf, work)
        timed = tighten(search.inst, search.routes, timed, math.inf)
    search.adopt({key: [s.visit for s in t.stops] for key, t in timed.items()})
    search.recrew(math.inf, moves=round(MOVES_PER_SECOND * search.inst.problem.options.time_limit))
    if search.value(search.timed) != before or not used:
        used.append("repair")
    return Engines(used)


def _adopt(search, inst: Instance, routes: list[CrewedRoute], visits: list[Visit], seconds: float | None,
           initial=None, exploration: int = 5) -> bool:
    """Offer VROOM's routes of ``visits`` (from ``initial`` timed routes) to the search; whether they helped."""
    if not visits:
        return False
    solution = vroom_week.solve(inst, routes, visits, seconds, exploration=int(exploration), initial=initial)
    if solution is None:
        return False
    before = search.value(search.timed)
    search.adopt(vroom_week.sequences(solution, routes, visits))
    return search.value(search.timed) > before


def _seconds(share: float, deadline: float) -> float:
    return share * max(0.0, deadline - time.monotonic())
