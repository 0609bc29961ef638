"""Centres on the command line: add one, import into it, export it, and no command mixes centres."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planner.cli import cli
from planner.commands.data import DEMO
from planner.db import make_engine, session_factory
from planner.models import Centre, Family, User


@pytest.fixture()
def run(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    def invoke(*args, **kwargs):
        return CliRunner().invoke(cli, ["--database", url, *map(str, args)], **kwargs)
    invoke.url = url
    return invoke


def _per_centre(url: str, model) -> dict[str, int]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        counts = dict(session.execute(select(Centre.code, func.count(model.id)).join(model, model.centre_id == Centre.id)
                                      .group_by(Centre.code)).all())
    engine.dispose()
    return counts


def test_the_demo_region_imports_into_a_second_centre_and_exports_the_same(run, tmp_path):
    assert run("load-demo").exit_code == 0
    added = run("add-centre", "tula-2", "СРЦН № 2")
    assert added.exit_code == 0, added.output
    assert run("add-centre", "tula-2", "again").exit_code == 2
    imported = run("--centre", "tula-2", "import", DEMO)
    assert imported.exit_code == 0, imported.output
    families = _per_centre(run.url, Family)
    assert families["centre"] == families["tula-2"] > 0, "the same codes, once in each centre"
    again = run("--centre", "tula-2", "import", DEMO)
    assert again.exit_code == 0 and " 0 created, 0 updated" in again.output
    assert run("--centre", "tula-2", "export", tmp_path / "out").exit_code == 0
    for path in sorted(DEMO.glob("*.csv")):
        assert (tmp_path / "out" / path.name).read_bytes() == path.read_bytes(), path.name
    listed = run("centres").output.splitlines()
    assert listed[1].startswith("tula-2\tСРЦН № 2\t0 accounts\t") and listed[0].split("\t")[3] == listed[1].split("\t")[3]


def test_a_command_of_an_installation_with_several_centres_needs_one(run):
    run("init-db")
    run("add-centre", "second", "Второй")
    result = run("export", "somewhere")
    assert result.exit_code == 2 and "several centres: name one with --centre" in result.output
    assert run("--centre", "nowhere", "export", "somewhere").exit_code == 2


def test_an_account_belongs_to_the_centre_it_is_created_in(run):
    run("init-db")
    run("add-centre", "second", "Второй")
    made = run("--centre", "second", "create-user", "region", "--role", "regional", "--password-stdin",
               input="a long enough passphrase\n")
    assert made.exit_code == 0, made.output
    assert _per_centre(run.url, User) == {"second": 1}


def test_a_user_name_is_taken_in_every_centre(run):
    run("init-db")
    run("add-centre", "second", "Второй")
    assert run("--centre", "centre", "create-user", "anna", "--role", "head", "--password-stdin",
               input="a long enough passphrase\n").exit_code == 0
    again = run("--centre", "second", "create-user", "anna", "--role", "head", "--password-stdin",
                input="a long enough passphrase\n")
    assert again.exit_code == 2 and "'anna' already exists" in again.output
