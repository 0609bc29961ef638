"""In Chromium: the head moves one stop by hand, reads what it breaks, confirms it at publishing,
and undoes a removal; everything else of the plan stays as it was."""

from __future__ import annotations

import re

import pytest

from planner.models import Plan
from tests.web.test_browser import browser, live, open_page  # noqa: F401 - fixtures
from tests.web.test_browser_head import _generated

pytestmark = pytest.mark.browser


def _pick(page, visit: str, date: str, vehicle: str) -> None:
    page.select_option("#pin-visit", visit)
    page.select_option("#pin-date", date)
    page.select_option("#pin-vehicle", vehicle)


def test_a_stop_moved_by_hand_says_what_it_breaks_and_is_published_on_confirmation(browser, live, db):  # noqa: F811
    page, watch = open_page(browser, live, "head")
    plan_id = _generated(page, live)
    plan = db.get(Plan, plan_id)
    route = plan.result["routes"][0]
    stop = route["stops"][0]
    assert "меняют только этот визит" in page.locator("#adjust + .row").inner_text()
    _pick(page, stop["visit"], route["date"], route["vehicle"])
    page.fill("#pin-start", "06:30")
    page.click("#move-now")
    page.wait_for_selector("#hand-change-breaks")
    assert "рабочие часы" in page.locator("#hand-change-breaks").inner_text()
    assert "ничего не перепланировано" in page.locator("#hand-change-kind").inner_text()
    draft = db.get(Plan, int(re.search(r"/head/plans/(\d+)", page.url).group(1)))
    others = [r for r in plan.result["routes"] if (r["vehicle"], r["date"]) != (route["vehicle"], route["date"])]
    assert all(r in draft.result["routes"] for r in others)
    page.click("#publish")
    page.wait_for_selector("#publish-breaks")
    page.check("#accept-breaks")
    page.click("#confirm-publish")
    page.wait_for_load_state()
    assert page.locator("#plan-status").get_attribute("class").endswith("published")
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)


def test_a_stop_removed_by_hand_is_undone(browser, live, db):  # noqa: F811
    page, watch = open_page(browser, live, "head")
    plan_id = _generated(page, live)
    plan = db.get(Plan, plan_id)
    route = plan.result["routes"][0]
    page.select_option("#pin-visit", route["stops"][0]["visit"])
    page.click("#remove-now")
    page.wait_for_selector("#hand-change-valid")
    assert "удалён из плана вручную" in page.locator("#unassigned").inner_text()
    page.click("#undo")
    page.wait_for_url(re.compile(rf".*/head/plans/{plan_id}$"))
    db.expire_all()
    assert db.query(Plan).count() == 1
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
