"""Numbers too large for the database, in paths, query strings and forms: 404 or ignored, never 500."""

from __future__ import annotations

import pytest

from planner.models import Plan
from planner.web.ids import LARGEST, number
from tests.web.conftest import csrf_token

HUGE = str(2**31)  # one past PostgreSQL's INTEGER
HUGER = "9" * 401


@pytest.fixture()
def plan_id(db, region):
    plan = Plan(week="2026-W50", version=1, status="draft")
    db.add(plan)
    db.commit()
    return plan.id


@pytest.mark.parametrize("value", [HUGE, str(2**63), HUGER, "-1", "١٢", "1e3", ""])
def test_number_refuses_what_the_database_cannot_hold(value):
    with pytest.raises(ValueError):
        number(value)


def test_number_takes_the_largest_value_postgresql_stores():
    assert number(str(LARGEST)) == LARGEST and number("0") == 0


@pytest.mark.parametrize("big", [HUGE, HUGER])
def test_paths_and_query_strings(as_role, plan_id, big):
    head = as_role("head")
    assert head.get(f"/head/plans/{big}").status_code == 404
    assert head.get(f"/head/plans/{big}/map").status_code == 404
    assert head.get(f"/head/plans/{plan_id}/compare?other={big}").status_code == 404
    assert head.get(f"/coordinator/?district={big}").status_code == 200
    assert head.get(f"/coordinator/map?district={big}").status_code == 200


@pytest.mark.parametrize("big", [HUGE, HUGER])
def test_forms(as_role, plan_id, big):
    head = as_role("head")
    token = csrf_token(head, "/head/")
    assert head.post(f"/head/plans/{plan_id}/lock", data={"csrf_token": token, "route": big}).status_code == 404
    assert head.post(f"/head/plans/{plan_id}/close",
                     data={"csrf_token": token, "settlement": big}).status_code == 302
    assert head.post("/head/generate", data={"csrf_token": token, "week": "2026-W50",
                                             "base_plan": big}).status_code == 404


@pytest.mark.parametrize("page", [HUGE, HUGER, "0", "-5"])
def test_admin_page_number(client, users, page):
    from tests.web.conftest import sign_in

    sign_in(client, "admin")
    assert client.get(f"/admin/settlements/?page={page}").status_code == 200
    assert client.get(f"/admin/settlements/{HUGE}").status_code == 404


def test_views_read_numbers_only_through_the_bounded_helper():
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[2] / "planner" / "web").glob("*.py"):
        assert "type=int)" not in path.read_text(encoding="utf-8"), path
