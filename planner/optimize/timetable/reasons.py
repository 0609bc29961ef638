"""Why a programme's sessions stayed unplaced: honest checks, cheapest first.

Static checks look at the programme alone and the calendar (no people with the
role, no venue large enough, too few usable weeks for the cadence, no common
hours, no run of free days for a camp); the model also uses them as upper
bounds. When none applies, the programme is timetabled alone: if that places
everything, the others took the time it needed (``OUTCOMPETED``); otherwise the
people's and venues' hours, absences and busy blocks leave too little
(``NO_COMMON_TIME``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from planner.optimize.timetable import slots
from planner.optimize.timetable.domain import Programme, TermRequest


def explain(req: TermRequest, prog: Programme, placed: int, pins_failed: bool,
            fits_alone: Callable[[Programme], int]) -> tuple[list[str], str]:
    """Reason codes and a sentence for a programme with ``placed`` < ``sessions``.

    ``fits_alone(prog)`` timetables the programme without the others and says
    how many of its sessions then fit.
    """
    if pins_failed:
        return ["PINNED_CONFLICT"], "a hand-placed session breaks a rule; nothing could be kept"
    found = static_reason(req, prog)
    if found:
        return [found[0]], found[1]
    fitted = fits_alone(prog)
    if fitted >= prog.sessions:
        return ["OUTCOMPETED"], (f"all {prog.sessions} fit alone; other programmes took the "
                                 f"people, venues or families' time ({placed} placed)")
    return ["NO_COMMON_TIME"], (f"even alone only {fitted} of {prog.sessions} fit the people's "
                                "and venues' hours, absences and busy blocks")


def static_reason(req: TermRequest, prog: Programme) -> tuple[str, str] | None:
    """The first calendar-only reason why some of the programme's sessions cannot be placed."""
    for check in (_roles, _venue, _dates, _hours, _cadence):
        found = check(req, prog)
        if found:
            return found
    return None


def static_limit(req: TermRequest, prog: Programme) -> int:
    """An upper bound on the sessions that can be placed, from the calendar alone."""
    reason = static_reason(req, prog)
    if reason is None:
        return prog.sessions
    if reason[0] == "CADENCE":
        return longest_chain(req, prog, slots.usable_dates(req, prog))
    return 0


def _span(prog: Programme) -> str:
    return f"{prog.earliest.isoformat()}..{prog.latest.isoformat()}"


def _roles(req: TermRequest, prog: Programme):
    people = [req.staff[s] for s in slots.pool(req, prog)]
    for role, count in prog.role_counts().items():
        have = sum(1 for p in people if role in p.roles)
        if have < count:
            return "NO_STAFF_WITH_ROLE", f"needs {count} {role}, the pool has {have}"
    return None


def _venue(req: TermRequest, prog: Programme):
    if slots.needs_venue(req, prog) and not slots.venues(req, prog):
        return "CAPACITY", f"no venue of the programme holds its {req.people(prog)} people"
    return None


def _dates(req: TermRequest, prog: Programme):
    if slots.usable_dates(req, prog):
        return None
    if not prog.is_camp:
        return "NO_USABLE_DATE", (f"no date in {_span(prog)} where the venue is open and "
                                  "the people with the roles are at work")
    free = dataclasses.replace(req, staff={k: dataclasses.replace(s, absent=frozenset())
                                           for k, s in req.staff.items()})
    if slots.usable_dates(free, prog):
        return "NO_STAFF_WITH_ROLE", (f"the roles {', '.join(prog.roles)} are not all free "
                                      f"{prog.days} consecutive days in {_span(prog)}")
    return "NO_CONSECUTIVE_DAYS", f"no {prog.days} consecutive open days in {_span(prog)}"


def _cadence(req: TermRequest, prog: Programme):
    dates = slots.usable_dates(req, prog)
    most = longest_chain(req, prog, dates)
    if most >= prog.sessions:
        return None
    return "CADENCE", (f"the cadence fits at most {most} of {prog.sessions} sessions "
                       f"on the usable dates of {_span(prog)}")


def longest_chain(req: TermRequest, prog: Programme, dates: list[dt.date]) -> int:
    """The most sessions the cadence allows on ``dates``, ignoring everything else."""
    if not dates:
        return 0
    kind = prog.cadence.kind
    if kind in ("weekly", "monthly"):
        return max(slots.ranks(req, prog, dates).values()) // prog.cadence.k + 1
    low, high = ((prog.cadence.min_gap, prog.cadence.max_gap) if kind == "gap"
                 else (max(prog.days, 1), 10**6))
    best: list[int] = []
    for i, d in enumerate(dates):
        reach = [best[j] for j in range(i) if low <= (d - dates[j]).days <= high]
        best.append(1 + max(reach, default=0))
    return max(best)


def _hours(req: TermRequest, prog: Programme):
    if prog.is_camp or slots.start_grid(req, prog, slots.usable_dates(req, prog)):
        return None
    return "TIME_WINDOW", (f"no {req.options.grid_minutes}-minute start where a venue and the "
                           f"people hold all {prog.minutes} minutes")
