"""The four external weeks with their fixed rosters: ``plan_week`` against VROOM.

    python -m benchmarks.brigade.external_vroom [--weeks S-101,M-102,M-103,L-104]
        [--dir ../shared/bench/brigade] [--time-limit SECONDS] [--repeatable]

Each week of ``../shared/bench/brigade/`` (made outside this project, see its
README) is solved as given: sequential (no ``parallel_service``), crews fixed
by ``vehicles[].crews``, at the time limit of the README's table unless
``--time-limit`` overrides it. VROOM gets the same time on one thread, like
ours. Every answer, ours and VROOM's, is checked by the independent
validator (pins included); the table names the engines behind each of our
plans (``summary.engine``) and counts the pinned and mandatory visits served.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

from benchmarks.brigade import tables
from benchmarks.brigade.vroom_peer import solve_vroom
from planner.optimize.brigade import plan_week, validate_plan

DEFAULT_DIR = Path(__file__).resolve().parents[3] / "shared" / "bench" / "brigade"
LIMITS = {"S-101": 10.0, "M-102": 30.0, "M-103": 30.0, "L-104": 120.0}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    rows = []
    for week in args.weeks.split(","):
        request = json.loads(gzip.open(args.dir / f"{week}.json.gz", "rt").read())
        limit = args.time_limit or LIMITS.get(week) or request["options"]["time_limit"]
        rows.append(run(week, request, limit, args.repeatable))
        print(_row(rows[-1]), file=sys.stderr, flush=True)
    print(_table(rows, args))
    return 0 if all(not v for r in rows for v in r["violations"].values()) else 1


def run(week: str, request: dict, limit: float, repeatable: bool = False) -> dict:
    """Ours and VROOM's plan of one week at ``limit`` seconds, with their checks."""
    ours_request = {**request, "options": {**request.get("options", {}), "time_limit": limit,
                                           "repeatable": repeatable}}
    row = {"week": week, "limit": limit, "visits": len(request["visits"]), "violations": {}}
    plans = {}
    for name, solve in (("ours", lambda: plan_week(ours_request)),
                        ("vroom", lambda: solve_vroom(request, limit, 1))):
        began = time.monotonic()
        plans[name] = plan = solve()
        row[name] = {**plan["summary"], "wall": time.monotonic() - began, **tables.musts(request, plan)}
        row["violations"][name] = validate_plan(request, plan)
    for name, plan in plans.items():
        row["violations"][name] += tables.broken_pins(request, plan, [p for n, p in plans.items() if n != name])
    return row


def _row(r: dict) -> str:
    o, v = r["ours"], r["vroom"]
    bad = sum(len(x) for x in r["violations"].values())
    return tables.row(r["week"], r["visits"], f"{r['limit']:.0f} s", tables.cell(o), o["engine"], tables.cell(v),
                      tables.ratio(o, v), tables.ratio(o, v, "cost"), tables.musts_cell(o), tables.musts_cell(v),
                      tables.validity(bad))


COLUMNS = ["week", "visits", "limit", "ours: served / priority / cost / wall", "ours: engines",
           "VROOM: served / priority / cost / wall", "priority ours/VROOM", "cost ours/VROOM",
           "ours: pinned, mandatory served", "VROOM: pinned, mandatory", "validator"]


def _table(rows: list[dict], args) -> str:
    mode = "repeatable (work-bounded)" if args.repeatable else "time-bounded"
    return tables.table(COLUMNS, [_row(r) for r in rows], f"ours {mode}; {{machine}}, VROOM on 1 thread; " + tables.PINS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.brigade.external_vroom",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", default=",".join(LIMITS), help="comma-separated week names")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder with the .json.gz weeks")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per solve (default: the README's, S 10, M 30, L 120)")
    parser.add_argument("--repeatable", action="store_true",
                        help="solve ours with options.repeatable (work-bounded)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
