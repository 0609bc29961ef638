"""The spec's objective, in its order, as one integer for the routing library.

Levels, most important first: serve mandatory (and pinned, and already done)
visits; maximise served priority; avoid changes to the base plan; minimise
cost (km × cost_per_km + fixed cost per used route); match preferred staff.
Each level's weight exceeds the largest total the levels below can reach, so
the sum orders plans exactly as the spec does, as long as a week's cost stays
under one million roubles (cost is counted in hundredths of a rouble) and the
mandatory level fits in 64 bits (it always does unless hundreds of visits are
mandatory; then the mandatory weight is capped and still outweighs any
ten thousand priority points).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.optimize.brigade.domain import Problem, Visit

COST_SCALE = 100  # hundredths of a rouble
HEADROOM = 10**8  # above any week's cost, in cost units
LIMIT = 4 * 10**18  # what all the penalties together may reach in int64


@dataclass(frozen=True)
class Weights:
    """Integer weights of one problem (they depend on its size)."""

    priority: int
    mandatory: int
    change: int

    def drop(self, visit: Visit) -> int:
        """What leaving ``visit`` out costs."""
        must = visit.mandatory or visit.pinned is not None or visit.done
        return self.priority * visit.priority + (self.mandatory if must else 0)


def weights(problem: Problem) -> Weights:
    """Weights so that every level dominates all the levels below it."""
    base = problem.options.base_plan
    change = HEADROOM if base is not None and problem.options.change_penalty > 0 else 0
    priority = HEADROOM * (len(base.stops) + 1) if change else HEADROOM
    visits = problem.visits.values()
    musts = sum(1 for v in visits if v.mandatory or v.pinned or v.done) or 1
    mandatory = priority * (sum(v.priority for v in visits) + 1)
    return Weights(priority, min(mandatory, max(priority * 10**4, LIMIT // musts)), change)


def arc_cost(meters: int, cost_per_km: float) -> int:
    """Cost of driving ``meters`` in cost units."""
    return round(meters * cost_per_km * COST_SCALE / 1000)


def fixed_cost(amount: float) -> int:
    return round(amount * COST_SCALE)
