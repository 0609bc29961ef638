"""Waiting on stored plan jobs, and a real Redis and ``planner worker`` for the queue tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def wait(jobs, job, until=lambda job: job.state != "running", timeout: float = 60.0):
    """The job re-read until ``until`` holds (or the timeout passes): any process's view of it."""
    deadline = time.monotonic() + timeout
    current = jobs.get(job.id)
    while not until(current) and time.monotonic() < deadline:
        time.sleep(0.05)
        current = jobs.get(job.id)
    return current


def settle(timeout: float = 15.0) -> None:
    """Wait for this process's job threads to end (a cancelled solve stops within a second or two),
    so the test's database is not dropped under them."""
    deadline = time.monotonic() + timeout
    while any(t.name.startswith("plan-") for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def redis_url(tmp_path):
    """A redis-server of this test's own on a free loopback port (Debian's ``redis-server``)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs Debian's redis-server")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


class Workers:
    """``planner worker`` processes started by a test, each in a process group of its own."""

    def __init__(self, database_url: str, redis_url: str):
        self.database_url, self.redis_url = database_url, redis_url
        self.started: list[subprocess.Popen] = []

    def start(self, *extra: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "planner", "--database", self.database_url, "worker",
             "--redis", self.redis_url, *extra], cwd=ROOT, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(10)


@pytest.fixture()
def workers(engine, redis_url):
    pool = Workers(engine.url.render_as_string(hide_password=False), redis_url)
    yield pool
    pool.stop_all()
