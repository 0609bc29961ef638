"""How far participants travel to a venue: the travel term of the objective.

Distances come from the shared travel model (``planner.optimize.travel``): the
request's ``matrix`` when it gives one, else road metres (geodesic × detour).
"""

from __future__ import annotations

from planner.optimize.timetable.domain import TermRequest


def family_metres(req: TermRequest) -> dict[tuple[str, str], int]:
    """Σ of each programme's families' road metres (one way) to each venue; online: 0."""
    places = [v for v in req.venues.values() if not v.online and v.location is not None]
    points = list(dict.fromkeys([f.location for f in req.families.values()]
                                + [v.location for v in places]))
    table = req.travel.matrix(points) if points else None
    out = {}
    for prog in req.programmes:
        for venue in req.venues.values():
            if venue in places:
                col = table.index(venue.location)
                out[prog.id, venue.id] = sum(
                    table.meters[table.index(req.families[f].location)][col]
                    for f in prog.participants)
            else:
                out[prog.id, venue.id] = 0
    return out
