"""What the head reads on the plan pages: names, week labels, left-out visits, pins that cannot hold."""

from __future__ import annotations

import copy
import json
import re

from planner.models import Plan
from tests.web.conftest import csrf_token
from tests.web.test_head import WEEK, finished, generate, head, plan_id  # noqa: F401 - fixtures


def test_weeks_are_written_as_dates_not_iso_codes(head, plan_id):  # noqa: F811
    for url in (f"/head/?week={WEEK}", f"/head/plans/{plan_id}"):
        page = head.get(url).get_data(as_text=True)
        assert re.search(r"\d+–\d+ (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)",
                         page) or re.search(r"\d+ [а-я]+ – \d+ [а-я]+", page), url
        assert f"План {WEEK}" not in page and f"недели {WEEK}" not in page


def test_adjustments_show_names_not_codes(head, plan_id, db):  # noqa: F811
    token = csrf_token(head, "/head/")
    plan = db.get(Plan, plan_id)
    head.post(f"/head/plans/{plan_id}/lock", data={"csrf_token": token, "route": plan.routes[0].id})
    box = head.get(f"/head/plans/{plan_id}").get_data(as_text=True).split('id="adjustments"')[1]
    assert "УАЗ 1" in box and "Анна Соцработник" in box and "Борис Психолог" in box
    assert "uaz-1" not in box and "sw-01" not in box


def test_a_pin_the_locked_crew_cannot_serve_is_refused_at_once(head, plan_id, db):  # noqa: F811
    """The crew of the first day is locked to the social worker alone; a visit needing a
    psychologist cannot be pinned there, and the head reads why."""
    token = csrf_token(head, "/head/")
    plan = db.get(Plan, plan_id)
    needs_psychologist = next(v for v in plan.request["visits"] if "psychologist" in v["roles"])
    day = needs_psychologist["dates"][0]
    plan.adjustments = {"crews": {"uaz-1": {day: ["sw-01"]}}}
    db.commit()
    page = head.post(f"/head/plans/{plan_id}/pin", data={
        "csrf_token": token, "visit": needs_psychologist["id"], "date": day, "vehicle": "uaz-1"},
        follow_redirects=True).get_data(as_text=True)
    assert 'class="flash error"' in page and "психолог" in page.split('class="flash error"')[1][:400]
    db.expire_all()
    assert "pins" not in db.get(Plan, plan_id).adjustments


def test_a_pin_on_a_day_the_family_cannot_is_refused(head, plan_id, db):  # noqa: F811
    token = csrf_token(head, "/head/")
    plan = db.get(Plan, plan_id)
    request = copy.deepcopy(plan.request)
    visit = request["visits"][0]
    visit["dates"], other = visit["dates"][:1], request["dates"][-1]  # as a deadline on the first day would
    plan.request = request
    db.commit()
    page = head.post(f"/head/plans/{plan_id}/pin", data={
        "csrf_token": token, "visit": visit["id"], "date": other, "vehicle": "uaz-1"},
        follow_redirects=True).get_data(as_text=True)
    assert "Закрепить не получится" in page and "визит к семье невозможен" in page


def test_closing_a_road_counts_its_visits_as_left_out(head, plan_id, db, region):  # noqa: F811
    token = csrf_token(head, "/head/")
    first = head.get(f"/head/plans/{plan_id}").get_data(as_text=True)
    due_before = _due_total(first)
    head.post(f"/head/plans/{plan_id}/close", data={"csrf_token": token, "settlement": region["places"]["ivanovka"].id})
    second = finished(head, generate(head, base_plan=plan_id))["plan_id"]
    page = head.get(f"/head/plans/{second}").get_data(as_text=True)
    assert _due_total(page) == due_before
    left_out = page.split('id="unassigned"')[1].split("</table>")[0]
    assert left_out.count("<tr data-mandatory") == left_out.count("Ивановка исключён из плана: дорога закрыта.") >= 2
    versions = head.get(f"/head/?week={WEEK}").get_data(as_text=True).split('id="versions"')[1]
    assert set(re.findall(r"\d+ / (\d+)</td>", versions)) == {str(due_before)}


def _due_total(page: str) -> int:
    totals = page.split('id="totals"')[1].split("</section>")[0]
    return sum(int(due) for due in re.findall(r"<strong>\d+ / (\d+)</strong>", totals))


def test_left_out_visits_are_explained_in_russian_with_columns(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    visit = plan.request["visits"][0]
    result = copy.deepcopy(plan.result)
    result["unassigned"] = [{"visit": visit["id"], "reasons": ["NO_STAFF_WITH_ROLE", "TIME_WINDOW"],
                             "detail": "no available crew with social_worker on 2026-12-07"}]
    plan.result = result
    db.commit()
    table = head.get(f"/head/plans/{plan_id}").get_data(as_text=True).split('id="unassigned"')[1].split("</table>")[0]
    assert "no available crew" not in table and "social_worker" not in table
    assert "Нет свободной бригады" in table and "специалист по социальной работе" in table
    for heading in ("Цель", "Обязательный", "Приоритет", "Срок"):
        assert heading in table
    assert 'data-sort="number"' in table


def test_the_progress_page_never_shows_zero_of_all(head):
    done = finished(head, generate(head))
    page = head.get(f"/head/jobs/{done['id']}").get_data(as_text=True)
    assert "— /" not in page and 'id="job-stage"' in page


def test_maps_speak_russian_and_measure_in_kilometres(head, plan_id):  # noqa: F811
    html = head.get(f"/head/plans/{plan_id}/map").get_data(as_text=True)
    assert f"zoomInTitle: {json.dumps('Приблизить')}" in html and "imperial: false" in html
    assert "L.control.scale()" not in html


def test_the_pages_carry_a_favicon(head):
    page = head.get(f"/head/?week={WEEK}").get_data(as_text=True)
    icon = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', page).group(1)
    assert head.get(icon).status_code == 200
