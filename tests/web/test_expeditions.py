"""The head's expedition pages and the partners' token pages, end to end over real SMTP."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner.models import ExpeditionTrip, Term, TripAnswer
from planner.clock import today
from planner.services.users import create_user
from tests.services.expedition_world import make_expedition_world
from tests.services.mailboxes import SmtpServer
from tests.web.conftest import PASSWORD, csrf_token, sign_in

LINK = re.compile(r"http://localhost/agreement/([\w-]+)")


@pytest.fixture()
def smtp(monkeypatch):
    with SmtpServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(server.port))
        yield server


@pytest.fixture()
def head(client, db, clock):
    """The series, an eight-week term from the Monday after next (room for holidays), a head."""
    make_expedition_world(db)
    monday = today() - dt.timedelta(days=today().weekday())
    start = monday + dt.timedelta(days=14)
    db.add(Term(code="term", start=start, end=start + dt.timedelta(days=55), closed_dates=[]))
    create_user(db, "head", PASSWORD, "head", None)
    db.commit()
    assert sign_in(client, "head").status_code == 302
    return client


def post(client, url: str, page: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def tokens(smtp, address: str) -> list[str]:
    return [t for rcpt, m in smtp.messages if address in rcpt for t in LINK.findall(m.get_content())]


def place_and_send(client, db):
    term = db.query(Term).one()
    page = "/head/expeditions/exp"
    assert post(client, "/head/expeditions/exp/place", page, term=term.id).status_code == 302
    assert post(client, "/head/expeditions/exp/send", page).status_code == 302


def test_the_head_places_sends_and_sees_who_answered(head, db, smtp):
    place_and_send(head, db)
    assert len(db.query(ExpeditionTrip).all()) == 4
    first = tokens(smtp, "narc-1@crb.example.org")[0]
    page = head.get(f"/agreement/{first}")
    assert page.status_code == 200 and 'id="confirm"' in page.get_data(as_text=True)
    head.post("/logout", data={"csrf_token": csrf_token(head, "/head/expeditions/")})
    answered = post(head, f"/agreement/{first}", f"/agreement/{first}", choice="confirm")
    assert answered.status_code == 200 and "вы подтвердили" in answered.get_data(as_text=True)
    second = tokens(smtp, "pdn-1@pdn.example.org")[1]
    post(head, f"/agreement/{second}", f"/agreement/{second}", choice="decline")
    assert sign_in(head, "head").status_code == 302
    text = head.get("/head/expeditions/exp").get_data(as_text=True)
    assert "Никитина Ольга: подтвердил" in text
    assert "Фёдоров Николай: отклонил" in text
    assert "Главный врач ЦРБ: ответа пока нет" in text
    assert "Перенести и согласовать снова" in text


def test_reused_forged_and_expired_links_get_a_clear_page_and_change_nothing(head, db, smtp,
                                                                            clock):
    place_and_send(head, db)
    token = tokens(smtp, "narc-1@crb.example.org")[0]
    post(head, f"/agreement/{token}", f"/agreement/{token}", choice="decline")
    again = post(head, f"/agreement/{token}", f"/agreement/{token}", choice="confirm")
    assert again.status_code == 409 and "уже использована" in again.get_data(as_text=True)
    forged = post(head, "/agreement/" + "x" * 43, f"/agreement/{token}", choice="confirm")
    assert forged.status_code == 404 and "недействительна" in forged.get_data(as_text=True)
    late = tokens(smtp, "pdn-1@pdn.example.org")[0]
    clock.advance(days=70)  # past every trip of the term: answers are taken until the day
    expired = post(head, f"/agreement/{late}", f"/agreement/{token}", choice="confirm")
    assert expired.status_code == 410 and "истёк" in expired.get_data(as_text=True)
    db.expire_all()
    assert sorted(a.status for a in db.query(TripAnswer)) == ["declined"] + ["pending"] * 11


def test_a_declined_trip_is_replaced_and_the_change_goes_out_again(head, db, smtp):
    place_and_send(head, db)
    token = tokens(smtp, "narc-1@crb.example.org")[1]
    post(head, f"/agreement/{token}", f"/agreement/{token}", choice="decline")
    trip = db.query(ExpeditionTrip).filter_by(n=2).one()
    declined, letters = trip.date, len(smtp.messages)
    answer = post(head, f"/head/expeditions/trips/{trip.id}/replace", "/head/expeditions/exp")
    assert answer.status_code == 302
    db.expire_all()
    assert trip.date != declined
    assert len(smtp.messages) == letters + 3


def test_the_head_creates_a_series_with_the_form(head, db):
    from planner.models import Agency, District, Staff, Vehicle, Venue
    ids = lambda model, codes: [str(db.query(model).filter_by(code=c).one().id) for c in codes]  # noqa: E731
    form = {"code": "exp-2", "name": "Вторая экспедиция",
            "organiser_id": ids(Agency, ["centre"])[0], "vehicle_id": ids(Vehicle, ["gaz-1"])[0],
            "districts": ids(District, ["south", "north"]), "trips": "2", "weeks_apart": "1",
            "minutes": "420", "roles": ["narcologist", "social_worker"],
            "staff_pool": ids(Staff, ["narc-1", "sw-1"]), "reception": ids(Venue, ["fap-south"]),
            "meeting_roles": ["social_worker"], "meeting_venue_id": ids(Venue, ["hall"])[0],
            "meeting_minutes": "60"}
    answer = post(head, "/head/expeditions/new", "/head/expeditions/new", **form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert "Вторая экспедиция" in head.get("/head/expeditions/").get_data(as_text=True)
    bad = post(head, "/head/expeditions/new", "/head/expeditions/new",
               **dict(form, code="exp-3", staff_pool=ids(Staff, ["sw-1"])))
    assert "не сохранена" in bad.get_data(as_text=True)
    assert "нарколог" in bad.get_data(as_text=True) and "nobody" not in bad.get_data(as_text=True)
    again = post(head, "/head/expeditions/new", "/head/expeditions/new", **form).get_data(as_text=True)
    assert "exp-2" in again and "exists" not in again and "уже есть" in again


def test_other_roles_cannot_open_the_head_pages(client, db):
    create_user(db, "coordinator", PASSWORD, "coordinator", None)
    db.commit()
    sign_in(client, "coordinator")
    assert client.get("/head/expeditions/").status_code == 403
