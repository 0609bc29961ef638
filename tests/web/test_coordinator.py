"""The coverage map: counts per settlement, filters, outlines, offline assets."""

from __future__ import annotations

import re


def test_table_counts_cases_per_settlement(as_role, region):
    page = as_role("coordinator").get("/coordinator/").get_data(as_text=True)
    row = re.search(r"Ивановка</td><td>Северный</td>\s*<td class=\"num\">(\d+)</td>", page)
    assert row and row.group(1) == "2"
    assert "Секретова" not in page and "C-001" not in page


def test_filters_narrow_the_table(as_role, region):
    client = as_role("coordinator")
    south = region["districts"][1].id
    page = client.get(f"/coordinator/?district={south}").get_data(as_text=True)
    assert "Дубки" in page and "Ивановка" not in page
    page = client.get("/coordinator/?category=tzhs").get_data(as_text=True)
    assert "Петрово" in page and "Дубки" not in page
    page = client.get("/coordinator/?role=psychologist").get_data(as_text=True)
    assert "Липки" in page and "Петрово" not in page


def test_map_is_offline_and_has_no_names(as_role, region):
    html = as_role("coordinator").get("/coordinator/map").get_data(as_text=True)
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in html
    assert not re.search(r'(src|href)="https?://', html)
    assert html.count("settlement-marker") == 5
    assert "district-outline" in html
    assert "Секретова" not in html and "C-00" not in html


def test_tile_url_is_configurable(engine, region):
    from planner.web import create_app
    from tests.web.conftest import sign_in
    from planner.services.users import create_user
    from planner.db import session_factory

    with session_factory(engine)() as session:
        create_user(session, "coord", "correct horse", "coordinator")
        session.commit()
    app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "t",
                      "TILE_URL": "http://tiles.local/{z}/{x}/{y}.png"})
    client = app.test_client()
    sign_in(client, "coord")
    assert "http://tiles.local/{z}/{x}/{y}.png" in client.get("/coordinator/map").get_data(as_text=True)


def test_specialist_cannot_see_coverage(as_role, region):
    assert as_role("specialist").get("/coordinator/map").status_code == 403
