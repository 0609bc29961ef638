"""``planner create-admin`` and ``planner create-user``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.models import User
from planner.services.users import authenticate
from tests.web.region import build_region


@pytest.fixture()
def run(engine):
    def invoke(*args, password: str = ""):
        return CliRunner().invoke(cli, ["--database", str(engine.url), *args], input=password)
    return invoke


def test_create_admin_reads_the_password_from_stdin(run, db):
    result = run("create-admin", "boss", "--password-stdin", password="long enough secret\n")
    assert result.exit_code == 0, result.output
    assert authenticate(db, "boss", "long enough secret").role == "admin"
    assert "long enough secret" not in result.output


def test_create_admin_prompts_twice_without_stdin(run, db):
    result = run("create-admin", "boss", password="long enough secret\nlong enough secret\n")
    assert result.exit_code == 0, result.output
    assert db.query(User).filter_by(username="boss").one().role == "admin"


def test_create_user_links_a_specialist_to_staff(run, db):
    build_region(db)
    result = run("create-user", "anna", "--role", "specialist", "--staff", "sw-01", "--password-stdin",
                 password="long enough secret\n")
    assert result.exit_code == 0, result.output
    assert db.query(User).filter_by(username="anna").one().staff.code == "sw-01"


@pytest.mark.parametrize("args, password, message", [
    (("create-admin", "boss"), "short\n", "password"),
    (("create-user", "x", "--role", "head", "--staff", "nobody"), "long enough secret\n", "staff"),
])
def test_bad_input_exits_2_and_names_the_field(run, db, args, password, message):
    result = run(*args, "--password-stdin", password=password)
    assert result.exit_code == 2 and message in result.output
    assert db.query(User).count() == 0


def test_duplicate_username_is_refused(run, db):
    run("create-admin", "boss", "--password-stdin", password="long enough secret\n")
    result = run("create-admin", "boss", "--password-stdin", password="another long secret\n")
    assert result.exit_code == 2 and "already exists" in result.output
