"""Family notices end to end: publish, queue, send to a local SMTP server and SMS gateway."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from sqlalchemy import select

from planner.models import Notice, VisitRequest
from planner.services import outbox
from planner.services.publishing import publish
from tests.services.mailboxes import SmsGateway, SmtpServer
from tests.services.world import BASE_LAYOUT, make_plan, make_world

LATER = dt.timedelta(days=1)


@pytest.fixture()
def world(db):
    return make_world(db)


@pytest.fixture()
def smtp(monkeypatch):
    with SmtpServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(server.port))
        monkeypatch.setenv("PLANNER_CENTRE_PHONE", "+7 (48766) 2-11-22")
        yield server


@pytest.fixture()
def gateway(monkeypatch):
    with SmsGateway() as server:
        monkeypatch.setenv("PLANNER_SMS_URL", server.url)
        yield server


def _moved(case, start, end):
    layout = copy.deepcopy(BASE_LAYOUT)
    for stops in layout.values():
        for i, stop in enumerate(stops):
            if stop[0] == case:
                stops[i] = (case, start, end, stop[3])
    return layout


def _notices(db, status="queued"):
    return db.scalars(select(Notice).where(Notice.status == status)).all()


def test_publish_sends_one_message_per_family(db, world, smtp, gateway):
    result = publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    assert result.notices == 4
    report = outbox.send_pending(db)
    assert len(report.sent) == 3 and not report.retrying
    assert sorted(rcpt for rcpts, _ in smtp.messages for rcpt in rcpts) == ["f1@example.org", "f4@example.org"]
    body = next(m for r, m in smtp.messages if r == ["f1@example.org"]).get_content()
    assert "с 10:00 до 11:00" in body and "специалист по социальной работе, психолог" in body
    assert "+7 (48766) 2-11-22" in body
    assert "Иванова" not in body and "Петрова" not in body and "F-001" not in body
    assert [sms["to"] for sms in gateway.accepted] == ["+79000000002"]
    assert "с 12:00 до 13:00" in gateway.accepted[0]["text"]
    queue = outbox.print_queue(db)
    printed = outbox.print_csv(queue)
    assert len(queue) == 1 and "F-003" in printed and "с 09:00 до 10:00" in printed
    assert "Иванова" not in printed
    assert outbox.mark_handed_over(db, [n.id for n in queue]) == 1
    assert not _notices(db)


def test_unchanged_republish_sends_nothing(db, world, smtp, gateway):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    outbox.send_pending(db)
    sent = len(smtp.messages)
    assert publish(db, make_plan(db, world, BASE_LAYOUT, 2)).notices == 0
    assert outbox.send_pending(db).sent == [] and len(smtp.messages) == sent


def test_moved_visit_sends_one_update(db, world, smtp, gateway):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    outbox.send_pending(db)
    before = len(smtp.messages)
    assert publish(db, make_plan(db, world, _moved("F-001", "14:30", "15:30"), 2)).notices == 1
    outbox.send_pending(db)
    assert len(smtp.messages) == before + 1
    rcpts, message = smtp.messages[-1]
    assert rcpts == ["f1@example.org"] and message["Subject"].startswith("Изменения")
    assert "перенесён" in message.get_content() and "с 14:00 до 15:00" in message.get_content()


def test_move_inside_the_same_hour_says_nothing(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    assert publish(db, make_plan(db, world, _moved("F-001", "10:40", "11:40"), 2)).notices == 0


def test_pending_notice_is_folded_into_the_newer_one(db, world, smtp, gateway):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    publish(db, make_plan(db, world, _moved("F-001", "14:30", "15:30"), 2))
    assert len(_notices(db, "superseded")) == 1
    outbox.send_pending(db)
    bodies = [m.get_content() for r, m in smtp.messages if r == ["f1@example.org"]]
    assert len(bodies) == 1 and "с 14:00 до 15:00" in bodies[0] and "10:00" not in bodies[0]


def test_two_visits_of_one_family_make_one_message(db, world, smtp, gateway):
    extra = VisitRequest(family=world.families["F-001"], roles=["psychologist"])
    db.add(extra)
    db.flush()
    world.visits["F-001b"] = extra
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van2", 1)].append(("F-001b", "15:00", "16:00", ["nar1"]))
    publish(db, make_plan(db, world, layout, 1))
    outbox.send_pending(db)
    bodies = [m.get_content() for r, m in smtp.messages if r == ["f1@example.org"]]
    assert len(bodies) == 1 and "с 10:00 до 11:00" in bodies[0] and "с 15:00 до 16:00" in bodies[0]


def test_removed_visit_is_cancelled_once(db, world, smtp, gateway):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    outbox.send_pending(db)
    layout = copy.deepcopy(BASE_LAYOUT)
    del layout[("van2", 1)][1]  # F-004
    assert publish(db, make_plan(db, world, layout, 2)).notices == 1
    assert publish(db, make_plan(db, world, layout, 3)).notices == 0
    outbox.send_pending(db)
    rcpts, message = smtp.messages[-1]
    assert rcpts == ["f4@example.org"] and "отменён" in message.get_content()


def test_opted_out_and_withdrawn_families_get_nothing(db, world):
    world.families["F-001"].notice_channel = "none"
    world.families["F-002"].consent_withdrawn = True
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    assert {n.family.case_code for n in _notices(db)} == {"F-003", "F-004"}


def test_failing_gateway_keeps_the_notice_for_retry(db, world, smtp, monkeypatch):
    with SmsGateway(failures=2) as gateway:
        monkeypatch.setenv("PLANNER_SMS_URL", gateway.url)
        publish(db, make_plan(db, world, BASE_LAYOUT, 1))
        now = dt.datetime(2030, 1, 1, 9, 0)
        first = outbox.send_pending(db, now=now)
        sms = db.get(Notice, first.retrying[0])
        assert sms.status == "queued" and sms.attempts == 1 and "503" in sms.last_error
        assert outbox.send_pending(db, now=now).sent == []  # not due yet: no hammering
        assert outbox.send_pending(db, now=now + LATER).retrying == [sms.id]
        assert outbox.send_pending(db, now=now + 2 * LATER).sent == [sms.id]
        assert sms.status == "sent" and sms.attempts == 3 and gateway.requests == 3
        assert [m["to"] for m in gateway.accepted] == ["+79000000002"]


def test_gateway_down_for_good_marks_failed_not_lost(db, world, smtp, monkeypatch):
    monkeypatch.setenv("PLANNER_SMS_URL", "http://127.0.0.1:9/unreachable")
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    now = dt.datetime(2030, 1, 1)
    for day in range(outbox.MAX_ATTEMPTS):
        outbox.send_pending(db, now=now + day * LATER)
    failed = _notices(db, "failed")
    assert [n.channel for n in failed] == ["sms"] and failed[0].attempts == outbox.MAX_ATTEMPTS
