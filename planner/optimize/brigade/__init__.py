"""The weekly brigade optimiser (spec section 1): crews, routes and visit times.

``plan_week(request)`` answers a plan request with a plan; ``validate_plan``
checks any plan against its request, independently of the solver. See
``docs/optimizer.md`` for the model.
"""

from planner.optimize.brigade.solver import plan_week
from planner.optimize.brigade.validator import validate_plan

__all__ = ["plan_week", "validate_plan"]
