"""Scripted stand-ins for ``plan_week``: tests of the job runner and the head's pages
need an answer of the spec's shape quickly and predictably, not a good plan.
Jobs import them by ``module:function`` in the solver's child process."""

from __future__ import annotations

import os
import time


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def scripted_solver(request: dict, *, progress=None) -> dict:
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


def sleepy_solver(request: dict, *, progress=None) -> dict:
    """Reports a first plan, then works "forever" (until the job cancels or times out)."""
    scripted_solver(request, progress=progress)
    time.sleep(120)
    raise AssertionError("sleepy_solver should have been stopped")


def failing_solver(request, *, progress=None):
    raise RuntimeError("solver crashed")


def dying_solver(request, *, progress=None):
    os._exit(3)


SCRIPTED = "tests.services.planning_doubles:scripted_solver"
SLEEPY = "tests.services.planning_doubles:sleepy_solver"
FAILING = "tests.services.planning_doubles:failing_solver"
DYING = "tests.services.planning_doubles:dying_solver"
