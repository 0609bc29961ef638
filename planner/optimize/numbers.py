"""What counts as a number in a request: a JSON number a float can hold.

JSON allows integers of any length; ``math.isfinite(10**400)`` raises
``OverflowError`` instead of answering, so a 401-digit number in a request
ended in a traceback instead of a ``SpecError`` naming its path.
"""

from __future__ import annotations

import math


def is_real(value) -> bool:
    """True for an int or float (not a bool) that is finite as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False
