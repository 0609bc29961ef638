"""Serving benchmark: a staff feed, the plan page and the coverage map under gunicorn, against a baseline.

    planner --database sqlite:////tmp/bench/p.sqlite demo --no-serve --time-limit 20
    git archive BASELINE_COMMIT | tar -x -C /tmp/baseline
    flock /tmp/bench.lock python -m benchmarks.serving --database sqlite:////tmp/bench/p.sqlite \\
        --baseline /tmp/baseline [--seconds 10]

Both variants run on the same database, one after the other, under gunicorn
with 2 workers of 4 threads each on 127.0.0.1: this tree with the documented
command (``planner.web.gunicorn_conf``), the baseline tree with the same
worker counts and its own app factory. Debian's ``wrk`` drives the load,
bounded by ``--seconds`` per URL after an unmeasured warm-up of the same
load (each of the 8 worker threads' first request, the first render in each
worker), as a long-running server is; a Lua hook prints p50/p95/p99. The staff
feed is the one with the most published events; the 304 row sends its ETag
back. Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from sqlalchemy import func, select

from planner.db import make_engine, session_factory, transaction
from planner.models import Plan, PublishedEvent, Staff, User
from planner.services import tokens
from planner.services.users import create_user

PASSWORD = "bench-password-1"
WARM_SECONDS = 3
"""Load before each measured row, not counted: each worker's first render and connections."""
ACCOUNTS = {"bench-head": "head", "bench-coordinator": "coordinator"}
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.3f %.3f %.3f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def prepare(database_url: str) -> dict:
    """Bench accounts, a feed token of the busiest staff member, the published plan's id."""
    sessions = session_factory(make_engine(database_url))
    with transaction(sessions) as session:
        for name, role in ACCOUNTS.items():
            if session.scalar(select(User).where(User.username == name)) is None:
                create_user(session, name, PASSWORD, role)
        events = {s.code: 0 for s in session.scalars(select(Staff))}
        for audience in session.scalars(select(PublishedEvent.audience)):
            for code in audience:
                events[code] = events.get(code, 0) + 1
        busiest = max(events, key=events.get)
        staff = session.scalar(select(Staff).where(Staff.code == busiest))
        secret = tokens.issue(session, "staff", staff.id)
        plan = session.scalar(select(func.max(Plan.id)).where(Plan.status == "published"))
    return {"token": secret, "staff": busiest, "events": events[busiest], "plan": plan}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(tree: Path, database_url: str, current: bool):
    """gunicorn on a free loopback port serving ``tree``; yields its base URL."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(tree), PLANNER_DATABASE_URL=database_url,
               PLANNER_SECRET_KEY="b" * 64, PLANNER_BIND=f"127.0.0.1:{port}", PLANNER_WEB_WORKERS="2",
               PLANNER_WEB_THREADS="4")
    command = ([sys.executable, "-m", "gunicorn", "-c", "python:planner.web.gunicorn_conf", "planner.web.wsgi:app"]
               if current else [sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "4", "-k", "gthread",
                                "-b", f"127.0.0.1:{port}", "planner.web:create_app()"])
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(base + "/login", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(30)


def cookie(base: str, username: str) -> str:
    """The session cookie of a signed-in account (as a browser would get it)."""
    client = requests.Session()
    page = client.get(base + "/login", timeout=10).text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post(base + "/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf},
                timeout=10, allow_redirects=False)
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def wrk(url: str, clients: int, seconds: int, script: str, headers: dict[str, str]) -> dict:
    """One bounded wrk run: requests/s, p50/p95/p99 in ms, errors."""
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "5s", "-s", script, url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    count, duration, p50, p95, p99, errors = re.search(r"RESULT (.+)", output).group(1).split()
    return {"rps": int(count) / float(duration), "p50": float(p50), "p95": float(p95), "p99": float(p99),
            "errors": int(errors)}


def measure(tree: Path, current: bool, args, setup: dict) -> list[tuple[str, int, dict]]:
    rows = []
    with server(tree, args.database, current) as base:
        feed = f"{base}/feeds/{setup['token']}.ics"
        etag = requests.get(feed, timeout=30).headers["ETag"]
        head, coordinator = cookie(base, "bench-head"), cookie(base, "bench-coordinator")
        cases = [("staff feed", feed, 8, {}), ("staff feed, 304", feed, 8, {"If-None-Match": etag}),
                 ("plan page", f"{base}/head/plans/{setup['plan']}", 10, {"Cookie": head}),
                 ("coverage map", f"{base}/coordinator/map", 10, {"Cookie": coordinator})]
        for name, url, clients, headers in cases:
            requests.get(url, headers=headers, timeout=60)
            wrk(url, clients, WARM_SECONDS, args.script, headers)  # every worker and thread warm
            rows.append((name, clients, wrk(url, clients, args.seconds, args.script, headers)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="SQLAlchemy URL of a database with a published week")
    parser.add_argument("--baseline", type=Path, required=True, help="a source tree of the baseline commit")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    setup = prepare(args.database)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    args.script = script.name
    here = Path(__file__).resolve().parents[1]
    results = {"baseline": measure(args.baseline.resolve(), False, args, setup),
               "this tree": measure(here, True, args, setup)}
    print(f"staff feed of {setup['staff']}: {setup['events']} published events; {args.seconds} s per row\n")
    print("| what | clients | variant | req/s | p50 ms | p95 ms | p99 ms | errors | req/s vs baseline |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (name, clients, base), (_, _, ours) in zip(results["baseline"], results["this tree"]):
        for variant, row in (("baseline", base), ("this tree", ours)):
            ratio = f"{row['rps'] / base['rps']:.1f}×" if variant == "this tree" else ""
            print(f"| {name} | {clients} | {variant} | {row['rps']:.0f} | {row['p50']:.0f} | {row['p95']:.0f} "
                  f"| {row['p99']:.0f} | {row['errors']} | {ratio} |")


if __name__ == "__main__":
    main()
