"""``planner publish``, ``planner notices`` and ``planner feeds token`` against a file database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from planner.cli import cli
from planner.db import session_factory
from planner.models import Notice, Plan
from planner.services import tokens
from tests.services.mailboxes import SmtpServer
from tests.services.world import BASE_LAYOUT, WEEK, make_plan, make_world


@pytest.fixture()
def run(engine):
    with session_factory(engine)() as db:
        world = make_world(db)
        make_plan(db, world, BASE_LAYOUT, 1)
        db.commit()
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, ["--database", str(engine.url), *args])


def test_publish_then_send_and_print(run, engine, tmp_path, monkeypatch):
    published = run("publish", WEEK)
    assert published.exit_code == 0, published.output
    assert "4 new" in published.output and "4 notice(s) queued" in published.output
    monkeypatch.setenv("PLANNER_SMS_URL", "http://127.0.0.1:9/unreachable")
    with SmtpServer() as smtp:
        monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(smtp.port))
        sent = run("notices", "send")
    assert sent.exit_code == 1 and "sent 2, will retry 1" in sent.output
    assert len(smtp.messages) == 2
    printed = run("notices", "print", "--out", str(tmp_path / "list.csv"), "--mark-printed")
    assert printed.exit_code == 0 and "1 notice(s)" in printed.output
    assert "F-003" in (tmp_path / "list.csv").read_text(encoding="utf-8-sig")
    with session_factory(engine)() as db:
        assert db.scalars(select(Plan)).one().status == "published"
        assert sorted(n.status for n in db.scalars(select(Notice))) == ["queued", "sent", "sent", "sent"]


def test_publish_unknown_week_is_a_usage_error(run):
    result = run("publish", "1999-W01")
    assert result.exit_code == 2 and "no draft of week 1999-W01" in result.output


def test_token_issue_and_revoke(run, engine):
    issued = run("feeds", "token", "issue", "staff", "sw1", "--base-url", "https://planner.example")
    assert issued.exit_code == 0
    url = issued.output.strip()
    assert url.startswith("https://planner.example/feeds/") and url.endswith(".ics")
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    with session_factory(engine)() as db:
        assert tokens.resolve(db, secret) is not None
    assert run("feeds", "token", "revoke", "staff", "sw1").output.strip() == "revoked 1 token(s)"
    with session_factory(engine)() as db:
        assert tokens.resolve(db, secret) is None
    missing = run("feeds", "token", "issue", "family", "NOPE")
    assert missing.exit_code == 2 and "no family with code 'NOPE'" in missing.output
