"""The password policy, and create-user refusing what it forbids."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.services.passwords import problem
from planner.services.users import UserError, create_user


@pytest.mark.parametrize("password", ["12345678", "password", "Password", "qwerty123", "        ",
                                      "  short  ", "aaaaaaaa", "abababab", "hgfedcba", "ghbdtn123",
                                      "maria-2026", "xMARIAx99"])
def test_weak_passwords_are_refused(password):
    assert problem(password, "maria") is not None


@pytest.mark.parametrize("password", ["correct horse", "Лес-у-реки-7", "tq8-Zp2!mw"])
def test_good_passwords_pass(password):
    assert problem(password, "maria") is None


def test_create_user_refuses_a_weak_password(db):
    with pytest.raises(UserError, match="password"):
        create_user(db, "maria", "12345678", "head")


def test_create_user_command_refuses_spaces_only(tmp_path):
    result = CliRunner().invoke(cli, ["--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "create-user",
                                      "maria", "--role", "head", "--password-stdin"], input=" " * 12 + "\n")
    assert result.exit_code == 2 and "password" in result.output
