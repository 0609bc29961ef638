"""The head's weekly plan pages: generate, review, adjust, compare, publish, print."""

from __future__ import annotations

import re
import time

import pytest

from planner.models import Plan
from planner.services.planning import Jobs
from tests.services.planning_doubles import SCRIPTED, SLEEPY
from tests.web.conftest import csrf_token

WEEK = "2026-W50"


def use_solver(app, solver) -> Jobs:
    jobs = Jobs(app.extensions["planner.sessions"], solver)
    app.extensions["planner.jobs"] = jobs
    return jobs


def generate(client, week: str = WEEK, **extra) -> str:
    response = client.post("/head/generate", data={"csrf_token": csrf_token(client, "/head/"), "week": week, **extra})
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


def finished(client, job_id: str) -> dict:
    for _ in range(400):
        status = client.get(f"/head/jobs/{job_id}.json").get_json()
        if status["state"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError("job did not finish")


@pytest.fixture()
def head(app, as_role):
    use_solver(app, SCRIPTED)
    return as_role("head")


@pytest.fixture()
def plan_id(head) -> int:
    return finished(head, generate(head))["plan_id"]


def _running(client, job_id: str) -> dict:
    for _ in range(600):
        status = client.get(f"/head/jobs/{job_id}.json").get_json()
        if status["served"] is not None:
            return status
        time.sleep(0.05)
    raise AssertionError("no progress reported")


def test_generate_runs_in_background_reports_progress_and_cancels(app, as_role, db):
    use_solver(app, SLEEPY)
    client = as_role("head")
    job_id = generate(client)
    page = client.get(f"/head/jobs/{job_id}").get_data(as_text=True)
    assert 'id="job-bar"' in page and "planner.js" in page
    status = _running(client, job_id)
    assert status["state"] == "running" and status["served"] == status["visits"] > 0
    assert f"/head/jobs/{job_id}" in client.get(f"/head/?week={WEEK}").get_data(as_text=True)
    response = client.post(f"/head/jobs/{job_id}/cancel", data={"csrf_token": csrf_token(client, "/head/")})
    assert response.status_code == 302
    assert finished(client, job_id)["state"] == "cancelled"
    assert db.query(Plan).count() == 0


def test_a_finished_job_points_to_its_plan(head):
    done = finished(head, generate(head))
    assert done["state"] == "done" and done["served"] == done["visits"]
    page = head.get(f"/head/jobs/{done['id']}").get_data(as_text=True)
    assert f"/head/plans/{done['plan_id']}" in page


def test_generate_without_csrf_is_refused(head, db):
    assert head.post("/head/generate", data={"week": WEEK}).status_code == 400


def test_plan_page_shows_cards_totals_and_left_out_visits(head, plan_id):
    page = head.get(f"/head/plans/{plan_id}").get_data(as_text=True)
    assert page.count('class="card route-card"') == 3
    assert "УАЗ 1" in page and "Анна Соцработник" in page and "C-001" in page
    assert "Секретова" not in page
    assert re.search(r'id="totals"', page) and "/head/plans/%d/map" % plan_id in page
    assert "Every visit is planned" in page or "Все визиты запланированы" in page


def test_plan_map_numbers_stops_and_shows_case_codes_only(head, plan_id):
    html = head.get(f"/head/plans/{plan_id}/map").get_data(as_text=True)
    assert not re.search(r'(src|href)="https?://', html)
    assert html.count('class=\\"stop-marker\\"') + html.count('class="stop-marker"') >= 5
    assert "route-line" in html and "C-001" in html and "Секретова" not in html


def test_pin_lock_close_and_clear(head, plan_id, db, region):
    token = csrf_token(head, "/head/")
    plan = db.get(Plan, plan_id)
    visit = plan.request["visits"][0]["id"]
    assert head.post(f"/head/plans/{plan_id}/pin", data={
        "csrf_token": token, "visit": visit, "date": "2026-12-10", "vehicle": "uaz-1"}).status_code == 302
    route_id = plan.routes[0].id
    assert head.post(f"/head/plans/{plan_id}/lock", data={"csrf_token": token, "route": route_id}).status_code == 302
    dubki = region["places"]["dubki"].id
    assert head.post(f"/head/plans/{plan_id}/close", data={"csrf_token": token, "settlement": dubki}).status_code == 302
    db.expire_all()
    adjustments = db.get(Plan, plan_id).adjustments
    assert adjustments["pins"][visit] == {"date": "2026-12-10", "vehicle": "uaz-1"}
    assert adjustments["crews"]["uaz-1"] == {"2026-12-07": ["psy-01", "sw-01"]}
    assert adjustments["closed"] == [dubki]
    page = head.get(f"/head/plans/{plan_id}").get_data(as_text=True)
    assert "Дубки" in page
    head.post(f"/head/plans/{plan_id}/clear", data={"csrf_token": token})
    db.expire_all()
    assert db.get(Plan, plan_id).adjustments == {}


def test_bad_pin_is_refused_with_a_message(head, plan_id, db):
    token = csrf_token(head, "/head/")
    response = head.post(f"/head/plans/{plan_id}/pin", data={
        "csrf_token": token, "visit": "vr-99999", "date": "2030-01-01", "vehicle": "uaz-1"}, follow_redirects=True)
    assert 'class="flash error"' in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Plan, plan_id).adjustments == {}
    assert head.post(f"/head/plans/{plan_id}/lock", data={"csrf_token": token, "route": 0}).status_code == 404


def test_reoptimise_compare_and_publish(head, plan_id, db, as_role):
    token = csrf_token(head, "/head/")
    visit = db.get(Plan, plan_id).request["visits"][0]["id"]
    head.post(f"/head/plans/{plan_id}/pin", data={"csrf_token": token, "visit": visit, "date": "2026-12-11",
                                                  "vehicle": "uaz-1"})
    second = finished(head, generate(head, base_plan=plan_id))["plan_id"]
    page = head.get(f"/head/plans/{second}/compare?other={plan_id}").get_data(as_text=True)
    assert page.count('<tr class="moved">') >= 1
    response = head.post(f"/head/plans/{second}/publish", data={"csrf_token": token})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Plan, second).status == "published" and db.get(Plan, plan_id).status == "draft"


def test_publish_without_csrf_is_refused(head, plan_id, db):
    assert head.post(f"/head/plans/{plan_id}/publish").status_code == 400
    assert db.get(Plan, plan_id).status == "draft"


def test_route_sheet_is_a_printable_page(head, plan_id, db):
    route = db.get(Plan, plan_id).routes[0]
    page = head.get(f"/head/plans/{plan_id}/routes/{route.id}/sheet").get_data(as_text=True)
    assert 'class="sheet"' in page and "C-001" in page and "ул. Лесная" in page
    assert head.get(f"/head/plans/{plan_id}/routes/99999/sheet").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "specialist", "admin"])
def test_other_roles_cannot_reach_plans(app, as_role, role, db):
    client = as_role(role)
    for url in ("/head/", "/head/plans/1", "/head/plans/1/map", "/head/jobs/x.json"):
        assert client.get(url).status_code == 403, url


def test_drafts_never_reach_the_coordinators_map(app, head, plan_id, db, users):
    from tests.web.conftest import sign_in

    other = app.test_client()
    sign_in(other, "coordinator")
    assert "route-line" not in other.get(f"/coordinator/map?week={WEEK}").get_data(as_text=True)
    head.post(f"/head/plans/{plan_id}/publish", data={"csrf_token": csrf_token(head, "/head/")})
    assert other.get(f"/coordinator/map?week={WEEK}").get_data(as_text=True).count("route-line") == 3
