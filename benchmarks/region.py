"""Region benchmark: 20 generated centres' weeks solved through the plan queue by 1 and by 2 workers.

    flock /tmp/bench.lock python -m benchmarks.region [--centres 20] [--time-limit 8] [--workers 1 2]

Each centre is a week of the brigade generator (``benchmarks.brigade.generate``)
sized like a small centre: 100-150 visits, 3 vehicles, 15 staff, one base. The
benchmark starts a redis-server of its own on a free loopback port, puts one
job per centre on the ``plans`` queue and starts N ``planner worker --burst``
processes; each job runs the optimiser through the same child-process relay
as a head's plan job (``solver_process.solve_in_child``) and re-checks the
answer with the independent validator. Wall time runs from the first enqueue
to the last answer. Each centre is one request, as the plan queue runs a
centre's job in a region's installation (the optimiser is centre-agnostic:
``run_job`` builds the request in the job's centre); the requests come from
the generator, not from 20 centres' rows in one database.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redis import Redis
from rq import Queue

from benchmarks.brigade import generate
from planner.optimize.brigade import validate_plan
from planner.services.job_queue import QUEUE
from planner.services.planning import GRACE_SECONDS, SOLVER
from planner.services.solver_process import solve_in_child

ROOT = Path(__file__).resolve().parents[1]


def centre(seed: int, time_limit: float) -> dict:
    """A small centre's week: the generator's M setting cut to 100-150 visits and 3 vehicles."""
    size = f"centre-{seed}"
    generate.SIZES[size] = dataclasses.replace(generate.SIZES["M"], visits=100 + (seed * 29) % 51, vehicles=3,
                                               staff=15, villages=35)
    return generate.instance(size, seed, time_limit)


def solve_centre(path: str) -> dict:
    """A queued job: solve one centre's week in a child process and validate the answer."""
    request = json.loads(Path(path).read_text())
    deadline = request["options"]["time_limit"] + GRACE_SECONDS
    answer = solve_in_child(SOLVER, request, deadline, lambda progress: True)
    summary = answer["summary"]
    return {"visits": len(request["visits"]), "served": summary["served"],
            "errors": len(validate_plan(request, answer))}


def _redis(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}/0"


def run(paths: list[Path], workers: int, redis_url: str, folder: Path) -> tuple[float, list[dict]]:
    """Enqueue every centre, let ``workers`` burst workers drain the queue; wall time and answers."""
    queue = Queue(QUEUE, connection=Redis.from_url(redis_url))
    began = time.monotonic()
    jobs = [queue.enqueue_call("benchmarks.region.solve_centre", args=(str(path),), timeout=600, result_ttl=3600) for path in paths]
    command = [sys.executable, "-m", "planner", "--database", f"sqlite:///{folder / 'unused.sqlite'}",
               "worker", "--redis", redis_url, "--burst"]
    pool = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(workers)]
    for process in pool:
        process.wait()
    wall = time.monotonic() - began
    return wall, [job.return_value(refresh=True) or {"visits": 0, "served": 0, "errors": 1} for job in jobs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="region-"))
    paths = []
    for seed in range(args.centres):
        path = folder / f"centre-{seed}.json"
        path.write_text(json.dumps(centre(seed, args.time_limit)))
        paths.append(path)
    server, redis_url = _redis(folder)
    try:
        results = {n: run(paths, n, redis_url, folder) for n in args.workers}
    finally:
        server.terminate()
        server.wait(10)
    first = results[args.workers[0]][0]
    print(f"{args.centres} centres, {args.time_limit:g} s per solve\n")
    print("| workers | wall s | vs 1 worker | visits | served | invalid plans |")
    print("|---|---|---|---|---|---|")
    for n, (wall, answers) in results.items():
        print(f"| {n} | {wall:.0f} | {wall / first:.2f} | {sum(a['visits'] for a in answers)} "
              f"| {sum(a['served'] for a in answers)} | {sum(1 for a in answers if a['errors'])} |")


if __name__ == "__main__":
    main()
