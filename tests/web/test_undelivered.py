"""The page of undelivered e-mails and SMS: listed by case code, given-up ones sent again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from planner.db import session_factory
from planner.models import Notice
from planner.services import outbox
from planner.services.publishing import publish
from planner.services.users import create_user
from tests.services.mailboxes import free_port
from tests.services.world import BASE_LAYOUT, make_plan, make_world
from tests.web.conftest import PASSWORD, csrf_token, sign_in


@pytest.fixture()
def failed(engine, monkeypatch):
    monkeypatch.setenv("PLANNER_SMS_URL", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(free_port()))
    with session_factory(engine)() as db:
        publish(db, make_plan(db, make_world(db), BASE_LAYOUT, 1))
        create_user(db, "coord", PASSWORD, "coordinator")
        create_user(db, "anna", PASSWORD, "specialist", "sw1")
        db.commit()
        for day in range(outbox.MAX_ATTEMPTS):
            outbox.send_pending(db, now=dt.datetime(2030, 1, 1) + dt.timedelta(days=day))


def test_coordinator_sees_failures_and_sends_them_again(client, engine, failed):
    sign_in(client, "coord")
    page = client.get("/notices/undelivered").get_data(as_text=True)
    assert all(code in page for code in ("F-001", "F-002", "F-004")) and "F-003" not in page
    assert "@example.org" not in page and "+7900" not in page
    with session_factory(engine)() as db:
        ids = [str(n.id) for n in db.scalars(select(Notice).where(Notice.status == "failed"))]
    token = csrf_token(client, "/notices/undelivered")
    client.post("/notices/undelivered", data={"csrf_token": token, "notice": [ids[0], "99999999999999999999"]})
    with session_factory(engine)() as db:
        assert sorted(n.status for n in db.scalars(select(Notice).where(Notice.channel != "print"))) == \
            ["failed", "failed", "queued"]


def test_specialist_may_not_open_it(client, failed):
    sign_in(client, "anna")
    assert client.get("/notices/undelivered").status_code == 403
