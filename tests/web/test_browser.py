"""End to end in headless Chromium: generate -> review -> publish, and the maps.

The optimiser is the real one on the small test region, with a short time limit.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from planner.models import Centre
from planner.services.users import create_user
from planner.web import create_app
from tests.web.browser import OFFLINE_TILES, LiveServer, Watch, launch
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser
WEEK = "2026-W50"


@pytest.fixture()
def live(engine, db, region):
    for role in ("head", "coordinator"):
        create_user(db, role, PASSWORD, role)
    db.commit()
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "browser", "PLAN_TIME_LIMIT": 3,
                      "TILE_URL": OFFLINE_TILES})
    with LiveServer(app) as server:
        yield server


@pytest.fixture()
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def open_page(browser, live, role: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch = Watch()
    watch.attach(page, live.url)
    page.goto(f"{live.url}/login")
    page.fill("#username", role)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    return page, watch


def test_generate_review_publish_and_coverage(browser, live):
    page, watch = open_page(browser, live, "head")
    page.goto(f"{live.url}/head/?week={WEEK}")
    page.click("#generate")
    page.wait_for_selector("#job-bar")
    page.wait_for_url(re.compile(r".*/head/plans/\d+$"), timeout=90_000)
    assert page.locator(".route-card").count() >= 1
    frame = page.frame_locator("#plan-map")
    frame.locator(".stop-marker").first.wait_for(state="attached", timeout=20_000)
    assert frame.locator(".stop-marker").count() >= 1
    assert frame.locator("path.route-line").count() >= 1
    assert frame.locator("path.district-outline").count() == 2
    page.click("#publish")
    page.wait_for_selector("#publish-confirm")
    page.click("#confirm-publish")
    page.wait_for_load_state()
    assert page.locator("#plan-status").get_attribute("class").endswith("published")
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)

    coordinator, watch = open_page(browser, live, "coordinator")
    coordinator.goto(f"{live.url}/coordinator/?week={WEEK}")
    frame = coordinator.frame_locator("#coverage-map")
    frame.locator("path.settlement-marker").first.wait_for(state="attached", timeout=20_000)
    assert frame.locator("path.settlement-marker").count() == 5
    assert frame.locator("path.route-line").count() >= 1
    assert coordinator.locator("#coverage-table tbody tr").count() == 5
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)


def test_route_sheet_prints_on_one_a4_page(browser, live, db):
    page, watch = open_page(browser, live, "head")
    page.goto(f"{live.url}/head/?week={WEEK}")
    page.click("#generate")
    page.wait_for_url(re.compile(r".*/head/plans/\d+$"), timeout=90_000)
    page.click("text=Маршрутный лист")
    page.wait_for_selector(".sheet")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert not watch.errors, watch.errors


@pytest.mark.parametrize("role, path", [("head", "/head/"), ("coordinator", "/coordinator/"),
                                        ("admin", "/admin/families/"), ("specialist", "/me/"),
                                        ("coordinator", "/reports/")])
def test_each_roles_page_loads_without_script_errors_in_both_languages(browser, live, db, role, path):
    if role in ("admin", "specialist"):
        create_user(db, role, PASSWORD, role, "sw-01" if role == "specialist" else None)
        db.commit()
    page, watch = open_page(browser, live, role)
    page.goto(live.url + path)
    assert page.locator("html").get_attribute("lang") == "ru"
    page.click("button:has-text('EN')")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en" and page.url.endswith(path)
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)


def test_the_report_prints_on_a4_with_its_charts(browser, live, db):
    db.scalar(select(Centre)).name = "СРЦН «Надежда»"
    db.commit()
    page, watch = open_page(browser, live, "head")
    page.goto(f"{live.url}/reports/?from=2026-01-01&to=2026-12-31")
    assert page.locator("svg.chart").count() >= 2 and page.locator("svg.chart").first.is_visible()
    page.click("text=Страница для печати (A4)")
    page.wait_for_selector(".report-sheet")
    assert "СРЦН «Надежда»" in page.inner_text("h1"), "the centre's own name"
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    sizes = {(round(float(w)), round(float(h)))
             for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes == {(595, 842)}  # A4 in points
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
