"""A scripted stand-in for ``plan_week``: tests of the job runner and the head's pages
need an answer of the spec's shape quickly and predictably, not a good plan."""

from __future__ import annotations

import threading


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def scripted_solver(request: dict, *, progress=None, should_stop=None) -> dict:
    """Serve visits in request order on the first vehicle, one route per date, 5 a day; pins honoured."""
    vehicle = request["vehicles"][0]["id"]
    crew = [member["id"] for member in request["staff"]]
    per_date: dict[str, list[dict]] = {date: [] for date in request["dates"]}
    unassigned = []
    for visit in request["visits"]:
        pinned = visit.get("pinned", {}).get("date")
        date = pinned or next((d for d in request["dates"] if len(per_date[d]) < 5), None)
        if date is None:
            unassigned.append({"visit": visit["id"], "reasons": ["OUTCOMPETED"], "detail": "week full"})
            continue
        start = 9 * 60 + 70 * len(per_date[date])
        per_date[date].append({"visit": visit["id"], "arrive": _clock(start - 10), "start": _clock(start),
                               "end": _clock(start + 60), "staff": crew[:1]})
    routes = [{"vehicle": vehicle, "date": date, "crew": crew, "depart": "08:30", "return": "16:00",
               "meters": 50000 * len(stops), "drive_minutes": 30 * len(stops), "stops": stops}
              for date, stops in per_date.items() if stops]
    served = sum(len(r["stops"]) for r in routes)
    answer = {"routes": routes, "unassigned": unassigned,
              "summary": {"visits": len(request["visits"]), "served": served, "priority_served": served,
                          "priority_total": len(request["visits"]), "meters": 0, "drive_minutes": 0,
                          "cost": 0.0, "solve_seconds": 0.0}}
    if progress:
        progress({"elapsed": 0.0, "served": served, "priority_served": served, "cost": 0.0, "plan": answer})
    return answer


class GatedSolver:
    """Waits until released (or stopped), so a test can look at a running job."""

    def __init__(self):
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, request, *, progress=None, should_stop=None):
        self.started.set()
        while not self.release.wait(0.05):
            if should_stop and should_stop():
                break
        return scripted_solver(request, progress=progress, should_stop=should_stop)


def failing_solver(request, *, progress=None, should_stop=None):
    raise RuntimeError("solver crashed")
