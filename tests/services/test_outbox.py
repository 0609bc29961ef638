"""Told means delivered: what is undelivered is folded, listed, re-sent; channels do not wait for each other."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from planner.cli import cli
from planner.models import Notice
from planner.services import channels, outbox
from planner.services.publishing import publish
from tests.services.mailboxes import SilentSmtp, SmsGateway, SmtpServer, free_port
from tests.services.world import BASE_LAYOUT, make_plan, make_world

NOW = dt.datetime(2030, 1, 1, 9, 0)


@pytest.fixture()
def world(db):
    return make_world(db)


def _of(db, case: str, status: str | None = None) -> list[Notice]:
    notices = [n for n in db.scalars(select(Notice).order_by(Notice.id)) if n.family.case_code == case]
    return [n for n in notices if status is None or n.status == status]


def _layout(**moves):
    layout = copy.deepcopy(BASE_LAYOUT)
    for stops in layout.values():
        for i, stop in enumerate(stops):
            if stop[0] in moves:
                stops[i] = (stop[0], *moves[stop[0]], stop[3])
    return layout


def test_a_move_before_the_first_notice_went_is_announced_as_new(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    publish(db, make_plan(db, world, _layout(**{"F-001": ("14:30", "15:30")}), 2))
    [waiting] = _of(db, "F-001", "queued")
    assert [r["change"] for r in waiting.visits] == ["new"] and "перенесён" not in waiting.body
    assert "с 14:00 до 15:00" in waiting.body


def test_a_cancellation_before_the_first_notice_went_withdraws_it(db, world):
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    layout = copy.deepcopy(BASE_LAYOUT)
    del layout[("van2", 1)][1]  # F-004
    publish(db, make_plan(db, world, layout, 2))
    assert _of(db, "F-004", "queued") == [] and "отменён" not in " ".join(n.body for n in _of(db, "F-004"))


def test_after_delivery_a_move_is_a_move(db, world, monkeypatch):
    with SmtpServer() as smtp, SmsGateway() as gateway:
        monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(smtp.port))
        monkeypatch.setenv("PLANNER_SMS_URL", gateway.url)
        publish(db, make_plan(db, world, BASE_LAYOUT, 1))
        outbox.send_pending(db, now=NOW)
        publish(db, make_plan(db, world, _layout(**{"F-001": ("14:30", "15:30")}), 2))
    assert "перенесён" in _of(db, "F-001", "queued")[0].body


def test_a_short_outage_with_many_immediate_retries_gives_nothing_up(db, world, monkeypatch):
    monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(free_port()))  # nobody listens: the outage
    monkeypatch.setenv("PLANNER_SMS_URL", "http://127.0.0.1:9/unreachable")
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    for minute in range(3 * outbox.MAX_ATTEMPTS):
        outbox.send_pending(db, now=NOW + dt.timedelta(minutes=minute), retry_now=True)
    assert db.scalars(select(Notice).where(Notice.status == "failed")).all() == []
    with SmtpServer() as smtp:
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(smtp.port))
        report = outbox.send_pending(db, now=NOW + dt.timedelta(hours=1), retry_now=True)
    assert len(report.sent) == 2 and len(smtp.messages) == 2


def test_given_up_notices_are_listed_and_sent_again(db, world, monkeypatch):
    monkeypatch.setenv("PLANNER_SMS_URL", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(free_port()))
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    for day in range(outbox.MAX_ATTEMPTS):
        outbox.send_pending(db, now=NOW + dt.timedelta(days=day))
    given_up = [n for n in outbox.undelivered(db) if n.status == "failed"]
    assert sorted(n.family.case_code for n in given_up) == ["F-001", "F-002", "F-004"]
    with SmtpServer() as smtp, SmsGateway() as gateway:
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(smtp.port))
        monkeypatch.setenv("PLANNER_SMS_URL", gateway.url)
        assert outbox.resend(db, [given_up[0].id]) == 1 and outbox.resend(db) == 2
        assert len(outbox.send_pending(db, now=NOW + dt.timedelta(days=9)).sent) == 3
    assert outbox.undelivered(db) == [] and outbox.waiting(db) == 0


def test_a_mail_server_that_never_answers_does_not_hold_up_the_sms(db, world, monkeypatch):
    with SilentSmtp() as silent, SmsGateway() as gateway:
        monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(silent.port))
        monkeypatch.setenv("PLANNER_SMS_URL", gateway.url)
        monkeypatch.setattr(channels, "SMTP_TIMEOUT", 20)
        gateway.on_request = silent.release.set  # the SMS arriving is what lets the mail server go
        publish(db, make_plan(db, world, BASE_LAYOUT, 1))
        report = outbox.send_pending(db, now=NOW)
    assert silent.client_still_waiting  # the SMS went out while the e-mail was still waiting
    assert [m["to"] for m in gateway.accepted] == ["+79000000002"] and len(report.sent) == 1
    assert len(report.retrying) == 2  # both e-mails: the first found the server gone, the second was not tried


def test_send_exits_1_while_notices_wait_for_their_retry(db, world, engine, monkeypatch):
    monkeypatch.setenv("PLANNER_SMS_URL", "http://127.0.0.1:9/unreachable")
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(free_port()))
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    db.commit()
    run = CliRunner()
    first = run.invoke(cli, ["--database", str(engine.url), "notices", "send"])
    again = run.invoke(cli, ["--database", str(engine.url), "notices", "send"])  # nothing due yet
    assert first.exit_code == 1 and again.exit_code == 1 and "3 not delivered yet" in again.output
    listed = run.invoke(cli, ["--database", str(engine.url), "notices", "failed"])
    assert listed.exit_code == 0 and listed.output.count("retrying") == 0 and listed.output.count("queued") == 3
    assert run.invoke(cli, ["--database", str(engine.url), "notices", "resend"]).exit_code == 2
