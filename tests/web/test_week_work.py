"""The week's work from the web: urgent visits, absences and repairs, outcomes from the road."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import clock
from planner.models import Absence, Plan, Service, VehicleUnavailability, VisitRecord, VisitRequest
from planner.services import urgent
from planner.services.production_calendar import working_days
from tests.services.planning_doubles import SCRIPTED
from tests.web.conftest import csrf_token
from tests.web.region import published_route
from tests.web.test_head import finished, use_solver


@pytest.fixture()
def today(app):
    return clock.today(app.config["TIMEZONE"])


def _urgent_form(client, region, deadline: dt.date, **extra) -> dict:
    return {"csrf_token": csrf_token(client, "/urgent/new"), "family_id": region["families"][2].id,
            "roles": ["social_worker", "psychologist"], "deadline": deadline.isoformat(), "duration": "90",
            "note": "Сообщение из школы", **extra}


def test_a_head_enters_an_urgent_visit_and_the_week_is_re_planned(app, as_role, region, db, today):
    use_solver(app, SCRIPTED)
    head = as_role("head")
    deadline = max(d for d in working_days(urgent.running_week(today)))
    response = head.post("/urgent/new", data=_urgent_form(head, region, deadline))
    assert response.status_code == 302 and "/head/jobs/" in response.headers["Location"]
    visit = db.query(VisitRequest).filter_by(origin="urgent").one()
    assert (visit.note, visit.roles, visit.mandatory) == ("Сообщение из школы", ["social_worker", "psychologist"], True)
    assert all(today <= dt.date.fromisoformat(d) <= deadline for d in visit.dates)
    assert visit.due == today
    done = finished(head, response.headers["Location"].rsplit("/", 1)[1])
    plan = db.get(Plan, done["plan_id"])
    assert plan.week == urgent.running_week(today)
    assert visit.key in {v["id"] for v in plan.request["visits"]}


def test_an_urgent_visit_re_plans_from_the_published_version(app, as_role, region, db, today):
    use_solver(app, SCRIPTED)
    week = urgent.running_week(today)
    published = Plan(week=week, version=1, status="published", request={"visits": []},
                     result={"routes": [], "unassigned": []})
    db.add(published)
    db.commit()
    head = as_role("head")
    response = head.post("/urgent/new", data=_urgent_form(head, region, max(working_days(week))))
    plan = db.get(Plan, finished(head, response.headers["Location"].rsplit("/", 1)[1])["plan_id"])
    assert plan.request["options"]["change_penalty"] > 0 and "base_plan" in plan.request["options"]
    page = head.get(f"/head/plans/{plan.id}").get_data(as_text=True)
    assert 'id="against-published"' in page


def test_a_coordinator_enters_one_and_the_head_sees_it_waiting(app, as_role, region, db, today):
    client = as_role("coordinator")
    response = client.post("/urgent/new", data=_urgent_form(client, region, today + dt.timedelta(days=3)))
    assert response.status_code == 302 and response.headers["Location"].endswith("/coordinator/")
    assert db.query(VisitRequest).filter_by(origin="urgent").count() == 1
    assert db.query(Plan).count() == 0


def test_an_urgent_visit_with_a_past_deadline_or_no_roles_is_refused(as_role, region, db, today):
    client = as_role("head")
    page = client.post("/urgent/new", data=_urgent_form(client, region, today - dt.timedelta(days=1)))
    assert page.status_code == 200 and 'aria-invalid="true"' in page.get_data(as_text=True)
    page = client.post("/urgent/new", data=_urgent_form(client, region, today, roles=[]))
    assert page.status_code == 200 and "has-error" in page.get_data(as_text=True)
    assert db.query(VisitRequest).filter_by(origin="urgent").count() == 0




def test_an_absence_shows_what_it_breaks_and_offers_the_re_plan(as_role, region, db, today):
    route = published_route(db, region, today + dt.timedelta(days=1), ["sw-01", "psy-01"])
    head = as_role("head")
    token = csrf_token(head, "/head/absences/")
    day = route.date.isoformat()
    response = head.post("/head/absences/staff", data={
        "csrf_token": token, "absence-staff_id": region["staff"][1].id, "absence-reason": "sick",
        "absence-start": day, "absence-end": day})
    assert response.status_code == 302
    assert db.query(Absence).one().reason == "sick"
    page = head.get("/head/absences/").get_data(as_text=True)
    assert "Борис Психолог" in page and f'id="replan-{route.plan.week}"' in page
    plan_page = head.get(f"/head/plans/{route.plan_id}").get_data(as_text=True)
    assert 'id="breaks"' in plan_page and "Борис Психолог" in plan_page.split('id="breaks"')[1][:600]


def test_a_vehicle_repair_is_recorded_and_a_reversed_span_refused(as_role, region, db, today):
    head = as_role("head")
    token = csrf_token(head, "/head/absences/")
    form = {"csrf_token": token, "repair-vehicle_id": region["vehicle"].id, "repair-reason": "repair",
            "repair-start": (today + dt.timedelta(days=2)).isoformat(), "repair-end": today.isoformat()}
    page = head.post("/head/absences/vehicles", data=form)
    assert page.status_code == 200 and "has-error" in page.get_data(as_text=True)
    form["repair-end"] = (today + dt.timedelta(days=4)).isoformat()
    assert head.post("/head/absences/vehicles", data=form).status_code == 302
    assert db.query(VehicleUnavailability).one().end == today + dt.timedelta(days=4)


def test_a_specialist_records_an_outcome_from_the_road(as_role, region, db, today):
    route = published_route(db, region, today, ["sw-01"])
    stop = route.stops[0]
    client = as_role("specialist")
    assert f"/me/stops/{stop.id}" in client.get("/me/").get_data(as_text=True)
    db.add_all([Service(code="consult-psy", name="Консультация психолога"),
                Service(code="food", name="Продуктовый набор")])
    db.commit()
    page = client.get(f"/me/stops/{stop.id}").get_data(as_text=True)
    assert 'value="done"' in page and "никого нет дома" in page and "Продуктовый набор" in page
    response = client.post(f"/me/stops/{stop.id}", data={
        "csrf_token": csrf_token(client, "/me/"), "outcome": "done", "note": "Всё хорошо",
        "services": ["food"], "adults": "2", "children": "3"})
    assert response.status_code == 302
    record = db.query(VisitRecord).one()
    assert (record.outcome, record.note, record.date) == ("done", "Всё хорошо", today)
    assert (record.services, record.adults, record.children) == (["food"], 2, 3)
    bad = client.post(f"/me/stops/{stop.id}", data={"csrf_token": csrf_token(client, "/me/"), "outcome": "done",
                                                    "services": ["nonsense"]}, follow_redirects=True)
    assert 'class="flash error"' in bad.get_data(as_text=True)
    db.expire_all()
    assert db.query(VisitRecord).one().services == ["food"]


def test_a_specialist_cannot_record_others_or_future_visits(as_role, region, db, today):
    other = published_route(db, region, today, ["psy-01"]).stops[0]
    future = published_route(db, region, today + dt.timedelta(days=1), ["sw-01"]).stops[0]
    client = as_role("specialist")
    for stop in (other, future):
        assert client.get(f"/me/stops/{stop.id}").status_code == 404
    response = client.post(f"/me/stops/{other.id}", data={"csrf_token": csrf_token(client, "/me/"), "outcome": "done"})
    assert response.status_code == 404 and db.query(VisitRecord).count() == 0
