"""The regional coordinator: every centre's coverage and report figures, counts only."""

from __future__ import annotations

import io

import openpyxl

from planner.services import region
from planner.services.reports import parse_period
from planner.services.reports.tables import Table
from tests.web.conftest import sign_in
from tests.web.test_centre_isolation import centres  # noqa: F401  two centres with data


def test_the_region_page_counts_each_centres_cases(client, centres):
    assert sign_in(client, "regional").status_code == 302
    page = client.get("/region/").get_data(as_text=True)
    assert "Чужой центр" in page and "Центр" in page
    covered = region.region_coverage(_session(client), _today(client))
    cases = {centre.name: centre.cases for centre in covered}
    assert cases == {"Центр": 6, "Чужой центр": 3}, "B's closed case is not open"
    for centre in covered:
        assert f"<td>{centre.name}</td>" in page


def test_the_region_map_draws_every_centres_settlements(client, centres):
    sign_in(client, "regional")
    document = client.get("/region/map").get_data(as_text=True)
    assert document.count('"className": "settlement-marker"') == 5 + 1, "A's five settlements, B's one"
    assert document.count('"className": "district-outline"') >= 2


def test_the_workbook_has_a_column_per_centre_and_the_regions_total(client, centres):
    sign_in(client, "regional")
    response = client.get("/region/report.xlsx?period=2026")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    header = next(row for sheet in book for row in sheet.iter_rows(values_only=True)
                  if row and "Чужой центр" in row)
    assert list(header[1:]) == ["Центр", "Чужой центр", "Регион"]


def test_the_regions_value_is_the_sum_and_an_average_is_weighed_by_trips():
    summaries = [("A", Table("summary", "", ["Figure", "Planned", "Done"],
                             [["Brigade trips", 4, 2], ["Services per trip", None, 10.0]])),
                 ("B", Table("summary", "", ["Figure", "Planned", "Done"],
                             [["Brigade trips", 2, 6], ["Services per trip", None, 2.0]]))]
    done = region._across(summaries, "done", "", 2)
    assert done.rows == [["Brigade trips", 2, 6, 8], ["Services per trip", 10.0, 2.0, 4.0]]
    planned = region._across(summaries, "planned", "", 1)
    assert planned.rows[1] == ["Services per trip", None, None, None]


def test_other_roles_cannot_open_the_region(client, centres):
    for role in ("admin", "head", "coordinator", "specialist"):
        sign_in(client, role)
        assert client.get("/region/").status_code == 403, role
        client.post("/logout")


def _session(client):
    from planner.db import make_engine, session_factory

    return session_factory(make_engine(client.application.config["DATABASE_URL"]))()


def _today(client):
    from planner import clock

    return clock.today(client.application.config["TIMEZONE"])
