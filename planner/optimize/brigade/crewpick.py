"""Crews judged by their routes: of several choices of crews, the one whose routes serve more.

An estimate of demand (``crews``' CP-SAT model) cannot tell which of two
choices of crews routes better; priority repair (``polish.repair``: greedy
insertion on the exact timetables, mandatory visits first, then best priority
first) can, in a second or two on an M week. Each choice is routed by it
from nothing, on the same budget, and the better (mandatory, then priority,
then cost, ``recreate.worth``) is kept; the routes themselves are left to
the search (VROOM's start routes better than this repair).

On the external weeks the crew model's crews routed below a plain roster
(M-103: 8,674 against 9,332 priority by repair; L-104 worse still), on the
small S-101 above it: neither choice wins everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence

from planner.optimize.brigade.domain import CrewedRoute, RouteKey, Visit
from planner.optimize.brigade.instance import Instance
from planner.optimize.brigade.polish import repair
from planner.optimize.brigade.recreate import worth

Crews = dict[RouteKey, tuple[str, ...]]
Routes = Callable[[Instance, Mapping[RouteKey, tuple[str, ...]]], dict[RouteKey, CrewedRoute]]


def best(inst: Instance, routes_of: Routes, given: Crews, choices: Sequence[Crews], visits: Sequence[Visit],
         seconds: float, repeatable: bool = False) -> Crews:
    """The crews: ``given`` plus the best of ``choices``, each routed by repair for its share of ``seconds``.

    In repeatable mode the first choice (CP-SAT's) is kept unrouted: a repair
    run to its end takes a sixth of L-104's limit, which that mode's work
    budget (``engines.portfolio``) does not count.
    """
    if repeatable:
        return {**given, **choices[0]}
    pool = {v.id: v for v in visits}
    found = None
    for choice in choices:
        crews = {**given, **choice}
        routes = routes_of(inst, crews)
        value = worth(inst, routes, repair(inst, routes, pool, {}, time.monotonic() + seconds / len(choices)))
        if found is None or value > found[0]:
            found = (value, crews)
    return found[1]
