"""The admin edits territories, cadence rules and protected time, and sees the curators' caseloads."""

from __future__ import annotations

from planner.models import CadenceRule, ProtectedTime, Staff, Territory
from tests.web.conftest import csrf_token


def test_assign_a_settlement_to_a_curator_and_see_the_caseload(as_role, region, db):
    client = as_role("admin")
    curator = db.query(Staff).filter_by(code="sw-01").one()
    response = client.post("/admin/territories/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "settlement_id": region["places"]["dubki"].id,
        "curator_id": curator.id})
    assert response.status_code == 302
    assert db.query(Territory).one().curator.code == "sw-01"
    page = client.get("/admin/territories/").get_data(as_text=True)
    assert "Дубки" in page and "Анна Соцработник" in page
    page = client.get("/admin/caseloads").get_data(as_text=True)
    assert 'id="caseloads"' in page and "sw-01" in page


def test_a_settlement_has_one_curator(as_role, region, db):
    client = as_role("admin")
    curator = db.query(Staff).filter_by(code="sw-01").one()
    data = {"settlement_id": region["places"]["dubki"].id, "curator_id": curator.id}
    client.post("/admin/territories/new", data={"csrf_token": csrf_token(client, "/admin/"), **data})
    again = client.post("/admin/territories/new", data={"csrf_token": csrf_token(client, "/admin/"), **data})
    assert again.status_code == 200 and db.query(Territory).count() == 1


def test_add_a_monthly_routine_rule_with_the_curator_required(as_role, region, db):
    client = as_role("admin")
    response = client.post("/admin/cadence_rules/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "routine-sop", "purpose": "routine",
        "category": "sop", "anchor": "intake", "repeat": "y", "interval_days": "30", "min_days": "21",
        "max_days": "45", "roles": ["social_worker"], "duration": "60", "priority": "50",
        "curator": "required", "active": "y"})
    assert response.status_code == 302
    rule = db.query(CadenceRule).filter_by(code="routine-sop").one()
    assert (rule.category, rule.curator, rule.repeat) == ("sop", "required", True)


def test_rule_days_must_grow(as_role, region, db):
    client = as_role("admin")
    response = client.post("/admin/cadence_rules/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "bad", "purpose": "routine", "category": "",
        "anchor": "intake", "interval_days": "30", "min_days": "40", "max_days": "45",
        "roles": ["social_worker"], "duration": "60", "priority": "50", "curator": "preferred"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db.query(CadenceRule).count() == 0


def test_add_protected_time_for_chosen_staff(as_role, region, db):
    client = as_role("admin")
    response = client.post("/admin/protected_time/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "meeting", "name": "Планёрка", "weekday": "mon",
        "start": "09:00", "end": "10:00", "agency_id": "", "staff": ["sw-01"], "active": "y"})
    assert response.status_code == 302
    block = db.query(ProtectedTime).one()
    assert (block.staff, block.agency_id, block.weekday) == (["sw-01"], None, "mon")
    bad = client.post("/admin/protected_time/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "late", "name": "Планёрка", "weekday": "mon",
        "start": "10:00", "end": "09:00", "agency_id": ""})
    assert bad.status_code == 200 and db.query(ProtectedTime).count() == 1
