"""Editing a plan by hand through the head's page: move or remove one stop directly (nothing
else re-planned, the validator says what it breaks) or pin and re-plan; undo."""

from __future__ import annotations

import pytest

from planner.models import Plan
from tests.web.conftest import csrf_token
from tests.web.test_head import finished, generate, head, plan_id, use_solver  # noqa: F401 - fixtures

REAL = "planner.optimize.brigade:plan_week"


@pytest.fixture()
def solved(app, head) -> int:  # noqa: F811
    """A plan of the region by the real optimiser (the validator checks it as it is)."""
    use_solver(app, REAL)
    app.config["PLAN_TIME_LIMIT"] = 2
    return finished(head, generate(head))["plan_id"]


def _post(client, url: str, **form):
    return client.post(url, data={"csrf_token": csrf_token(client, "/head/"), **form})


def _edit(client, plan: int, **form) -> int:
    response = _post(client, f"/head/plans/{plan}/edit", **form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/head/plans/")[1].split("#")[0])


def _routes(plan: Plan) -> dict:
    return {(r["vehicle"], r["date"]): r for r in plan.result["routes"]}


def test_a_direct_move_changes_that_stop_only_and_is_checked(solved, head, db):
    plan = db.get(Plan, solved)
    route = plan.result["routes"][0]
    stop = route["stops"][0]
    visit = next(v for v in plan.request["visits"] if v["id"] == stop["visit"])
    target = next(d for d in visit["dates"] if d not in {r["date"] for r in plan.result["routes"]})
    draft = db.get(Plan, _edit(head, solved, action="move", visit=stop["visit"], date=target, vehicle="uaz-1"))
    assert draft.version == plan.version + 1 and draft.status == "draft"
    before, after = _routes(plan), _routes(draft)
    assert stop["visit"] in {s["visit"] for s in after[("uaz-1", target)]["stops"]}
    assert all(after[key] == value for key, value in before.items() if key != ("uaz-1", route["date"]))
    assert [s["start"] for s in after[("uaz-1", route["date"])]["stops"]] == [s["start"] for s in route["stops"][1:]]
    page = head.get(f"/head/plans/{draft.id}").get_data(as_text=True)
    card = page.split('id="hand-change"')[1].split("</section>")[0]
    assert "ничего не перепланировано" in card and 'id="hand-change-valid"' in card
    assert not db.query(Plan).filter(Plan.id > draft.id).count()


def test_a_direct_move_outside_the_rules_says_what_it_breaks_before_publishing(solved, head, db):
    plan = db.get(Plan, solved)
    route = plan.result["routes"][0]
    visit = route["stops"][0]["visit"]
    draft = _edit(head, solved, action="move", visit=visit, date=route["date"], vehicle=route["vehicle"], start="06:30")
    page = head.get(f"/head/plans/{draft}").get_data(as_text=True)
    broken = page.split('id="hand-change-breaks"')[1].split("</ul>")[0]
    assert "рабочие часы (Анна Соцработник)" in broken and "автомобиль" in broken and "route " not in broken
    confirm = head.get(f"/head/plans/{draft}/publish").get_data(as_text=True)
    assert 'id="publish-breaks"' in confirm and 'name="accept_breaks"' in confirm
    refused = _post(head, f"/head/plans/{draft}/publish")
    assert refused.headers["Location"].endswith(f"/head/plans/{draft}/publish")
    db.expire_all()
    assert db.get(Plan, draft).status == "draft"
    _post(head, f"/head/plans/{draft}/publish", accept_breaks="1")
    db.expire_all()
    assert db.get(Plan, draft).status == "published"


def test_a_direct_removal_is_left_out_by_hand_and_undone(solved, head, db):
    plan = db.get(Plan, solved)
    visit = plan.result["routes"][0]["stops"][0]["visit"]
    draft = _edit(head, solved, action="remove", visit=visit)
    page = head.get(f"/head/plans/{draft}").get_data(as_text=True)
    assert "удалён из плана вручную" in page.split('id="unassigned"')[1].split("</table>")[0]
    response = _post(head, f"/head/plans/{draft}/undo")
    assert response.headers["Location"].endswith(f"/head/plans/{solved}")
    db.expire_all()
    assert db.get(Plan, draft) is None and db.get(Plan, solved).adjustments == {}


@pytest.mark.parametrize("form", [{"action": "move", "visit": "vr-999999"}, {"action": "jump"},
                                  {"action": "move", "date": "2001-01-01", "vehicle": "uaz-1"},
                                  {"action": "move", "vehicle": "uaz-1", "start": "25:99"}])
def test_a_bad_choice_is_refused_in_plain_words(solved, head, db, form):
    plan = db.get(Plan, solved)
    form = {"visit": plan.request["visits"][0]["id"], "date": plan.request["dates"][0], **form}
    page = head.post(f"/head/plans/{solved}/edit", data={"csrf_token": csrf_token(head, "/head/"), **form},
                     follow_redirects=True).get_data(as_text=True)
    assert 'class="flash error"' in page and db.query(Plan).count() == 1


def test_a_move_and_re_plan_makes_a_checked_draft_that_can_be_undone(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    stop = plan.result["routes"][0]["stops"][0]
    target = next(d for d in plan.request["dates"] if d != plan.result["routes"][0]["date"])
    response = _post(head, f"/head/plans/{plan_id}/edit-and-replan", action="move", visit=stop["visit"],
                     date=target, vehicle="uaz-1")
    moved = finished(head, response.headers["Location"].rsplit("/", 1)[1])["plan_id"]
    placed = {s["visit"]: r["date"] for r in db.get(Plan, moved).result["routes"] for s in r["stops"]}
    assert placed[stop["visit"]] == target
    page = head.get(f"/head/plans/{moved}").get_data(as_text=True)
    card = page.split('id="hand-change"')[1][:1500]
    assert "перенесён" in card and "перепланирована" in card
    response = _post(head, f"/head/plans/{moved}/undo")
    assert response.headers["Location"].endswith(f"/head/plans/{plan_id}")
    db.expire_all()
    assert db.get(Plan, moved) is None and db.get(Plan, plan_id).adjustments == {}


def test_a_removal_and_re_plan_counts_the_visit_as_left_out(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    visit = plan.result["routes"][0]["stops"][0]["visit"]
    response = _post(head, f"/head/plans/{plan_id}/edit-and-replan", action="remove", visit=visit)
    removed = finished(head, response.headers["Location"].rsplit("/", 1)[1])["plan_id"]
    page = head.get(f"/head/plans/{removed}").get_data(as_text=True)
    assert "удалён из плана вручную" in page.split('id="unassigned"')[1].split("</table>")[0]


def test_a_move_the_crew_cannot_serve_is_refused_plainly(head, plan_id, db):  # noqa: F811
    plan = db.get(Plan, plan_id)
    visit = next(v for v in plan.request["visits"] if "psychologist" in v["roles"])
    plan.adjustments = {"crews": {"uaz-1": {visit["dates"][0]: ["sw-01"]}}}
    db.commit()
    page = head.post(f"/head/plans/{plan_id}/edit-and-replan", data={
        "csrf_token": csrf_token(head, "/head/"), "action": "move", "visit": visit["id"],
        "date": visit["dates"][0], "vehicle": "uaz-1"}, follow_redirects=True).get_data(as_text=True)
    assert 'class="flash error"' in page and "психолог" in page
    assert db.query(Plan).count() == 1


def test_only_a_hand_changed_draft_can_be_undone(head, plan_id):  # noqa: F811
    page = head.post(f"/head/plans/{plan_id}/undo", data={"csrf_token": csrf_token(head, "/head/")},
                     follow_redirects=True).get_data(as_text=True)
    assert 'class="flash error"' in page
