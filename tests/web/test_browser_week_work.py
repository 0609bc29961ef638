"""In Chromium: an urgent visit re-plans the week, publishing is confirmed, outcomes are recorded on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner import clock
from planner.models import Plan, Route, Stop, VisitRecord
from planner.services.production_calendar import week_of, working_days
from planner.services.urgent import running_week
from planner.services.users import create_user
from tests.web.browser import Watch
from tests.web.conftest import PASSWORD
from tests.web.test_browser import browser, live, open_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_an_urgent_visit_is_entered_re_planned_and_published_with_confirmation(browser, live, db):  # noqa: F811
    page, watch = open_page(browser, live, "head")
    page.goto(f"{live.url}/urgent/new")
    page.fill("#family-search", "C-003")
    page.select_option("#family_id", page.locator("#family_id option", has_text="C-003").get_attribute("value"))
    page.check("input[name=roles][value=social_worker]")
    today = clock.today()
    page.fill("#deadline", max(working_days(running_week(today))).isoformat())
    page.fill("#note", "Сообщение из школы")
    page.click("#save-urgent")
    page.wait_for_url(re.compile(r".*/head/plans/\d+$"), timeout=90_000)
    db.expire_all()
    plan = db.get(Plan, int(page.url.rsplit("/", 1)[1]))
    assert plan.week == running_week(today)
    page.click("#publish")
    page.wait_for_selector("#publish-confirm")
    assert page.locator("#effect-families strong").inner_text().isdigit()
    page.click("#confirm-publish")
    page.wait_for_load_state()
    assert page.locator("#plan-status").get_attribute("class").endswith("published")
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)


def test_a_specialist_records_a_visit_on_a_phone(browser, live, db, region):  # noqa: F811
    create_user(db, "specialist", PASSWORD, "specialist", "sw-01")
    today = clock.today()
    route = Route(vehicle=region["vehicle"], date=today, crew=["sw-01"], depart="08:30", return_="16:00")
    route.stops.append(Stop(visit_request=region["families"][0].visit_requests[0], seq=1, arrive="09:30",
                            start="10:00", end="11:00", staff=["sw-01"]))
    db.add(Plan(week=week_of(today), version=1, status="published", routes=[route]))
    db.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    watch = Watch()
    watch.attach(page, live.url)
    page.goto(f"{live.url}/login")
    page.fill("#username", "specialist")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    page.click("#to-record a")
    page.check("input[name=outcome][value=done]")
    page.fill("#adults", "2")
    page.fill("#note", "Всё хорошо")
    box = page.locator("#save-outcome").bounding_box()
    assert box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#save-outcome")
    page.wait_for_selector("#to-record .badge.published")
    record = db.query(VisitRecord).one()
    assert (record.outcome, record.adults, record.note) == ("done", 2, "Всё хорошо")
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
    context.close()


def test_an_absence_is_entered_and_its_damage_shown(browser, live, db, region):  # noqa: F811
    today = clock.today()
    day = today + dt.timedelta(days=1)
    route = Route(vehicle=region["vehicle"], date=day, crew=["sw-01", "psy-01"], depart="08:30", return_="16:00")
    route.stops.append(Stop(visit_request=region["families"][3].visit_requests[0], seq=1, arrive="09:30",
                            start="10:00", end="11:00", staff=["sw-01", "psy-01"]))
    db.add(Plan(week=week_of(day), version=1, status="published", routes=[route]))
    db.commit()
    page, watch = open_page(browser, live, "head")
    page.click("header a:has-text('Отсутствия')")
    page.select_option("#absence-staff_id", label="Борис Психолог")
    page.select_option("#absence-reason", "sick")
    page.fill("#absence-start", day.isoformat())
    page.fill("#absence-end", day.isoformat())
    page.click("#absence-form button[type=submit]")
    page.wait_for_selector(f"#replan-{week_of(day)}")
    assert "Борис Психолог" in page.locator(f"#breaks-{week_of(day)}").inner_text()
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
