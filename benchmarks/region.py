"""Region benchmark: 20 centres of one database, each week solved through the plan queue, by 1 and by 2 workers.

    flock /tmp/bench.lock python -m benchmarks.region [--centres 20] [--time-limit 8] [--workers 1 2] \\
        [--share 0.33] [--database URL]

One installation: a database (a new SQLite file, or ``--database``: an empty
PostgreSQL database, say) with ``--centres`` centres, each the demo region's
files (``data/``) imported into it as a centre of its own, so the codes repeat
and every row is kept apart by ``models/tenancy.py``. A region's centres are
smaller than the demo's Tula-like one and differ from each other: centre *n*
keeps a ``--share`` of the demo's families drawn with seed *n* (with their
enrolments, follow-ups, visit history and case rules), its staff, fleet and
settlements whole. For each centre a
head's plan job is started for the week after the demo's visit history, as
the head's «generate» does (``job_queue.jobs_for``: a ``plan_job`` row in the
centre and an RQ job on a redis-server of the benchmark's own, on a free
loopback port), and N ``planner worker --burst`` processes on that database
drain the queue: each builds the centre's request from its rows
(``run_job``), solves it in a child process and stores the plan. Wall time
runs from the first start to the last worker's exit; every stored plan is
then re-checked with the independent validator.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from planner.db import make_engine, session_factory, transaction, upgrade
from planner.models import Centre, Plan, PlanJob, tenancy
from planner.optimize.brigade import validate_plan
from planner.services.importing import import_files
from planner.services.job_queue import jobs_for
from planner.services.simulation import first_week_after_history

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data"


CASE_FILES = ("families.csv", "enrolments.csv", "follow_ups.csv", "visit_history.csv", "cadence_rules.csv")
"""The demo's files with a ``case_code`` column: what a centre of fewer families keeps of them."""


def centre_files(folder: Path, seed: int, share: float) -> Path:
    """The demo's files with ``share`` of its families (drawn with ``seed``), in a folder of their own."""
    folder.mkdir(parents=True)
    with open(DEMO / "families.csv", newline="", encoding="utf-8") as handle:
        cases = [row["case_code"] for row in csv.DictReader(handle)]
    kept = set(random.Random(seed).sample(cases, round(share * len(cases))))
    for source in DEMO.glob("*.csv"):
        if source.name not in CASE_FILES:
            shutil.copy(source, folder / source.name)
            continue
        with open(source, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            rows = [row for row in reader if not row["case_code"] or row["case_code"] in kept]
        with open(folder / source.name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, reader.fieldnames)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def installation(database_url: str, centres: int, share: float, folder: Path) -> tuple[list[int], str]:
    """``centres`` centres of ``share`` of the demo's families each; their ids and the week to plan."""
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = session_factory(engine)
    ids = []
    for n in range(centres):
        with transaction(sessions) as session:
            centre = Centre(code=f"centre-{n + 1:02d}", name=f"СРЦН № {n + 1}")
            session.add(centre)
            session.flush()
            ids.append(centre.id)
        with transaction(tenancy.scoped(sessions, ids[-1])) as session:
            import_files(session, [centre_files(folder / f"centre-{n + 1:02d}", n + 1, share)])
    with tenancy.scoped(sessions, ids[0])() as session:
        week = first_week_after_history(session)
    engine.dispose()
    return ids, week


def _redis(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", str(folder)],
                              stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}/0"


def run(database_url: str, ids: list[int], week: str, workers: int, redis_url: str,
        time_limit: float) -> tuple[float, list[dict]]:
    """Start every centre's plan job, let ``workers`` burst workers drain the queue; wall time and plans."""
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    began = time.monotonic()
    jobs = [jobs_for(tenancy.scoped(sessions, centre_id), redis_url).start(week, None, time_limit=time_limit).id
            for centre_id in ids]
    command = [sys.executable, "-m", "planner", "--database", database_url, "worker", "--redis", redis_url,
               "--burst"]
    pool = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(workers)]
    for process in pool:
        process.wait()
    wall = time.monotonic() - began
    with sessions() as session:
        answers = [_checked(session, session.get(PlanJob, job_id)) for job_id in jobs]
    engine.dispose()
    return wall, answers


def _checked(session, job: PlanJob) -> dict:
    """What the job stored: its visits, how many were served, whether the plan passes the validator."""
    plan = session.get(Plan, job.plan_id) if job.state == "done" and job.plan_id else None
    if plan is None:
        return {"visits": 0, "served": 0, "errors": 1, "state": job.state}
    return {"visits": len(plan.request["visits"]), "served": plan.result["summary"]["served"],
            "errors": len(validate_plan(plan.request, plan.result)), "state": job.state}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--share", type=float, default=0.33, help="share of the demo's families per centre")
    parser.add_argument("--database", help="SQLAlchemy URL of an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="region-"))
    database_url = args.database or f"sqlite:///{folder / 'region.sqlite'}"
    began = time.monotonic()
    ids, week = installation(database_url, args.centres, args.share, folder)
    built = time.monotonic() - began
    server, redis_url = _redis(folder)
    try:
        results = {n: run(database_url, ids, week, n, redis_url, args.time_limit) for n in args.workers}
    finally:
        server.terminate()
        server.wait(10)
    first = results[args.workers[0]][0]
    print(f"{args.centres} centres of {args.share:.0%} of the demo's families each in one database "
          f"(built in {built:.0f} s), "
          f"week {week}, {args.time_limit:g} s per solve\n")
    print("| workers | wall s | vs 1 worker | visits | served | invalid or failed plans |")
    print("|---|---|---|---|---|---|")
    for n, (wall, answers) in results.items():
        print(f"| {n} | {wall:.0f} | {wall / first:.2f} | {sum(a['visits'] for a in answers)} "
              f"| {sum(a['served'] for a in answers)} | {sum(1 for a in answers if a['errors'])} |")


if __name__ == "__main__":
    main()
