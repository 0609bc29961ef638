"""A small week near Gvardeysky (Tula oblast) that tests bend to break one rule at a time."""

from __future__ import annotations

import copy

import pytest

DEPOT = [54.02, 37.01]
MON, TUE = "2026-12-07", "2026-12-08"
DAY = [["08:30", "18:30"]]

BASE = {
    "version": 1,
    "dates": [MON, TUE],
    "depots": [{"id": "gv", "location": DEPOT}],
    "staff": [
        {"id": "sw-1", "roles": ["social_worker"], "depot": "gv", "availability": {MON: DAY, TUE: DAY}},
        {"id": "sw-2", "roles": ["social_worker"], "depot": "gv", "availability": {MON: DAY, TUE: DAY}},
        {"id": "psy-1", "roles": ["psychologist"], "depot": "gv", "availability": {MON: DAY, TUE: DAY}},
        {"id": "narc-1", "roles": ["narcologist"], "agency": "crh", "depot": "gv",
         "availability": {TUE: [["09:00", "13:00"]]}},
    ],
    "vehicles": [
        {"id": "uaz-1", "depot": "gv", "seats": 3, "capacity": 10, "availability": {MON: DAY, TUE: DAY},
         "max_drive_minutes": 300, "cost_per_km": 1.0, "fixed_cost": 100},
        {"id": "gaz-2", "depot": "gv", "seats": 2, "capacity": 10, "availability": {MON: DAY, TUE: DAY},
         "max_drive_minutes": 300, "cost_per_km": 2.0},
    ],
    "visits": [
        {"id": f"v{i}", "location": [54.02 + 0.03 * (i % 4), 37.01 + 0.04 * (i // 4)], "duration": 45,
         "roles": ["social_worker"], "priority": 10 + i, "amount": 1}
        for i in range(8)
    ] + [
        {"id": "p1", "location": [54.10, 37.20], "duration": 60, "roles": ["social_worker", "psychologist"],
         "time_windows": [["10:00", "13:00"]], "priority": 60},
        {"id": "n1", "location": [54.12, 37.15], "duration": 60, "roles": ["narcologist", "social_worker"],
         "priority": 80},
    ],
    "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 45},
    "travel": {"speed_kmh": 45, "detour": 1.35},
    "options": {"time_limit": 1, "seed": 0, "repeatable": True},
}


@pytest.fixture()
def week():
    """A fresh deep copy of the small week."""
    return copy.deepcopy(BASE)


def visit(request: dict, vid: str) -> dict:
    return next(v for v in request["visits"] if v["id"] == vid)


def route_of(plan: dict, vid: str) -> dict | None:
    return next((r for r in plan["routes"] for s in r["stops"] if s["visit"] == vid), None)


def stop_of(plan: dict, vid: str) -> dict | None:
    return next((s for r in plan["routes"] for s in r["stops"] if s["visit"] == vid), None)


def reasons_of(plan: dict, vid: str) -> list[str]:
    return next((u["reasons"] for u in plan["unassigned"] if u["visit"] == vid), [])
