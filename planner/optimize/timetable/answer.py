"""The Timetable answer of spec section 2, built from the solver's outcome."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from planner.optimize.timetable.domain import Placement, Programme, TermRequest
from planner.optimize.timetable.model import Outcome
from planner.optimize.timetable.reasons import explain


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def session_json(prog: Programme, p: Placement) -> dict:
    """One meeting; a camp spans whole days: 00:00 of ``date`` to 24:00 of ``end_date``."""
    out = {"programme": p.programme, "n": p.n, "date": p.date.isoformat(),
           "start": clock(p.start), "end": clock(p.start + prog.minutes),
           "venue": p.venue, "staff": list(p.staff)}
    if prog.is_camp:
        out.update(start="00:00", end="24:00", days=prog.days,
                   end_date=(p.date + dt.timedelta(days=prog.days - 1)).isoformat())
    return out


def build(req: TermRequest, outcome: Outcome) -> dict:
    """Sessions by date, every missing session in ``unplaced``, and the summary."""
    progs = {p.id: p for p in req.programmes}
    order = sorted(outcome.placements, key=lambda p: (p.date, p.start, p.programme, p.n))
    placed = Counter(p.programme for p in outcome.placements)
    pinned = {p.programme for p in req.pins}
    infeasible = outcome.status == "INFEASIBLE"
    unplaced = []
    for prog in req.programmes:
        missing = prog.sessions - placed[prog.id]
        if missing:
            reasons, detail = explain(req, prog, placed[prog.id], infeasible and prog.id in pinned)
            unplaced.append({"programme": prog.id, "missing": missing,
                             "reasons": reasons, "detail": detail})
    stated = [p for p in outcome.placements if p.preferred is not None]
    total = sum(p.sessions for p in req.programmes)
    return {
        "sessions": [session_json(progs[p.programme], p) for p in order],
        "unplaced": unplaced,
        "summary": {
            "sessions": total, "placed": len(outcome.placements),
            "preferred_met": sum(1 for p in stated if p.preferred),
            "preferred_total": sum(p.sessions for p in req.programmes if p.preferred.stated),
            "travel_km": round(outcome.travel_m / 1000, 1),
            "status": outcome.status, "objective": outcome.objective, "bound": outcome.bound,
            "gap": _gap(outcome), "solve_seconds": round(outcome.seconds, 2),
        },
    }


def _gap(outcome: Outcome) -> float | None:
    """CP-SAT's relative gap between the objective and its bound (0 when proven)."""
    if outcome.status == "OPTIMAL":
        return 0.0
    if outcome.status != "FEASIBLE":
        return None
    return round(abs(outcome.objective - outcome.bound) / max(1.0, abs(outcome.objective)), 6)
