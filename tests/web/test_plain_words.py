"""Names and words people use, on the coordinator's, specialist's and admin's pages."""

from __future__ import annotations

import datetime as dt

from planner import clock
from planner.models import Family, Programme
from planner.services.production_calendar import week_of
from tests.web.conftest import csrf_token
from tests.web.region import published_route


def test_the_coordinator_is_told_when_the_week_has_no_published_plan(as_role, region):
    page = as_role("coordinator").get("/coordinator/").get_data(as_text=True)
    assert 'id="no-published-plan"' in page and "ещё не опубликован" in page




def test_the_coordinator_map_opens_on_the_coming_published_week(as_role, region, db, app):
    coming = clock.today(app.config["TIMEZONE"]) + dt.timedelta(days=7)
    published_route(db, region, coming, ["sw-01"])
    page = as_role("coordinator").get("/coordinator/").get_data(as_text=True)
    assert 'id="no-published-plan"' not in page and f"week={week_of(coming)}" in page


def test_the_specialists_crew_line_names_people(as_role, region, db, app):
    published_route(db, region, clock.today(app.config["TIMEZONE"]) + dt.timedelta(days=1), ["sw-01", "psy-01"])
    page = as_role("specialist").get("/me/").get_data(as_text=True)
    assert "Борис Психолог" in page and "psy-01" not in page


def test_the_family_form_keeps_convenient_hours(as_role, region, db):
    client = as_role("admin")
    family = region["families"][0]
    page = client.get(f"/admin/families/{family.id}").get_data(as_text=True)
    assert 'name="availability"' in page and "Удобные часы" in page
    form = {"csrf_token": csrf_token(client, "/admin/"), "case_code": family.case_code,
            "settlement_id": family.settlement_id, "address": family.address, "lat": family.lat,
            "lon": family.lon, "category": family.category, "curator_id": "", "status": "open",
            "people": "3", "notice_channel": "none", "availability": "mon-fri 16:00-19:00"}
    assert client.post(f"/admin/families/{family.id}", data=form).status_code == 302
    db.expire_all()
    assert db.get(Family, family.id).availability["mon"] == [["16:00", "19:00"]]


def test_programme_kinds_are_shown_in_russian(as_role, db, region):
    db.add(Programme(code="art-1", name="Цветные ладошки", kind="art_therapy", sessions=8, minutes=60,
                     roles=["psychologist"]))
    db.commit()
    client = as_role("admin")
    assert "арт-терапия" in client.get("/admin/programmes/").get_data(as_text=True)
    assert "арт-терапия" in client.get("/admin/programmes/new").get_data(as_text=True)
