"""The report page: figures, charts drawn on the page, XLSX, the A4 page; no family is named."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from sqlalchemy import select

from planner.models import Centre, Plan, Route, Service, Stop
from planner.services.cases import close_case
from planner.services.outcomes import record_contact, record_outcome

Q1 = "from=2026-01-01&to=2026-03-31"


@pytest.fixture()
def history(db, region):
    """One trip on 12 February: the first family's visit done (2 services), the second absent;
    an online consultation; the sixth family's case closed."""
    families = region["families"]
    db.add_all([Service(code="talk", name="Беседа"), Service(code="aid", name="Помощь")])
    route = Route(plan=Plan(week="2026-W07", version=1, status="published"), vehicle=region["vehicle"],
                  date=dt.date(2026, 2, 12), crew=["sw-01"], depart="08:30", return_="17:00")
    stops = [Stop(route=route, visit_request=family.visit_requests[0], seq=n, arrive="10:00",
                  start="10:00", end="11:00", staff=["sw-01"]) for n, family in enumerate(families[:2])]
    db.add_all(stops)
    db.flush()
    record_outcome(db, stops[0].id, "done", services=["talk", "aid"], adults=2, children=3)
    record_outcome(db, stops[1].id, "absent")
    record_contact(db, families[2].id, dt.date(2026, 3, 2), services=["talk"], adults=1)
    close_case(db, families[5].id, dt.date(2026, 3, 20), "improved")
    db.commit()
    return region


def figure(page: str, caption: str) -> list[str]:
    row = re.search(re.escape(caption) + r"</td>((?:<td[^>]*>[^<]*</td>)+)", page)
    assert row, caption
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


@pytest.mark.parametrize("role", ["head", "coordinator"])
def test_head_and_coordinator_see_the_quarter(as_role, history, role):
    page = as_role(role).get(f"/reports/?{Q1}").get_data(as_text=True)
    assert figure(page, "Выезды бригад")[:2] == ["1", "1"]
    assert figure(page, "Оказано услуг")[:2] == ["—", "3"]
    assert figure(page, "Онлайн-консультации")[:2] == ["—", "1"]
    assert figure(page, "Закрыто случаев")[:2] == ["—", "1"]
    assert page.count("<svg class=\"chart\"") >= 3
    assert not re.search(r'(src|href)="https?://', page)
    for family in history["families"]:
        assert family.display_name not in page and family.case_code not in page
        assert family.address not in page


@pytest.mark.parametrize("role", ["specialist", "admin"])
def test_others_cannot_open_reports(as_role, history, role):
    assert as_role(role).get("/reports/").status_code == 403


def test_the_workbook_has_numbers(as_role, history):
    response = as_role("head").get(f"/reports/report.xlsx?{Q1}&scope=district:north")
    assert response.status_code == 200
    assert "report-2026-01-01-2026-03-31.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:2] == ["Отчёт", "Сводка"]
    summary = {row[0]: row[1:] for row in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert summary["Выезды бригад"] == (1, 1) and summary["Оказано услуг"] == (None, 3)
    assert book["Отчёт"]["B4"].value == "Северный"


def test_the_printable_page_names_the_centre_and_the_period(as_role, history, db):
    db.scalar(select(Centre)).name = "СРЦН «Надежда»"
    db.commit()
    page = as_role("head").get(f"/reports/print?{Q1}").get_data(as_text=True)
    assert "СРЦН «Надежда»" in page and "1 января 2026" in page and "31 марта 2026" in page
    assert "data-print" in page and "print.js" in page and "<svg" in page


def test_a_bad_period_falls_back_to_the_quarter(as_role, history):
    page = as_role("head").get("/reports/?from=2026-03-31&to=2026-01-01").get_data(as_text=True)
    assert "Период указан неверно" in page


def test_a_bad_scope_falls_back_to_the_centre(as_role, history):
    page = as_role("head").get(f"/reports/?{Q1}&scope=district:atlantis").get_data(as_text=True)
    assert "Нет такого района" in page and figure(page, "Выезды бригад")[:2] == ["1", "1"]


def test_charts_escape_names(as_role, history, db):
    history["districts"][0].name = "<script>alert(1)</script>"
    db.commit()
    page = as_role("head").get(f"/reports/?{Q1}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
