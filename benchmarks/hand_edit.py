"""Hand edits of an external week: the direct edit against the pin and re-plan, side by side.

    python -m benchmarks.hand_edit [--week M-102] [--edits 8] [--seconds 10]

The week (``/work/shared/bench/brigade``) is planned once; then each edit (a
served visit moved to another brigade-day of its dates, or removed) is made
both ways: ``retime.edited`` (only the routes it touches are timed again) and
``plan_week`` with the visit pinned or left out, the first plan as base and
the web's change penalty. Counted: other visits whose day, brigade or start
changed, routes changed, rules the validator finds broken, visits served.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import random
import time
from pathlib import Path

from planner.optimize.brigade import plan_week
from planner.services.retime import CannotPlace, HandEdit, edited, new_breaks

BENCH = Path("/work/shared/bench/brigade")
PENALTY = 100.0


def _where(answer: dict) -> dict[str, tuple]:
    return {s["visit"]: (r["vehicle"], r["date"], s["start"]) for r in answer["routes"] for s in r["stops"]}


def _edits(request: dict, answer: dict, count: int, rng: random.Random) -> list[HandEdit]:
    routes = {(r["vehicle"], r["date"]) for r in answer["routes"]}
    dates = {v["id"]: v.get("dates") or request["dates"] for v in request["visits"]}
    served = [(s["visit"], (r["vehicle"], r["date"])) for r in answer["routes"] for s in r["stops"]]
    edits = []
    for visit, here in rng.sample(served, len(served)):
        if len(edits) == count:
            break
        if len(edits) % 4 == 3:
            edits.append(HandEdit("remove", visit))
            continue
        targets = sorted(k for k in routes if k != here and k[1] in dates[visit])
        if targets:
            vehicle, date = rng.choice(targets)
            edits.append(HandEdit("move", visit, date, vehicle))
    return edits


def _replan(request: dict, base: dict, edit: HandEdit, seconds: float) -> dict:
    again = copy.deepcopy(request)
    if edit.action == "remove":
        again["visits"] = [v for v in again["visits"] if v["id"] != edit.visit]
    else:
        next(v for v in again["visits"] if v["id"] == edit.visit)["pinned"] = {"date": edit.date,
                                                                              "vehicle": edit.vehicle}
    again["options"] = dict(again.get("options", {}), time_limit=seconds, base_plan=base, change_penalty=PENALTY)
    return plan_week(again)


def _others(before: dict, after: dict, visit: str) -> int:
    old, new = _where(before), _where(after)
    return sum(1 for v, place in old.items() if v != visit and new.get(v) != place)


def _routes_changed(before: dict, after: dict) -> int:
    old = {(r["vehicle"], r["date"]): r for r in before["routes"]}
    new = {(r["vehicle"], r["date"]): r for r in after["routes"]}
    return sum(1 for k in set(old) | set(new) if old.get(k) != new.get(k))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="M-102")
    parser.add_argument("--edits", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with gzip.open(BENCH / f"{args.week}.json.gz", "rt") as handle:
        request = json.load(handle)
    request["options"] = dict(request.get("options", {}), time_limit=args.seconds * 2)
    base = plan_week(request)
    print(f"{args.week}: {len(request['visits'])} visits, base plan serves {base['summary']['served']}")
    print("| edit | direct: s | others moved | routes changed | rules broken | re-plan: s | others moved |"
          " routes changed | served (direct / re-plan) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for edit in _edits(request, base, args.edits, random.Random(0)):
        began = time.perf_counter()
        try:
            new_request, direct = edited(request, base, edit)
            broken = len(new_breaks((request, base), (new_request, direct)))
        except CannotPlace:
            direct, broken = None, "refused"
        direct_s = time.perf_counter() - began
        began = time.perf_counter()
        replanned = _replan(request, base, edit, args.seconds)
        replan_s = time.perf_counter() - began
        label = f"{edit.action} {edit.visit}" + (f" → {edit.vehicle} {edit.date}" if edit.action == "move" else "")
        d = (_others(base, direct, edit.visit), _routes_changed(base, direct), direct["summary"]["served"]) \
            if direct else ("–", "–", "–")
        print(f"| {label} | {direct_s:.1f} | {d[0]} | {d[1]} | {broken} | {replan_s:.1f} | "
              f"{_others(base, replanned, edit.visit)} | {_routes_changed(base, replanned)} | "
              f"{d[2]} / {replanned['summary']['served']} |")


if __name__ == "__main__":
    main()
