"""The Timetable answer of spec section 2, built from the solver's outcome."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from planner.optimize.timetable import search
from planner.optimize.timetable.expeditions import reception_of
from planner.optimize.timetable.domain import Placement, Programme, TermRequest
from planner.optimize.timetable.model import TermModel
from planner.optimize.timetable.reasons import explain
from planner.optimize.timetable.search import Outcome

ALONE_SECONDS = 3.0
"""Most time the "would it fit alone" check takes, per programme with unplaced sessions
(a tenth of the request's time limit, but at least a second)."""


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


def _session(req: TermRequest, prog: Programme, p: Placement) -> dict:
    return {**session_json(prog, p), **trip_fields(req, prog, p)}


def trip_fields(req: TermRequest, prog: Programme, p: Placement) -> dict:
    """What a trip adds (district, vehicle, reception hours) and a meeting (its trip)."""
    for exp in req.expeditions:
        if prog.id == exp.id:
            found = reception_of(req, exp, p.n, p.date, p.start, p.start + prog.minutes)
            reception = None if found is None else {
                "venue": found["venue"], "start": clock(found["window"][0]),
                "end": clock(found["window"][1])}
            return {"expedition": exp.id, "district": exp.district(p.n),
                    "vehicle": exp.vehicle, "reception": reception}
        if prog.id == exp.meeting_id:
            return {"expedition": exp.id, "before_trip": p.n}
    return {}


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
            reasons, detail = explain(req, prog, placed[prog.id], infeasible and prog.id in pinned,
                                      lambda p: _fits_alone(req, p))
            unplaced.append({"programme": prog.id, "missing": missing,
                             "reasons": reasons, "detail": detail})
    stated = [p for p in outcome.placements if p.preferred is not None]
    total = sum(p.sessions for p in req.programmes)
    return {
        "sessions": [_session(req, progs[p.programme], p) for p in order],
        "unplaced": unplaced,
        "summary": {
            "sessions": total, "placed": len(outcome.placements),
            "preferred_met": sum(1 for p in stated if p.preferred),
            "preferred_total": sum(p.sessions for p in req.programmes if p.preferred.stated),
            "travel_km": round(outcome.travel_m / 1000, 1),
            "status": outcome.status, "gap": _gap(outcome), "gaps": outcome.gaps,
            "solve_seconds": round(outcome.seconds, 2),
        },
    }


def _gap(outcome: Outcome) -> float | None:
    """The worst level's relative gap to CP-SAT's bound (0 when all are proven)."""
    if outcome.status == "OPTIMAL":
        return 0.0
    known = [g for g in outcome.gaps.values() if g is not None]
    return max(known) if known and None not in outcome.gaps.values() else None


def _fits_alone(req: TermRequest, prog: Programme) -> int:
    """How many of ``prog``'s sessions fit with no other programme (reasons' last check)."""
    seconds = min(ALONE_SECONDS, max(1.0, req.options.time_limit / 10))
    options = dataclasses.replace(req.options, time_limit=seconds)
    alone = dataclasses.replace(req, programmes=(prog,), options=options,
                                pins=tuple(p for p in req.pins if p.programme == prog.id))
    return len(search.solve(TermModel(alone)).placements)
