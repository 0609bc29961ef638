"""Editing a plan by hand: move, remove, undo; what a change breaks is said plainly."""

from __future__ import annotations

from planner.models import Plan
from tests.web.conftest import csrf_token
from tests.web.test_head import finished, head, plan_id  # noqa: F401 - fixtures


def _edit(client, plan: int, **form) -> str:
    response = client.post(f"/head/plans/{plan}/edit", data={"csrf_token": csrf_token(client, "/head/"), **form})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_a_move_makes_a_checked_draft_that_can_be_undone(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    stop = plan.result["routes"][0]["stops"][0]
    target = next(d for d in plan.request["dates"] if d != plan.result["routes"][0]["date"])
    location = _edit(head, plan_id, action="move", visit=stop["visit"], date=target, vehicle="uaz-1")
    moved = finished(head, location.rsplit("/", 1)[1])["plan_id"]
    new = db.get(Plan, moved)
    placed = {s["visit"]: r["date"] for r in new.result["routes"] for s in r["stops"]}
    assert placed[stop["visit"]] == target
    page = head.get(f"/head/plans/{moved}").get_data(as_text=True)
    assert 'id="hand-change"' in page and "перенесён" in page.split('id="hand-change"')[1][:500]
    response = head.post(f"/head/plans/{moved}/undo", data={"csrf_token": csrf_token(head, "/head/")})
    assert response.headers["Location"].endswith(f"/head/plans/{plan_id}")
    db.expire_all()
    assert db.get(Plan, moved) is None and db.get(Plan, plan_id).adjustments == {}


def test_a_removal_counts_the_visit_as_left_out(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    visit = plan.result["routes"][0]["stops"][0]["visit"]
    removed = finished(head, _edit(head, plan_id, action="remove", visit=visit).rsplit("/", 1)[1])["plan_id"]
    page = head.get(f"/head/plans/{removed}").get_data(as_text=True)
    left_out = page.split('id="unassigned"')[1].split("</table>")[0]
    assert "удалён из плана вручную" in left_out


def test_a_move_the_crew_cannot_serve_is_refused_plainly(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    visit = next(v for v in plan.request["visits"] if "psychologist" in v["roles"])
    plan.adjustments = {"crews": {"uaz-1": {visit["dates"][0]: ["sw-01"]}}}
    db.commit()
    page = head.post(f"/head/plans/{plan_id}/edit", data={
        "csrf_token": csrf_token(head, "/head/"), "action": "move", "visit": visit["id"],
        "date": visit["dates"][0], "vehicle": "uaz-1"}, follow_redirects=True).get_data(as_text=True)
    assert 'class="flash error"' in page and "психолог" in page
    assert db.query(Plan).count() == 1


def test_only_a_hand_changed_draft_can_be_undone(head, plan_id):  # noqa: F811
    page = head.post(f"/head/plans/{plan_id}/undo", data={"csrf_token": csrf_token(head, "/head/")},
                     follow_redirects=True).get_data(as_text=True)
    assert 'class="flash error"' in page
