"""Production serving under real gunicorn: a fixed secret key, masked tokens, one Date header."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from planner.cli import cli
from planner.services import tokens
from tests.web.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "python:planner.web.gunicorn_conf", "planner.web.wsgi:app"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(engine, **extra) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "PLANNER_SECRET_KEY"}
    env.update(PLANNER_DATABASE_URL=engine.url.render_as_string(hide_password=False), **extra)
    return env


def test_serve_production_refuses_to_start_without_a_secret_key(engine, monkeypatch):
    monkeypatch.delenv("PLANNER_SECRET_KEY", raising=False)
    result = CliRunner().invoke(cli, ["--database", str(engine.url), "serve", "--production"])
    assert result.exit_code == 1 and "PLANNER_SECRET_KEY is not set" in result.output


def test_the_documented_gunicorn_command_refuses_to_start_without_a_secret_key(engine):
    done = subprocess.run(GUNICORN, cwd=ROOT, env=_environment(engine), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0 and "PLANNER_SECRET_KEY is not set" in done.stdout + done.stderr


@pytest.fixture()
def gunicorn(engine, users, region, db, tmp_path):
    """The documented command with two workers on this test's database; its log is read at the end."""
    port = _free_port()
    secret = tokens.issue(db, "staff", region["staff"][0].id)
    db.commit()
    log = open(tmp_path / "gunicorn.log", "w+")
    server = subprocess.Popen(GUNICORN, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=_environment(
        engine, PLANNER_SECRET_KEY="k" * 64, PLANNER_BIND=f"127.0.0.1:{port}", PLANNER_WEB_WORKERS="2"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/health", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield base, secret, log
    finally:
        server.terminate()
        server.wait(30)
        log.close()


def _sign_in(base: str) -> int:
    session = requests.Session()
    page = session.get(base + "/login", timeout=10).text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = session.post(base + "/login", data={"username": "head", "password": PASSWORD, "csrf_token": token},
                          allow_redirects=False, timeout=10)
    return answer.status_code


def test_sign_ins_work_across_workers_tokens_are_masked_and_one_date_is_sent(gunicorn):
    base, secret, log = gunicorn
    assert [_sign_in(base) for _ in range(10)] == [302] * 10
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    connection.request("GET", f"/feeds/{secret}.ics", headers={"Referer": f"{base}/family/{secret}"})
    response = connection.getresponse()
    assert response.status == 200 and response.read().startswith(b"BEGIN:VCALENDAR")
    assert len(response.msg.get_all("Date")) == 1
    connection.close()
    time.sleep(0.5)
    log.seek(0)
    written = log.read()
    assert '"GET /feeds/***.ics HTTP/1.1" 200' in written and f"{base}/family/***" in written
    assert secret not in written
