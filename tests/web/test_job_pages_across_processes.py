"""The head's job pages when the job was started by another web process (gunicorn workers, a restart)."""

from __future__ import annotations

import time

from planner.services.planning import Jobs
from planner.web import create_app
from tests.services.job_watch import redis_url, settle, workers  # noqa: F401 - fixtures
from tests.services.planning_doubles import SCRIPTED, SLEEPY
from tests.web.conftest import csrf_token, sign_in

WEEK = "2026-W50"


def web_process(engine, solver: str, **config):
    """A second app on the same database, signed in as the head: nothing shared but the database."""
    app = create_app({"TESTING": True, "DATABASE_URL": engine.url.render_as_string(hide_password=False),
                      "SECRET_KEY": "test", **config})
    if solver:
        app.extensions["planner.jobs"] = Jobs(app.extensions["planner.sessions"], solver)
    client = app.test_client()
    assert sign_in(client, "head").status_code == 302
    return client


def poll(client, job_id: str, until, attempts: int = 600) -> dict:
    for _ in range(attempts):
        status = client.get(f"/head/jobs/{job_id}.json").get_json()
        if until(status):
            return status
        time.sleep(0.05)
    raise AssertionError(f"job never reached the state: {status}")


def generate(client) -> str:
    response = client.post("/head/generate", data={"csrf_token": csrf_token(client, "/head/"), "week": WEEK})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


def test_another_web_process_shows_and_cancels_the_job(engine, users):
    first, second = web_process(engine, SLEEPY), web_process(engine, SLEEPY)
    job_id = generate(first)
    status = poll(second, job_id, lambda status: status["served"] is not None)
    assert status["state"] == "running"
    assert f"/head/jobs/{job_id}" in second.get(f"/head/?week={WEEK}").get_data(as_text=True)
    assert generate(second) == job_id, "the week's running solve is joined, not solved twice"
    second.post(f"/head/jobs/{job_id}/cancel", data={"csrf_token": csrf_token(second, "/head/")})
    assert poll(first, job_id, lambda status: status["state"] != "running")["state"] == "cancelled"
    settle()


def test_with_redis_configured_generate_goes_through_the_queue(engine, users, redis_url, workers):
    first = web_process(engine, "", REDIS_URL=redis_url, PLAN_TIME_LIMIT=2)
    job_id = generate(first)
    assert first.get(f"/head/jobs/{job_id}.json").get_json()["waiting"] is True
    workers.start("--burst").wait(120)
    restarted = web_process(engine, "", REDIS_URL=redis_url, PLAN_TIME_LIMIT=2)
    done = poll(restarted, job_id, lambda status: status["state"] != "running", attempts=20)
    assert done["state"] == "done", done["error"]
    assert f"/head/plans/{done['plan_id']}" in restarted.get(f"/head/jobs/{job_id}").get_data(as_text=True)
