"""The head and the coordinator record group sessions held and follow-ups made."""

from __future__ import annotations

import datetime as dt

import pytest

from planner import clock
from planner.models import FollowUp, Programme, Service, Session, SessionRecord, Term, VisitRecord
from planner.services.cases import close_case
from tests.web.conftest import csrf_token


@pytest.fixture()
def today():
    return clock.today()


@pytest.fixture()
def sessions(db, region, today):
    """A club session a week ago and one next week."""
    club = Programme(code="club", name="Семейный клуб", kind="club")
    term = Term(code="t", start=today - dt.timedelta(days=60), end=today + dt.timedelta(days=60))
    past, coming = (Session(term=term, programme=club, n=n, date=today + dt.timedelta(days=days),
                            start="15:00", end="16:30") for n, days in ((1, -7), (2, 7)))
    db.add_all([past, coming])
    db.commit()
    return past, coming


def post(client, url, prefix, **fields):
    data = {"csrf_token": csrf_token(client, "/records/sessions"),
            **{f"{prefix}-{name}": value for name, value in fields.items()}}
    return client.post(url, data=data, follow_redirects=True)


@pytest.mark.parametrize("role", ["head", "coordinator"])
def test_a_session_held_is_recorded_with_its_attendance(as_role, sessions, db, role):
    client = as_role(role)
    past, coming = sessions
    page = client.get("/records/sessions").get_data(as_text=True)
    assert f'id="s{past.id}"' in page and f'id="s{coming.id}"' not in page
    page = post(client, f"/records/sessions/{past.id}", f"s{past.id}", held="yes", families="4",
                adults="5", children="6", note="").get_data(as_text=True)
    assert "Записано" in page
    record = db.query(SessionRecord).one()
    assert (record.date, record.held, record.families, record.adults, record.children) == \
        (past.date, True, 4, 5, 6)


def test_attendance_at_a_session_not_held_is_refused(as_role, sessions, db):
    client = as_role("head")
    past, coming = sessions
    page = post(client, f"/records/sessions/{past.id}", f"s{past.id}", held="no", families="2",
                adults="0", children="0", note="").get_data(as_text=True)
    assert "Не записано" in page and db.query(SessionRecord).count() == 0
    page = post(client, f"/records/sessions/{coming.id}", f"s{coming.id}", held="yes",
                families="1", adults="1", children="0", note="").get_data(as_text=True)
    assert "когда наступит его день" in page and db.query(SessionRecord).count() == 0


def test_others_cannot_record(as_role, sessions):
    assert as_role("specialist").get("/records/sessions").status_code == 403


def test_a_follow_up_due_is_recorded(as_role, region, db, today):
    family = region["families"][0]
    family.intake_date = today - dt.timedelta(days=800)
    close_case(db, family.id, today - dt.timedelta(days=370), "improved")
    db.commit()
    client = as_role("coordinator")
    page = client.get("/records/follow-ups").get_data(as_text=True)
    assert family.case_code in page and family.display_name not in page
    first = family.follow_ups[0]
    ahead = post(client, f"/records/follow-ups/{first.id}", f"f{first.id}",
                 date=(today + dt.timedelta(days=1)).isoformat(), result="child_in_family", note="")
    assert "не заранее" in ahead.get_data(as_text=True)
    page = post(client, f"/records/follow-ups/{first.id}", f"f{first.id}", date=today.isoformat(),
                result="child_in_family", note="звонок").get_data(as_text=True)
    assert "записан" in page
    db.expire_all()
    assert (db.get(FollowUp, first.id).date, db.get(FollowUp, first.id).result) == \
        (today, "child_in_family")
    assert family.case_code not in client.get("/records/follow-ups").get_data(as_text=True)


def test_an_online_consultation_is_recorded(as_role, region, db, today):
    db.add(Service(code="talk", name="Беседа психолога"))
    db.commit()
    client = as_role("coordinator")
    page = client.get("/records/contacts").get_data(as_text=True)
    assert "Беседа психолога" in page
    form = {"csrf_token": csrf_token(client, "/records/contacts"), "case_code": "C-003",
            "date": today.isoformat(), "mode": "online", "services": ["talk"], "staff": ["psy-01"],
            "adults": "1", "children": "0", "note": ""}
    page = client.post("/records/contacts", data=form, follow_redirects=True).get_data(as_text=True)
    assert "записан" in page
    record = db.query(VisitRecord).one()
    assert (record.family.case_code, record.mode, record.services, record.staff, record.outcome) == \
        ("C-003", "online", ["talk"], ["psy-01"], "done")
    unknown = client.post("/records/contacts", data={**form, "case_code": "C-999"})
    assert "Нет случая с таким кодом" in unknown.get_data(as_text=True)
    ahead = client.post("/records/contacts", data={**form, "date": (today + dt.timedelta(days=2)).isoformat()})
    assert "когда он состоялся" in ahead.get_data(as_text=True)
    assert db.query(VisitRecord).count() == 1
