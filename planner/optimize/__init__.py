"""Pure optimisers: plain data in, plain data out; no Flask, no SQLAlchemy, no I/O.

The rest of the application calls them through one function per problem:

- ``plan_week(request: dict, ...) -> dict``: the weekly brigade plan
  (spec section 1), in ``planner.optimize.brigade``;
- ``timetable_term(request: dict, ...) -> dict``: the term timetable of group
  programmes (spec section 2), in ``planner.optimize.timetable``.

Both raise ``SpecError`` for a malformed request.
"""

from planner.optimize.errors import SpecError

__all__ = ["SpecError"]
