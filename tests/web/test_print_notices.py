"""The printable list of notices for families without a phone."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.db import session_factory
from planner.models import Notice
from planner.services.publishing import publish
from planner.services.users import create_user
from tests.services.world import BASE_LAYOUT, make_plan, make_world
from tests.web.conftest import PASSWORD, csrf_token, sign_in


@pytest.fixture()
def published(engine):
    with session_factory(engine)() as db:
        world = make_world(db)
        publish(db, make_plan(db, world, BASE_LAYOUT, 1))
        create_user(db, "coord", PASSWORD, "coordinator")
        create_user(db, "anna", PASSWORD, "specialist", "sw1")
        db.commit()


def test_coordinator_prints_and_marks_handed_over(client, engine, published):
    sign_in(client, "coord")
    page = client.get("/notices/print").get_data(as_text=True)
    assert "F-003" in page and "с 09:00 до 10:00" in page and "Иванова" not in page
    assert "F-001" not in page  # that family gets e-mail
    client.post("/notices/print", data={"csrf_token": csrf_token(client, "/notices/print"),
                                        "notice": ["999", *_print_ids(engine)]})
    with session_factory(engine)() as db:
        assert [n.status for n in db.scalars(select(Notice).where(Notice.channel == "print"))] == ["sent"]
    assert "F-003" not in client.get("/notices/print").get_data(as_text=True)


def test_specialist_may_not_open_the_list(client, published):
    sign_in(client, "anna")
    assert client.get("/notices/print").status_code == 403


def _print_ids(engine) -> list[str]:
    with session_factory(engine)() as db:
        return [str(n.id) for n in db.scalars(select(Notice).where(Notice.channel == "print"))]
