"""In Chromium: the left-out list sorts and filters, the pin picker narrows, the top bar fits a phone."""

from __future__ import annotations

import copy
import re

import pytest

from planner.models import Plan
from tests.web.test_browser import WEEK, browser, live, open_page  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def _generated(page, live) -> int:  # noqa: F811
    page.goto(f"{live.url}/head/?week={WEEK}")
    page.click("#generate")
    page.wait_for_url(re.compile(r".*/head/plans/\d+$"), timeout=90_000)
    return int(page.url.rsplit("/", 1)[1])


def _leave_out(db, plan_id: int, count: int) -> None:
    """Make the first ``count`` requested visits left out, with low to high priority."""
    plan = db.get(Plan, plan_id)
    result = copy.deepcopy(plan.result)
    result["unassigned"] = [{"visit": visit["id"], "reasons": ["OUTCOMPETED"], "detail": ""}
                            for visit in plan.request["visits"][:count]]
    plan.result = result
    db.commit()


def test_left_out_list_sorts_and_filters_and_the_pin_picker_narrows(browser, live, db):  # noqa: F811
    page, watch = open_page(browser, live, "head")
    plan_id = _generated(page, live)
    _leave_out(db, plan_id, 4)
    page.goto(f"{live.url}/head/plans/{plan_id}")
    rows = page.locator("#unassigned tbody tr")
    assert rows.count() == 4
    codes = [rows.nth(i).locator("td").first.inner_text() for i in range(4)]
    page.click("#unassigned th:has-text('Код случая')")
    page.click("#unassigned th:has-text('Код случая')")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(4)] == sorted(codes, reverse=True)
    page.fill("#left-out-filter", codes[0])
    assert page.locator("#unassigned tbody tr:visible").count() == 1
    page.fill("#pin-search", codes[1])
    visible = page.locator("#pin-visit option:not([hidden])")
    assert visible.count() >= 1 and all(codes[1] in visible.nth(i).inner_text() for i in range(visible.count()))
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)


@pytest.mark.parametrize("role, path", [("head", "/head/"), ("coordinator", "/coordinator/")])
def test_the_top_bar_fits_a_390_px_phone(browser, live, role, path):  # noqa: F811
    page, watch = open_page(browser, live, role)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live.url + path)
    box = page.locator("header.topbar button:has-text('Выйти')").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not watch.errors, watch.errors
