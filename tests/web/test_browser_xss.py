"""Stored XSS on every map, tried in a real browser.

Settlement, district, depot and vehicle names carry the payloads that ran
script before: an ``onerror=`` handler (HTML context), ``${...}`` and a
backtick (folium's JavaScript template literals) and ``</script>`` (which
blanked the map). Each map must draw every layer, show the names as plain
text in its popups and tooltips, and never call ``alert``.
"""

from __future__ import annotations

import pytest

from planner.services.publishing import publish
from planner.services.users import create_user
from planner.web import create_app
from tests.services.world import BASE_LAYOUT, WEEK, make_plan, make_world
from tests.web.browser import OFFLINE_TILES, LiveServer
from tests.web.conftest import PASSWORD
from tests.web.test_browser import browser, open_page  # noqa: F401  the same headless Chromium

pytestmark = pytest.mark.browser
PAYLOADS = ("X<img src=x onerror=alert(1)>", "${alert(2)}", "`-alert(3)-`", "</script><script>alert(4)</script>",
            "{{ 7*7 }}{% if 1 %}-ran-{% endif %}")
TRAP = "window.__alerts = []; window.alert = function (text) { window.__alerts.push(String(text)); };"
OPEN_ALL = """() => {
  const texts = [];
  for (const name of Object.keys(window).filter((key) => key.startsWith("map_"))) {
    window[name].eachLayer((layer) => {
      for (const [get, open] of [["getTooltip", "openTooltip"], ["getPopup", "openPopup"]]) {
        if (layer[get] && layer[get]()) {
          layer[open](layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter());
          const content = layer[get]().getElement();
          if (content) { texts.push(content.textContent); }
        }
      }
    });
  }
  return texts;
}"""


@pytest.fixture()
def live(engine, db):
    world = make_world(db)
    family = world.families["F-001"]
    family.settlement.name = "Красное " + PAYLOADS[0] + PAYLOADS[1]
    family.settlement.district.name = "Дубенский " + PAYLOADS[2] + PAYLOADS[3] + PAYLOADS[4]
    world.vehicles["van1"].name = "УАЗ " + "".join(PAYLOADS)
    world.vehicles["van1"].depot.name = "Центр " + PAYLOADS[3] + PAYLOADS[1] + PAYLOADS[4]
    plan = make_plan(db, world, BASE_LAYOUT, 1)
    publish(db, plan)
    for role in ("head", "coordinator"):
        create_user(db, role, PASSWORD, role)
    db.commit()
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "browser", "TILE_URL": OFFLINE_TILES})
    with LiveServer(app) as server:
        server.plan_id = plan.id
        yield server


@pytest.mark.parametrize("role, path, marker, markers", [
    ("head", "/head/plans/{plan}/map", ".stop-marker", 2),
    ("coordinator", f"/coordinator/map?week={WEEK}", "path.settlement-marker", 1),
])
def test_names_with_script_payloads_stay_text_on_the_map(browser, live, role, path, marker, markers):
    page, watch = open_page(browser, live, role)
    page.add_init_script(TRAP)
    page.goto(live.url + path.format(plan=live.plan_id))
    page.locator(marker).first.wait_for(state="attached", timeout=20_000)
    assert page.locator(marker).count() == markers  # a broken script would draw nothing
    assert page.locator("path.route-line").count() >= 1
    assert page.locator("path.district-outline").count() == 1
    shown = " ".join(page.evaluate(OPEN_ALL))
    for payload in PAYLOADS:
        assert payload in shown, (payload, shown)
    assert page.evaluate("window.__alerts") == []
    assert not watch.errors and not watch.outside, (watch.errors, watch.outside)
