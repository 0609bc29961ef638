"""Publishing is confirmed with its effect in numbers; a published week is re-planned, not replaced."""

from __future__ import annotations

import re

from planner.models import Notice, Plan, PublishedEvent
from tests.web.conftest import csrf_token
from tests.web.test_head import WEEK, finished, generate, head, plan_id  # noqa: F401 - fixtures


def _publish(client, plan: int) -> None:
    client.post(f"/head/plans/{plan}/publish", data={"csrf_token": csrf_token(client, "/head/")})


def test_the_confirmation_counts_notices_and_changes_nothing(head, plan_id, db, region):  # noqa: F811
    for family in region["families"]:
        family.notice_channel = "print"
    db.commit()
    plan = db.get(Plan, plan_id)
    visited = {stop.visit_request.family_id for route in plan.routes for stop in route.stops}
    page = head.get(f"/head/plans/{plan_id}/publish").get_data(as_text=True)
    assert 'id="confirm-publish"' in page
    assert int(re.search(r'id="effect-families"><strong>(\d+)', page).group(1)) == len(visited) > 0
    db.expire_all()
    assert db.get(Plan, plan_id).status == "draft"
    assert db.query(PublishedEvent).count() == 0 and db.query(Notice).count() == 0
    _publish(head, plan_id)
    db.expire_all()
    assert db.query(Notice).count() == len(visited)


def test_a_cancellation_is_announced_before_publishing(head, plan_id, db):  # noqa: F811
    _publish(head, plan_id)
    token = csrf_token(head, "/head/")
    plan = db.get(Plan, plan_id)
    first_day = plan.routes[0].stops[0]
    head.post(f"/head/plans/{plan_id}/close", data={
        "csrf_token": token, "settlement": first_day.visit_request.family.settlement_id})
    second = finished(head, generate(head, base_plan=plan_id))["plan_id"]
    page = head.get(f"/head/plans/{second}/publish").get_data(as_text=True)
    assert 'id="effect-cancelled"' in page and "визитов отменены" in page


def test_generating_over_a_published_week_asks_first(head, plan_id, db):  # noqa: F811
    _publish(head, plan_id)
    page = head.get(f"/head/?week={WEEK}").get_data(as_text=True)
    assert 'id="published-warning"' in page and f'name="base_plan" value="{plan_id}"' in page
    response = head.post("/head/generate", data={"csrf_token": csrf_token(head, "/head/"), "week": WEEK},
                         follow_redirects=True)
    assert 'class="flash error"' in response.get_data(as_text=True)
    assert db.query(Plan).count() == 1


def test_a_re_plan_sends_the_change_penalty_shown(head, plan_id, db):  # noqa: F811
    page = head.get(f"/head/plans/{plan_id}").get_data(as_text=True)
    shown = re.search(r'name="change_penalty"[^>]*value="(\d+)"', page).group(1)
    assert int(shown) > 0
    second = finished(head, generate(head, base_plan=plan_id))["plan_id"]
    assert db.get(Plan, second).request["options"]["change_penalty"] == float(shown)
    third = finished(head, generate(head, base_plan=plan_id, change_penalty="0"))["plan_id"]
    assert db.get(Plan, third).request["options"]["change_penalty"] == 0.0
