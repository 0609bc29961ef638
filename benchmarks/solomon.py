"""Solomon VRPTW benchmark: our routing core beside PyVRP and VROOM, same data, same time.

    python -m benchmarks.solomon --time-limit 5 [--dir ../shared/bench/solomon] [--out FILE.md]

``ours`` is the routing core as shipped (PyVRP on both workers, each answer
checked); ``ours-ortools`` the same core with ``engine="ortools"`` (the
OR-Tools recipes and ``recombine``), so one run shows what the engine gives.

Every answer is checked by ``planner.optimize.vrptw.check`` (recomputed from
the coordinates), and its distance (arcs truncated to one decimal) compared
with the best-known distance-only value of ``BKS.csv``. An infeasible answer
is reported as such and counts as missing in the means.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

from benchmarks.peers import pyvrp_routes, vroom_routes
from planner.commands.solomon_file import read_solomon
from planner.optimize.vrptw import check, solve

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "solomon"
SOLVERS = {
    "ours": lambda instance, seconds, seed: [list(r) for r in solve(instance, seconds, seed).routes],
    "ours-ortools": lambda instance, seconds, seed: [
        list(r) for r in solve(instance, seconds, seed, engine="ortools").routes],
    "pyvrp": lambda instance, seconds, seed: pyvrp_routes(instance, seconds, seed),
    "vroom": lambda instance, seconds, seed: vroom_routes(instance, seconds),
}


def best_known(folder: Path) -> dict[str, float]:
    """Distance-only best-known values in the DIMACS (truncated) convention."""
    with open(folder / "BKS.csv", newline="") as handle:
        return {row["instance"]: float(row["distance"]) for row in csv.DictReader(handle)
                if row["objective"] == "distance_only"
                and row["distance_convention"].startswith("dimacs_trunc1")}


def run(folder: Path, names: list[str], seconds: float, seed: int, solvers: list[str]) -> list[dict]:
    """One row per instance: per solver the checked distance, gap, routes and time."""
    bks = best_known(folder)
    rows = []
    for name in names:
        instance = read_solomon(folder / f"{name}.txt")
        row = {"instance": name, "bks": bks[name]}
        for solver in solvers:
            started = time.monotonic()
            routes = SOLVERS[solver](instance, seconds, seed)
            elapsed = time.monotonic() - started
            problems, distance = check(instance, routes)
            row[solver] = {"distance": distance, "routes": len(routes), "seconds": elapsed,
                           "feasible": not problems,
                           "gap": 100 * (distance - bks[name]) / bks[name] if not problems else None}
            if problems:
                print(f"{name} {solver}: INFEASIBLE: {problems[:3]}", file=sys.stderr)
        rows.append(row)
        print(_line(row, solvers), flush=True)
    return rows


def _line(row: dict, solvers: list[str]) -> str:
    cells = [row["instance"], f"{row['bks']:.1f}"]
    for solver in solvers:
        result = row[solver]
        gap = "INFEASIBLE" if result["gap"] is None else f"{result['gap']:.2f}%"
        cells.append(f"{result['distance']:.1f} ({result['routes']}) {gap} {result['seconds']:.1f}s")
    return "| " + " | ".join(cells) + " |"


def summary(rows: list[dict], solvers: list[str]) -> str:
    """Markdown: the per-instance table, then mean gap per class and overall."""
    header = "| instance | BKS | " + " | ".join(f"{s}: distance (routes) gap time" for s in solvers) + " |"
    lines = [header, "|" + "---|" * (2 + len(solvers))]
    lines += [_line(row, solvers) for row in rows]
    groups = {}
    for row in rows:
        groups.setdefault(_class(row["instance"]), []).append(row)
    groups["all"] = rows
    lines += ["", "| class | n | " + " | ".join(f"{s} mean gap" for s in solvers)
              + " | " + " | ".join(f"ours / {s}" for s in solvers if s != "ours") + " | worst ours |",
              "|" + "---|" * (3 + len(solvers) + len(solvers) - ("ours" in solvers))]
    for name, members in groups.items():
        means = {s: _mean_gap(members, s) for s in solvers}
        ratios = [_ratio(means.get("ours"), means[s]) for s in solvers if s != "ours"]
        worst = max((r["ours"]["gap"] for r in members if "ours" in r and r["ours"]["gap"] is not None),
                    default=None)
        lines.append(f"| {name} | {len(members)} | "
                     + " | ".join(_pct(means[s]) for s in solvers) + " | " + " | ".join(ratios)
                     + f" | {_pct(worst)} |")
    return "\n".join(lines)


def _class(name: str) -> str:
    return name.rstrip("0123456789") + name.lstrip("CR")[:1]


def _mean_gap(rows: list[dict], solver: str) -> float | None:
    gaps = [r[solver]["gap"] for r in rows if r[solver]["gap"] is not None]
    return statistics.fmean(gaps) if gaps and len(gaps) == len(rows) else None


def _ratio(ours: float | None, peer: float | None) -> str:
    if ours is None or peer is None:
        return "–"
    return f"{ours / peer:.2f}" if peer > 0 else ("1.00" if ours == 0 else "∞")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}%"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per instance and solver")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder with the .txt files and BKS.csv")
    parser.add_argument("--only", nargs="*", help="instance names (default: all in the folder)")
    parser.add_argument("--solvers", nargs="*", default=list(SOLVERS), choices=list(SOLVERS))
    parser.add_argument("--out", type=Path, help="also write the Markdown tables here")
    args = parser.parse_args(argv)
    names = args.only or sorted(p.stem for p in args.dir.glob("*.txt"))
    rows = run(args.dir, names, args.time_limit, args.seed, args.solvers)
    report = summary(rows, args.solvers)
    print()
    print(report)
    if args.out:
        args.out.write_text(report + "\n")


if __name__ == "__main__":
    main()
