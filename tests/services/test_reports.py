"""Each figure of the report checked against a small hand-made history; no family is named."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from sqlalchemy import select

from planner.db import session_factory
from planner.models import (
    Centre, District, Enrolment, ExpeditionSeries, ExpeditionTrip, Family, Plan, Programme, Route, Service, Session, Settlement, Stop, Term,
    VisitRequest, tenancy,
)
from planner.services.attendance import record_session
from planner.services.cases import close_case
from planner.services.outcomes import record_contact, record_outcome
from planner.services.reports import (
    build_report, centre_name, parse_period, parse_scope, to_csv, to_json, to_xlsx,
)

D = dt.date.fromisoformat
Q1 = parse_period("2026-Q1")


def family(db, code, settlement, people=4, intake="2025-06-01", curator=None):
    family = Family(case_code=code, display_name=f"Семья Секретовых {code}", settlement=settlement,
                    address="ул. Тайная, д. 7", lat=54.1, lon=37.2, category="sop", people=people,
                    intake_date=D(intake), curator=curator)
    db.add(family)
    return family


def stop(db, route, family, seq, purpose="routine", staff=("sw-01",)):
    request = VisitRequest(family=family, purpose=purpose, origin="cadence")
    stop = Stop(route=route, visit_request=request, seq=seq, arrive="10:00", start="10:00",
                end="11:00", staff=list(staff))
    db.add(stop)
    return stop


def route(db, region, plan, day):
    return Route(plan=plan, vehicle=region["vehicle"], date=D(day), crew=["sw-01", "psy-01"],
                 depart="08:30", return_="17:00")


@pytest.fixture()
def history(db, region):
    """Q1 2026 in two districts.

    Expeditions on 12 February (made: the brigade of that day went) and 12 March (not made),
    each after a planning meeting. Trip 1 (12 Feb): Ivanov's visit done (3 services, 2 adults, 1 child), Petrov absent,
    an urgent visit to Sidorov done (1 service, 1 adult, 2 children). Trip 2 (5 Mar): Sidorov's
    visit moved, so the trip was not made. A draft plan's trip and an April visit do not count.
    Petrov had an online consultation (1 service). The club met once of two sessions (4 families,
    5 adults, 6 children); one planning meeting was held. Sidorov's case closed (improved);
    a new case (Kuznetsov) was opened in March.
    """
    dubensky, other = region["district"], District(code="chernsky", name="Чернский", lat=53.4,
                                                   lon=36.9, speed_kmh=40, detour=1.4)
    far = Settlement(code="s-2", name="Демо-2", district=other, lat=53.4, lon=36.9)
    ivanov = family(db, "C-1", region["village"], curator=region["curator"])
    petrov = family(db, "C-2", region["village"])
    sidorov = family(db, "C-3", far, curator=region["curator"])
    kuznetsov = family(db, "C-4", far, intake="2026-03-10")
    db.add_all([Service(code=c, name=n) for c, n in (("legal", "Юрист"), ("talk", "Беседа"),
                                                    ("aid", "Помощь"))])
    published = Plan(week="2026-W07", version=1, status="published")
    first = route(db, region, published, "2026-02-12")
    done, absent = stop(db, first, ivanov, 1), stop(db, first, petrov, 2)
    urgent = stop(db, first, sidorov, 3, purpose="urgent", staff=("psy-01",))
    moved = stop(db, route(db, region, Plan(week="2026-W10", version=2, status="published"),
                           "2026-03-05"), sidorov, 1)
    stop(db, route(db, region, Plan(week="2026-W07", version=2, status="draft"), "2026-02-13"),
         petrov, 1)
    april = stop(db, route(db, region, Plan(week="2026-W14", version=1, status="published"),
                           "2026-04-01"), ivanov, 1)
    club = Programme(code="club", name="Семейный клуб", kind="club", venues=[])
    planning = Programme(code="plan", name="Планёрка", kind="planning_meeting")
    term = Term(code="t", start=D("2026-01-12"), end=D("2026-05-29"))
    sessions = [Session(term=term, programme=club, n=1, date=D("2026-02-04"), start="15:00",
                        end="16:30", staff=["psy-01"]),
                Session(term=term, programme=club, n=2, date=D("2026-02-11"), start="15:00",
                        end="16:30", staff=["psy-01"]),
                Session(term=term, programme=planning, n=1, date=D("2026-02-10"), start="09:00",
                        end="10:00", staff=["sw-01", "psy-01"])]
    series = ExpeditionSeries(code="exp", name="Экспедиция", organiser=region["centre"],
                              vehicle=region["vehicle"], districts=["dubensky", "chernsky"])
    expeditions = [ExpeditionTrip(series=series, term=term, n=n, district=district, date=D(day),
                                  start="09:00", end="16:00", staff=["sw-01"],
                                  meeting_date=D(meeting), meeting_staff=["sw-01"],
                                  updated_at=dt.datetime(2026, 1, 5))
                   for n, district, day, meeting in ((1, dubensky, "2026-02-12", "2026-02-09"),
                                                     (2, other, "2026-03-12", "2026-03-09"))]
    db.add_all([*sessions, *expeditions, Enrolment(programme=club, family=ivanov)])
    db.flush()
    record_outcome(db, done.id, "done", services=["legal", "talk", "aid"], adults=2, children=1)
    record_outcome(db, absent.id, "absent")
    record_outcome(db, urgent.id, "done", services=["aid"], adults=1, children=2)
    record_outcome(db, moved.id, "moved")
    record_outcome(db, april.id, "done", services=["talk"], adults=2, children=2)
    record_contact(db, petrov.id, D("2026-03-02"), services=["talk"], adults=1, staff=["sw-01"])
    record_session(db, sessions[0].id, True, families=4, adults=5, children=6)
    record_session(db, sessions[1].id, False)
    record_session(db, sessions[2].id, True)
    close_case(db, sidorov.id, D("2026-03-20"), "improved")
    db.flush()
    return {"families": [ivanov, petrov, sidorov, kuznetsov]}


def summary(report):
    return {row[0]: tuple(row[1:]) for row in report.table("summary").rows}


def test_each_figure_of_the_centre(db, history):
    figures = summary(build_report(db, Q1))
    assert figures["Brigade trips"] == (2, 1)
    assert figures["Interagency expeditions"] == (2, 1)
    assert figures["Planning meetings"] == (1 + 2, 1 + 1)
    assert figures["Home visits"] == (4, 2)
    assert figures["Visits not made (family absent or refused)"] == (None, 1)
    assert figures["Services given"] == (None, 5)
    assert figures["Services per trip"] == (None, 4.0)
    assert figures["Services at planned visits"] == (None, 4)
    assert figures["Services at urgent visits"] == (None, 1)
    assert figures["Urgent visits"] == (None, 1)
    assert figures["Online consultations"] == (None, 1)
    assert figures["Families received at reception points"] == (None, 0)
    assert figures["Families reached"] == (None, 3)
    assert figures["People reached"] == (None, 2 + 1 + 1 + 1 + 2)
    assert figures["Children reached"] == (None, 3)
    assert figures["Group sessions"] == (2, 1)
    assert figures["Group sessions cancelled"] == (None, 1)
    assert figures["Attendance: families"] == (None, 4)
    assert figures["Attendance: adults"] == (None, 5)
    assert figures["Attendance: children"] == (None, 6)
    assert figures["Cases opened"] == (None, 1)
    assert figures["Cases closed"] == (None, 1)
    assert figures["Cases open at the end of the period"] == (None, 3)
    assert figures["Follow-ups after closure"] == (0, 0)


def test_months_districts_programmes_closures(db, history):
    report = build_report(db, Q1)
    months = report.table("months")
    assert months.column("Month") == ["2026-01", "2026-02", "2026-03"]
    assert months.column("Trips planned") == [0, 1, 1]
    assert months.column("Trips made") == [0, 1, 0]
    assert months.column("Services given") == [0, 4, 1]
    assert months.column("Online consultations") == [0, 0, 1]
    assert months.column("Attendance: people") == [0, 11, 0]
    districts = {row[0]: row[1:] for row in report.table("districts").rows}
    assert districts == {"Дубенский": [2, 4, 1, 1, 4, 2], "Чернский": [1, 3, 2, 1, 1, 1]}
    assert report.table("programmes").rows == [["Семейный клуб", 2, 1, 4, 5, 6]]
    assert report.table("closures").rows == [["the situation improved", 1]]
    assert report.table("services").rows == [["Беседа", 2], ["Помощь", 2], ["Юрист", 1]]


def test_the_scopes(db, history, region):
    district = summary(build_report(db, Q1, parse_scope(db, "district:chernsky")))
    assert district["Brigade trips"] == (2, 1) and district["Home visits"] == (2, 1)
    assert district["Families reached"] == (None, 1) and district["Cases opened"] == (None, 1)
    assert district["Group sessions"] == (0, 0)
    assert district["Interagency expeditions"] == (1, 0) and district["Planning meetings"] == (1, 0)
    programme = summary(build_report(db, Q1, parse_scope(db, "programme:club")))
    assert programme["Families reached"] == (None, 1) and programme["Group sessions"] == (2, 1)
    assert programme["Planning meetings"] == (0, 0) and programme["Brigade trips"] == (1, 1)
    assert programme["Interagency expeditions"] == (0, 0)
    psychologist = summary(build_report(db, Q1, parse_scope(db, "specialist:psy-01")))
    assert psychologist["Brigade trips"] == (2, 1) and psychologist["Home visits"] == (1, 1)
    assert psychologist["Services given"] == (None, 1) and psychologist["Group sessions"] == (2, 1)
    assert psychologist["Cases closed"] == (None, 0)
    assert psychologist["Interagency expeditions"] == (0, 0)
    curator = summary(build_report(db, Q1, parse_scope(db, "specialist:sw-01")))
    assert curator["Cases closed"] == (None, 1) and curator["Online consultations"] == (None, 1)
    assert curator["Interagency expeditions"] == (2, 1)


@pytest.mark.parametrize("text", ["district:nowhere", "region", "programme:", "specialist:x"])
def test_bad_scopes_are_named(db, history, text):
    with pytest.raises(ValueError, match="scope"):
        parse_scope(db, text)


def test_follow_ups_fall_in_the_year_after_closure(db, history):
    report = build_report(db, parse_period("2027"))
    assert report.table("follow_ups").rows[0][:3] == [1, 1, 0]
    assert summary(report)["Follow-ups after closure"] == (1, 0)


def test_periods():
    assert (parse_period("2026-02").start, parse_period("2026-02").end) == (D("2026-02-01"), D("2026-02-28"))
    assert (parse_period("2026-Q4").start, parse_period("2026-Q4").end) == (D("2026-10-01"), D("2026-12-31"))
    assert parse_period("2026").months()[-1] == D("2026-12-01")
    for text in ("2026-13", "2026-Q5", "last year"):
        with pytest.raises(ValueError, match="period"):
            parse_period(text)


def test_no_report_carries_a_familys_name(db, history):
    report = build_report(db, Q1)
    text = io.StringIO()
    to_csv(report, text)
    book = io.BytesIO()
    to_xlsx(report, book)
    book.seek(0)
    cells = [str(cell) for sheet in openpyxl.load_workbook(book).worksheets
             for row in sheet.iter_rows(values_only=True) for cell in row]
    written = json.dumps(to_json(report), ensure_ascii=False) + text.getvalue() + " ".join(cells)
    for family in history["families"]:
        for secret in (family.display_name, "Секретов", family.address, family.case_code):
            assert secret not in written


def test_xlsx_has_a_sheet_per_table_and_numbers_as_numbers(db, history):
    report = build_report(db, Q1)
    book = io.BytesIO()
    to_xlsx(report, book, translate=str.upper)
    book.seek(0)
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["REPORT", *(t.title.upper()[:31] for t in report.tables)]
    summary_sheet = workbook[report.tables[0].title.upper()]
    assert summary_sheet["A2"].value == "BRIGADE TRIPS"
    assert (summary_sheet["B2"].value, summary_sheet["C2"].value) == (2, 1)
    assert summary_sheet["B6"].value is None and summary_sheet["C6"].value == 1
    months = workbook[report.table("months").title.upper()]
    assert months["A2"].value == "2026-01" and isinstance(months["C3"].value, int)


def test_the_report_names_the_centre_it_is_of(db):
    db.scalar(select(Centre)).name = "СРЦН № 4"
    db.add(Centre(code="second", name="СРЦН № 2"))
    db.commit()
    sessions = session_factory(db.get_bind())
    for centre in db.scalars(select(Centre)):
        with tenancy.scoped(sessions, centre.id)() as scoped:
            assert centre_name(scoped) == centre.name
    assert centre_name(db) == "", "an unscoped session of several centres names none of them"
