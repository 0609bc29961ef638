"""Expedition series through the term timetable, agreement letters over real SMTP,
the token answers, and re-placing a declined date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from icalendar import Calendar

from planner.models import Depot, Plan, PublishedEvent, Staff, Term, TripAnswer, Vehicle
from planner.services import agreement, expeditions, feeds, timetable
from tests.services.expedition_world import BEFORE, TERM_END, TERM_START, make_expedition_world
from tests.services.mailboxes import SmtpServer

LINK = re.compile(r"https://centre\.example/agreement/([\w-]+)")


def link(token: str) -> str:
    return f"https://centre.example/agreement/{token}"


@pytest.fixture()
def series(db):
    series = make_expedition_world(db)
    timetable.plan_term(db, "t", TERM_START, TERM_END, time_limit=10)
    return series


@pytest.fixture()
def smtp(monkeypatch):
    with SmtpServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(server.port))
        yield server


def tokens_to(smtp, address: str) -> list[str]:
    return [t for rcpt, message in smtp.messages if address in rcpt
            for t in LINK.findall(message.get_content())]


def test_the_term_places_every_trip_on_a_day_each_partner_works(series):
    trips = series.trip_rows
    assert [t.n for t in trips] == [1, 2, 3, 4]
    assert [t.district.code for t in trips] == ["north", "south", "north", "south"]
    for trip in trips:
        assert trip.date.weekday() in (1, 3)  # the narcologist's Tuesday or Thursday
        assert {"narc-1", "pdn-1"} <= set(trip.staff)
        assert trip.reception_venue.code == ("dk-north" if trip.district.code == "north"
                                             else "fap-south")
        assert trip.meeting_venue.code == "hall" and trip.meeting_date < trip.date
        assert expeditions.state(trip) == "not_sent"


def test_letters_in_russian_with_a_link_per_trip_to_partners_and_their_contact(db, series, smtp):
    report = agreement.ask(db, series, link, now=BEFORE)
    assert sorted(report.sent) == ["head@crb.example.org", "narc-1@crb.example.org",
                                   "pdn-1@pdn.example.org"]
    assert not tokens_to(smtp, "sw-1@centre.example.org")  # the centre's own staff are not asked
    rcpt, message = next(m for m in smtp.messages if "narc-1@crb.example.org" in m[0])
    text = message.get_content()
    assert message["Subject"] == "Согласование выездов «Семейная экспедиция»"
    assert "Здравствуйте, Никитина Ольга!" in text and "Приём семей: ФАП, д. Южная" in text
    assert len(tokens_to(smtp, "narc-1@crb.example.org")) == 4
    stored = db.query(TripAnswer).all()
    assert len(stored) == 12 and all(a.sent_at == BEFORE for a in stored)
    assert not any(t in a.digest for a in stored for t in tokens_to(smtp, "narc-1"))
    assert agreement.ask(db, series, link, now=BEFORE).sent == []  # nothing new to ask


def test_confirm_round_trip_agrees_the_trip_and_reuse_changes_nothing(db, series, smtp):
    agreement.ask(db, series, link, now=BEFORE)
    first = series.trip_rows[0]
    for address in ("narc-1@crb.example.org", "pdn-1@pdn.example.org", "head@crb.example.org"):
        token = tokens_to(smtp, address)[0]
        assert agreement.find(db, token, BEFORE).answer.trip is first
        assert agreement.respond(db, token, "confirm", BEFORE).kind == "confirmed"
    assert expeditions.state(first) == "agreed"
    again = agreement.respond(db, tokens_to(smtp, "narc-1@crb.example.org")[0], "decline", BEFORE)
    assert again.kind == "answered" and again.answer.status == "confirmed"
    assert expeditions.state(first) == "agreed"
    narcologist = next(a.staff for a in first.answers if a.staff is not None)
    assert first in expeditions.confirmed_for(db, narcologist)
    calendar = Calendar.from_ical(feeds.staff_feed(db, narcologist, TERM_START).body)
    trips = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(first.key + "@")]
    assert len(trips) == 1 and trips[0]["summary"] == "Межведомственный выезд: Северный район"
    unconfirmed = series.trip_rows[1]
    assert not any(str(e["uid"]).startswith(unconfirmed.key + "@")
                   for e in calendar.walk("VEVENT"))


def test_forged_and_expired_tokens_change_nothing(db, series, smtp):
    agreement.ask(db, series, link, now=BEFORE)
    assert agreement.respond(db, "forged-token", "confirm", BEFORE).kind == "unknown"
    token = tokens_to(smtp, "pdn-1@pdn.example.org")[0]
    trip = agreement.find(db, token, BEFORE).answer.trip
    late = dt.datetime.combine(trip.date, dt.time(9, 0))
    assert agreement.respond(db, token, "confirm", late).kind == "expired"
    assert {a.status for a in db.query(TripAnswer)} == {"pending"}


def test_a_declined_date_is_replaced_around_the_confirmed_trips_and_asked_again(db, series,
                                                                                 smtp):
    agreement.ask(db, series, link, now=BEFORE)
    first, second = series.trip_rows[:2]
    for address in ("narc-1@crb.example.org", "pdn-1@pdn.example.org", "head@crb.example.org"):
        agreement.respond(db, tokens_to(smtp, address)[0], "confirm", BEFORE)
    token = tokens_to(smtp, "narc-1@crb.example.org")[1]
    declined, agreed_day = second.date, first.date
    assert agreement.respond(db, token, "decline", BEFORE).kind == "declined"
    assert expeditions.state(second) == "declined"
    before = {t.n: t.date for t in series.trip_rows}
    moved = expeditions.replace_declined(db, second.id, time_limit=10)
    assert moved is second and moved.date != declined and moved.date.weekday() == 3
    assert first.date == agreed_day and expeditions.state(first) == "agreed"
    changed = [t for t in series.trip_rows if t.date != before[t.n]]
    assert all(expeditions.state(t) == "not_sent" for t in changed)
    assert agreement.find(db, token, BEFORE).kind == "superseded"  # its date is gone
    sent_before = len(smtp.messages)
    report = agreement.ask(db, series, link, now=BEFORE)
    assert sorted(report.sent) == ["head@crb.example.org", "narc-1@crb.example.org",
                                   "pdn-1@pdn.example.org"]
    assert len(smtp.messages) == sent_before + 3
    assert len(tokens_to(smtp, "narc-1@crb.example.org")) == 4 + len(changed)


def test_replacing_a_trip_nobody_declined_is_refused(db, series):
    with pytest.raises(expeditions.ExpeditionError, match="was not declined"):
        expeditions.replace_declined(db, series.trip_rows[0].id)


def test_a_letter_that_cannot_be_sent_waits_for_the_next_try(db, series, monkeypatch):
    monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLANNER_SMTP_PORT", "9")  # nothing listens there
    report = agreement.ask(db, series, link, now=BEFORE)
    assert not report.sent and set(report.failed) >= {"narc-1@crb.example.org"}
    assert all(a.sent_at is None and a.last_error for a in db.query(TripAnswer))


def test_the_team_is_drawn_from_the_people_of_the_vehicles_depot(db):
    series = make_expedition_world(db)
    away = Staff(code="sw-away", full_name="Седова Ирина", roles=["social_worker"],
                 agency=series.organiser, depot=Depot(code="branch", name="Отделение", lat=53.8,
                                                      lon=37.2))
    db.add(away)
    series.staff_pool = [*series.staff_pool, "sw-away"]
    db.flush()
    term = Term(code="t2", start=TERM_START, end=TERM_END)
    assert expeditions.request_part(db, term)["expeditions"][0]["staff_pool"] == [
        "narc-1", "pdn-1", "sw-1", "sw-2"]  # the week's route carries only its depot's people


def test_a_centre_worker_in_the_trips_second_car_sees_that_car_in_the_trip(db, series):
    trip = series.trip_rows[0]
    for person in expeditions.partner_staff(trip):
        trip.answers.append(TripAnswer(staff=person, email=person.email, date=trip.date,
                                       digest=f"d-{person.code}", status="confirmed",
                                       expires_at=dt.datetime.combine(trip.date, dt.time()),
                                       created_at=BEFORE))
    worker = db.query(Staff).filter(Staff.code.in_(trip.staff), Staff.code.like("sw-%")).first()
    niva = Vehicle(code="niva-1", name="Нива", depot=series.vehicle.depot, seats=4)
    plan = Plan(week="w", version=1, status="published")
    db.add(PublishedEvent(uid=f"trip-niva-1-{trip.date}", kind="trip", week="w", plan=plan,
                          date=trip.date, start=trip.start, end=trip.end, vehicle=niva,
                          crew=[worker.code], audience=[worker.code], created_at=BEFORE,
                          last_modified=BEFORE))
    db.flush()

    def described(member: Staff) -> str:
        calendar = Calendar.from_ical(feeds.staff_feed(db, member, TERM_START).body)
        return next(str(e["description"]) for e in calendar.walk("VEVENT")
                    if str(e["uid"]).startswith(trip.key + "@"))

    assert "Машина: Нива" in described(worker)
    partner = expeditions.partner_staff(trip)[0]
    assert f"Машина: {series.vehicle.name}" in described(partner)  # not published: the series' car
