"""How far participants travel to a venue: the travel term of the objective."""

from __future__ import annotations

from geopy.distance import geodesic

from planner.optimize.timetable.domain import Programme, TermRequest, Venue


def family_metres(req: TermRequest, prog: Programme, venue: Venue) -> int:
    """Σ of the participating families' distances to ``venue`` (one way); online: 0."""
    if venue.online or venue.location is None:
        return 0
    return round(sum(geodesic(req.families[f].location, venue.location).meters
                     for f in prog.participants))
