"""Term timetable of group programmes (spec section 2), solved with CP-SAT.

``timetable_term(request)`` returns the spec's Timetable answer;
``validate_timetable(request, timetable)`` checks any timetable against its
request independently of the solver (an empty list means it keeps every rule).
"""

from __future__ import annotations

from collections.abc import Callable

from planner.optimize.timetable import answer, search
from planner.optimize.timetable.model import TermModel
from planner.optimize.timetable.spec import parse_request
from planner.optimize.timetable.validator import validate


def timetable_term(request: dict, *, progress: Callable[[dict], None] | None = None) -> dict:
    """Place every programme's sessions; raises ``SpecError`` for a malformed request.

    ``progress``, when given, receives ``{"level", "solutions", "objective",
    "bound", "seconds"}`` at each improving solution.
    """
    req = parse_request(request)
    return answer.build(req, search.solve(TermModel(req), progress))


def validate_timetable(request: dict, timetable: dict) -> list[str]:
    """Every broken rule of ``timetable`` as a sentence; ``SpecError`` for a bad request."""
    return validate(parse_request(request), timetable)


__all__ = ["timetable_term", "validate_timetable"]
