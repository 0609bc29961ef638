"""The plan page and the coverage map are rendered once per change of what they show: a change
shows at once, and no other centre, user or language is ever served another's kept page."""

from __future__ import annotations

import re
from contextlib import contextmanager

from flask import template_rendered
from sqlalchemy import select

from planner.db import session_factory
from planner.models import Vehicle, tenancy
from planner.services import coverage
from planner.services.users import create_user
from planner.web import maps
from tests.web.centres import make_other_centre
from tests.web.conftest import PASSWORD, csrf_token, sign_in
from tests.web.test_head import head, plan_id, use_solver  # noqa: F401 - fixtures


@contextmanager
def renders(app):
    """The names of the templates rendered meanwhile."""
    names: list[str] = []

    def record(_sender, template, **_extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def _token(page: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def test_the_plan_page_is_rendered_once_and_an_edit_shows_at_once(app, head, plan_id, db):  # noqa: F811
    url = f"/head/plans/{plan_id}"
    with renders(app) as rendered:
        first = head.get(url).get_data(as_text=True)
        second = head.get(url).get_data(as_text=True)
    assert rendered.count("head/plan.html") == 1 and "УАЗ 1" in first
    assert second.replace(_token(second), "") == first.replace(_token(first), "")
    db.scalar(select(Vehicle).where(Vehicle.code == "uaz-1")).name = "Газель 7"
    db.commit()
    with renders(app) as rendered:
        changed = head.get(url).get_data(as_text=True)
    assert rendered.count("head/plan.html") == 1
    assert "Газель 7" in changed and "УАЗ 1" not in changed


def test_a_kept_page_carries_the_form_token_of_the_session_it_is_sent_to(app, head, plan_id):  # noqa: F811
    url = f"/head/plans/{plan_id}"
    head.get(url)
    other = app.test_client()
    sign_in(other, "head")
    with renders(app) as rendered:
        page = other.get(url).get_data(as_text=True)
    assert "head/plan.html" not in rendered
    answer = other.post("/language/en", data={"csrf_token": _token(page), "next": url})
    assert answer.status_code == 302, "the form token of the kept page is this session's own"


def test_etag_answers_304_until_the_data_moves(head, plan_id, db):  # noqa: F811
    url = f"/head/plans/{plan_id}"
    etag = head.get(url).headers["ETag"]
    assert head.get(url).headers["Cache-Control"] == "private, no-cache"
    assert head.get(url, headers={"If-None-Match": etag}).status_code == 304
    db.scalar(select(Vehicle).where(Vehicle.code == "uaz-1")).name = "Газель 7"
    db.commit()
    answer = head.get(url, headers={"If-None-Match": etag})
    assert answer.status_code == 200 and answer.headers["ETag"] != etag


def test_a_message_to_flash_is_shown_once_and_never_kept(head, plan_id):  # noqa: F811
    url = f"/head/plans/{plan_id}"
    head.get(url)
    with head.session_transaction() as state:
        state["_flashes"] = [("message", "Сообщение один раз")]
    assert "Сообщение один раз" in head.get(url).get_data(as_text=True)
    assert "Сообщение один раз" not in head.get(url).get_data(as_text=True)


def test_the_coverage_map_is_kept_per_centre_user_and_language(app, engine, users, monkeypatch):
    other = make_other_centre(engine)
    with tenancy.scoped(session_factory(engine), other.id)() as b:
        create_user(b, "coordinator-b", PASSWORD, "coordinator")
        b.commit()
    counted = []
    real = coverage.settlement_coverage
    monkeypatch.setattr(coverage, "settlement_coverage", lambda *a, **k: counted.append(1) or real(*a, **k))
    pages = {}
    for name in ("coordinator", "coordinator-b", "head", "coordinator"):
        client = app.test_client()
        sign_in(client, name)
        pages.setdefault(name, []).append(client.get("/coordinator/map").get_data(as_text=True))
    assert len(counted) == 3, "each user's map rendered once, the same user's second sign-in served the kept one"
    ours, theirs = maps.script_string("Ивановка")[1:-1], maps.script_string("Красное")[1:-1]
    assert ours in pages["coordinator"][0] and theirs not in pages["coordinator"][0]
    assert theirs in pages["coordinator-b"][0] and ours not in pages["coordinator-b"][0]
    assert pages["coordinator"][0] == pages["coordinator"][1]
    client = app.test_client()
    sign_in(client, "coordinator")
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/coordinator/")})
    english = client.get("/coordinator/map").get_data(as_text=True)
    assert ": 2 cases, 2 overdue" in english and ": 2 cases, 2 overdue" not in pages["coordinator"][0]
