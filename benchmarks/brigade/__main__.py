"""Run the brigade benchmark: ``python -m benchmarks.brigade [--sizes S,M,L] [--seed N] [--repeatable]``.

For each size, on the same generated week and at the same time limit:

(a) crews fixed (a coordinator's standing roster): our ``plan_week`` against
    VROOM, one VROOM vehicle per vehicle-day with its crew's roles as skills;
(b) crews free: our ``plan_week`` choosing crews, against our own fixed-crew plan.

With ``--repeatable`` ours run in ``options.repeatable`` (work-bounded) mode.
Every answer, ours and VROOM's, is checked by the independent validator
``planner.optimize.brigade.validate_plan``, and the fixed-crew plans' pinned
and mandatory visits served are counted: the validator lists a left-out pin
as a reason, not a violation, and VROOM, which sums priorities, may leave a
pin out for two visits worth more (the S week of seed 0). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.brigade import tables
from benchmarks.brigade.generate import instance, with_fixed_crews
from benchmarks.brigade.vroom_peer import solve_vroom
from planner.optimize.brigade import plan_week, validate_plan

LIMITS = {"S": 10.0, "M": 30.0, "L": 120.0}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    rows = []
    for size in args.sizes.split(","):
        limit = args.time_limit or LIMITS[size]
        rows.append(_run(size, args.seed, limit, args.vroom_threads, args.repeatable))
        print(_row(rows[-1]), file=sys.stderr, flush=True)
    print(_table(rows, args))
    return 0 if all(not r["violations"] for r in rows) else 1


def _run(size: str, seed: int, limit: float, threads: int, repeatable: bool) -> dict:
    free = instance(size, seed, limit)
    free["options"]["repeatable"] = repeatable
    fixed = with_fixed_crews(free)
    result = {"size": size, "seed": seed, "limit": limit, "visits": len(free["visits"]), "violations": {}}
    plans = {}
    for name, request, solve in (("ours_fixed", fixed, plan_week),
                                 ("vroom_fixed", fixed, lambda r: solve_vroom(r, limit, threads)),
                                 ("ours_free", free, plan_week)):
        began = time.monotonic()
        plans[name] = plan = solve(request)
        seconds = time.monotonic() - began
        result[name] = {**plan["summary"], "wall": seconds, **tables.musts(request, plan)}
        result["violations"][name] = validate_plan(request, plan)
    for name in ("ours_fixed", "vroom_fixed"):  # the same request, fixed crews
        other = plans["vroom_fixed" if name == "ours_fixed" else "ours_fixed"]
        result["violations"][name] += tables.broken_pins(fixed, plans[name], [other])
    return result


def _row(r: dict) -> str:
    of, vf, fr = r["ours_fixed"], r["vroom_fixed"], r["ours_free"]
    bad = sum(len(v) for v in r["violations"].values())
    return tables.row(r["size"], r["visits"], f"{r['limit']:.0f} s", tables.cell(of), tables.cell(vf),
                      tables.ratio(of, vf), tables.ratio(of, vf, "cost"), tables.musts_cell(of),
                      tables.musts_cell(vf), tables.cell(fr), tables.ratio(fr, of), tables.validity(bad))


COLUMNS = ["size", "visits", "limit", "(a) ours, fixed crews: served / priority / cost / wall",
           "(a) VROOM, fixed crews", "priority ours/VROOM", "cost ours/VROOM",
           "(a) ours: pinned, mandatory served", "(a) VROOM: pinned, mandatory", "(b) ours, free crews",
           "priority free/fixed", "validator"]


def _table(rows: list[dict], args) -> str:
    mode = "repeatable (work-bounded)" if args.repeatable else "time-bounded"
    return tables.table(COLUMNS, [_row(r) for r in rows],
                        f"seed {args.seed}, ours {mode}; {{machine}}, VROOM threads: {args.vroom_threads}; "
                        + tables.PINS)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.brigade", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (default S,M,L)")
    parser.add_argument("--seed", type=int, default=0, help="instance seed (default 0)")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per solve (default: S 10, M 30, L 120)")
    parser.add_argument("--vroom-threads", type=int, default=1,
                        help="VROOM threads (default 1, like ours)")
    parser.add_argument("--repeatable", action="store_true",
                        help="solve ours with options.repeatable (work-bounded)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
