"""The four external brigade weeks: ``python -m benchmarks.brigade.external [--weeks S-101,M-102]``.

Each week (``../shared/bench/brigade/``, read its README) is solved three ways
at the README's time limit, in one run:

- *fixed*: the week as given, its standing roster in ``vehicles[].crews``, sequential
  (a week without a roster, such as the demo week from ``--request``, has
  free crews here too);
- *free*: the roster removed, crews chosen by ``plan_week``, sequential;
- *roster start*: crews free with the roster as their start
  (``options.free_crews``: the roster stays in the request as one of the
  crews the planner may choose), sequential;
- *split*: crews free and ``options.parallel_service`` on (``walk_minutes`` 5).

Every answer is checked by ``validate_plan``. The table gives served visits,
priority and wall time per variant, the priority ratios free/fixed,
roster start/fixed and split/free, and the idle rider-days (a person riding a route and serving none
of its visits) of each variant.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import sys
import time
from pathlib import Path

from benchmarks.brigade import tables
from planner.optimize.brigade import plan_week, validate_plan

WEEKS = ("S-101", "M-102", "M-103", "L-104")
LIMITS = {"S": 10.0, "M": 30.0, "L": 120.0}


def variants(week: dict, limit: float) -> dict[str, dict]:
    """The fixed, free, roster-start and split requests of one week."""
    fixed = copy.deepcopy(week)
    fixed.setdefault("options", {}).update(time_limit=limit, parallel_service=False)
    free = copy.deepcopy(fixed)
    for vehicle in free["vehicles"]:
        vehicle.pop("crews", None)
    start = copy.deepcopy(fixed)
    start["options"].update(free_crews=True)
    split = copy.deepcopy(free)
    split["options"].update(parallel_service=True, walk_minutes=5)
    return {"fixed": fixed, "free": free, "roster": start, "split": split}


def idle(plan: dict) -> tuple[int, int]:
    """(idle rider-days, rider-days): riders of a route who serve none of its stops."""
    riders = sum(len(r["crew"]) for r in plan["routes"])
    busy = sum(len({p for s in r["stops"] for p in s["staff"]} & set(r["crew"])) for r in plan["routes"])
    return riders - busy, riders


def run(name: str, week: dict, limit: float) -> dict:
    result = {"week": name, "visits": len(week["visits"]), "limit": limit, "violations": 0}
    for kind, request in variants(week, limit).items():
        began = time.monotonic()
        plan = plan_week(request)
        wall = time.monotonic() - began
        result[kind] = {**plan["summary"], "wall": wall, "idle": idle(plan)}
        result["violations"] += len(validate_plan(request, plan))
    return result


def row(r: dict) -> str:
    fx, fr, ro, sp = r["fixed"], r["free"], r["roster"], r["split"]
    cells = [tables.cell(s, cost=False) for s in (fx, fr, ro, sp)]
    return tables.row(r["week"], r["visits"], f"{r['limit']:.0f} s", *cells, tables.ratio(fr, fx),
                      tables.ratio(ro, fx), tables.ratio(sp, fr), _idle(fx), _idle(fr), _idle(ro), _idle(sp),
                      tables.validity(r["violations"]))


def _idle(s: dict) -> str:
    n, of = s["idle"]
    return f"{n} of {of} ({100 * n / of:.0f} %)" if of else "0 of 0"


COLUMNS = ["week", "visits", "limit", "fixed roster, sequential: served / priority / wall",
           "free crews, sequential", "free crews from the roster, sequential", "free crews, split up",
           "priority free/fixed", "priority roster start/fixed", "priority split/free",
           "idle rider-days fixed", "idle free", "idle roster start", "idle split", "validator"]


def table(rows: list[dict]) -> str:
    return tables.table(COLUMNS, [row(r) for r in rows], "{machine}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.brigade.external",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", default=",".join(WEEKS), help="comma-separated week names")
    parser.add_argument("--dir", default="../shared/bench/brigade", help="folder of the week files")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per solve (default by size)")
    parser.add_argument("--request", action="append", default=[], type=Path,
                        help="another week's request (e.g. from `planner request`), solved at 30 s; repeatable")
    args = parser.parse_args(argv)
    weeks = [(name, Path(args.dir) / f"{name}.json.gz", LIMITS[name[0]]) for name in args.weeks.split(",") if name]
    weeks += [(path.stem, path, LIMITS["M"]) for path in args.request]
    rows = []
    for name, path, limit in weeks:
        with (gzip.open(path, "rt") if path.suffix == ".gz" else path.open()) as fh:
            week = json.load(fh)
        rows.append(run(name, week, args.time_limit or limit))
        print(row(rows[-1]), file=sys.stderr, flush=True)
    print(table(rows))
    return 0 if all(not r["violations"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
