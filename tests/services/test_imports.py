"""Import of the CSV/XLSX format: validation, all-or-nothing, updates by natural key."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.models import (
    Family, FollowUp, Programme, SessionRecord, Settlement, Staff, Vehicle, Venue, VisitRecord,
)
from planner.services.importing import (
    MAX_ERRORS, SPECS, ImportFailed, import_data, import_files,
)
from tests.services.region_files import REGION, write_region


def counts(db) -> dict[str, int]:
    return {spec.name: db.scalar(select(func.count()).select_from(spec.model)) for spec in SPECS}


def failure(db, paths) -> list[str]:
    """Errors of an import that must fail, checking that nothing was written."""
    before = counts(db)
    with pytest.raises(ImportFailed) as caught:
        import_files(db, paths)
    assert counts(db) == before
    return [str(error) for error in caught.value.errors]


@pytest.fixture()
def region(tmp_path):
    folder = tmp_path / "region"
    write_region(folder)
    return folder


def test_imports_every_file_of_the_region(db, region):
    report = import_files(db, [region])
    db.commit()
    assert report.count("families").created == 2
    assert counts(db)["settlements"] == 2
    narcologist = db.scalar(select(Staff).where(Staff.code == "nar-01"))
    assert narcologist.agency.weekly == {"tue": [["09:00", "13:00"], ["14:00", "17:00"]],
                                         "thu": [["09:00", "13:00"], ["14:00", "17:00"]]}
    assert narcologist.weekly == {"tue": [["09:00", "13:00"]]}
    art = db.scalar(select(Programme).where(Programme.code == "art-1"))
    assert art.cadence == {"weekly": 1}
    assert art.preferred == {"weekdays": ["tue", "wed"], "start_between": ["15:00", "18:00"]}
    assert art.staff_pool == ["sw-01", "nar-01"] and len(art.enrolments) == 2
    family = db.scalar(select(Family).where(Family.case_code == "F-002"))
    assert family.curator is None and family.dependence and family.people == 3
    assert db.scalar(select(Settlement).where(Settlement.code == "ivanovka")).needs_4x4_in_thaw
    online = db.scalar(select(Venue).where(Venue.code == "online"))
    assert online.online and online.lat is None and online.settlement is None


def test_reimport_updates_instead_of_duplicating(db, region):
    import_files(db, [region])
    db.commit()
    before = counts(db)
    (region / "settlements.csv").write_text(
        REGION["settlements"].replace("Петрово,chernsky,53.50", "Петрово-2,chernsky,53.55"),
        encoding="utf-8")
    report = import_files(db, [region])
    db.commit()
    assert counts(db) == before
    assert report.count("settlements").updated == 1
    assert report.count("settlements").unchanged == 1
    assert report.count("families").unchanged == 2
    petrovo = db.scalar(select(Settlement).where(Settlement.code == "petrovo"))
    assert (petrovo.name, petrovo.lat) == ("Петрово-2", 53.55)


def test_files_go_in_format_order_whatever_the_argument_order(db, region):
    paths = sorted(region.iterdir(), reverse=True)
    assert paths[0].name == "visit_history.csv"
    import_files(db, paths)
    assert counts(db)["enrolments"] == 2


def test_a_file_may_refer_to_records_imported_before(db, region, tmp_path):
    import_files(db, [region])
    db.commit()
    later = tmp_path / "later"
    write_region(later, {"settlements": "code,name,district,lat,lon\nnew,Новое,chernsky,53.6,37.0\n"},
                 only=("settlements",))
    import_files(db, [later])
    assert counts(db)["settlements"] == 3


@pytest.mark.parametrize("name, old, new, expected", [
    ("settlements", "ivanovka,Ивановка,dubensky,54.10,37.30",
     "ivanovka,Ивановка,dubensky,37.30,54.10", "settlements.csv:2:lat: latitude 37.30 is outside"),
    ("settlements", "petrovo,Петрово,chernsky", "petrovo,Петрово,nowhere",
     "settlements.csv:3:district: unknown districts 'nowhere'"),
    ("staff", "nar-01,", "sw-01,", "staff.csv:3:code: duplicate key sw-01 (first in row 2)"),
    ("vehicles", ",4,20,", ",four,20,", "vehicles.csv:2:seats: expected a number, got 'four'"),
    ("families", "sop,sw-01", "sop,sw-99", "families.csv:2:curator: unknown staff 'sw-99'"),
    ("families", ",tzhs,", ",poor,", "families.csv:3:category: 'poor' is not one of"),
    ("absences", "2026-12-01,2026-12-05", "2026-12-05,2026-12-01",
     "absences.csv:2:end: end 2026-12-01 is before start 2026-12-05"),
    ("programmes", "weekly:1", "every week", "programmes.csv:2:cadence: expected weekly:K"),
    ("programmes", "online;dk-ivanovka", "online;dk-nowhere",
     "programmes.csv:3:venues: unknown venues 'dk-nowhere'"),
    ("settlements", "code,name,", "code,nmae,", "settlements.csv:1:nmae: unknown column"),
    ("settlements", "code,name,", "code,", "settlements.csv:1:name: required column is missing"),
    ("districts", "chernsky,Чернский", "chernsky,", "districts.csv:3:name: required, but empty"),
    ("depots", "", None, "depots.csv: empty file: no header row"),
    ("visit_history", "legal;talk", "legal;tea", "visit_history.csv:2:services: unknown services 'tea'"),
    ("visit_history", "absent,sw-01,home,,0", "absent,sw-01,home,talk,0",
     "visit_history.csv:3:services: services given, but the visit was absent"),
    ("visit_history", "online,talk", "by-post,talk", "visit_history.csv:4:mode: 'by-post' is not one"),
    ("session_records", "no,0,0,0", "no,3,0,0",
     "session_records.csv:3:held: a session that was not held has no attendance"),
    ("follow_ups", "2027-02-01,,", "2027-02-01,2027-02-03,",
     "follow_ups.csv:2:result: give both date and result"),
    ("follow_ups", "F-001,1,", "F-001,2,", "follow_ups.csv:2:years: '2' is not one of: 1, 3"),
])
def test_bad_input_names_file_row_column_and_writes_nothing(db, tmp_path, name, old, new,
                                                            expected):
    text = "" if new is None else REGION[name].replace(old, new, 1)
    assert text != REGION[name]
    errors = failure(db, write_region(tmp_path / "bad", {name: text}))
    assert any(expected in error for error in errors), errors


def test_closure_belongs_to_a_closed_case_after_its_intake(db, tmp_path):
    header, first, second = REGION["families"].splitlines()
    closure = {"families": "\n".join([
        header + ",closed_date,closure_reason",
        first.replace(",open,", ",closed,") + ",2025-12-01,improved",
        second + ",,moved_away", ""])}
    errors = failure(db, write_region(tmp_path / "bad", closure))
    assert any("families.csv:2:closed_date: closed_date 2025-12-01 is before intake_date" in e
               for e in errors), errors
    assert any("families.csv:3:closure_reason: closure_reason is given, but status is not closed"
               in e for e in errors), errors


def test_what_happened_is_imported(db, region):
    import_files(db, [region])
    records = db.scalars(select(VisitRecord).order_by(VisitRecord.date)).all()
    assert [(r.mode, r.services, r.adults, r.children) for r in records] == [
        ("home", ["legal", "talk"], 2, 1), ("home", [], 0, 0), ("online", ["talk"], 1, 0)]
    held = db.scalars(select(SessionRecord).order_by(SessionRecord.date)).all()
    assert [(r.held, r.families, r.adults, r.children) for r in held] == \
        [(True, 4, 5, 6), (False, 0, 0, 0)]
    (follow_up,) = db.scalars(select(FollowUp)).all()
    assert (follow_up.family.case_code, follow_up.years, follow_up.date) == ("F-001", 1, None)


def test_failed_reimport_leaves_stored_records_as_they_were(db, region):
    import_files(db, [region])
    db.commit()
    (region / "districts.csv").write_text(REGION["districts"].replace("Чернский", "Новый"),
                                          encoding="utf-8")
    (region / "vehicles.csv").write_text(REGION["vehicles"].replace("08:30", "8.30"),
                                         encoding="utf-8")
    errors = failure(db, [region])
    assert errors == ["%s:2:start_time: expected a time HH:MM, got '8.30'"
                      % (region / "vehicles.csv")]
    assert {d.name for d in db.scalars(select(Settlement)).all() if d.district.code == "chernsky"}
    assert db.scalar(select(Settlement).where(Settlement.code == "petrovo")).district.name == \
        "Чернский"


def test_header_after_empty_rows(db, tmp_path):
    path = tmp_path / "districts.csv"
    path.write_text("\n,,\ncode,name,lat\nd1,Район,54\n", encoding="utf-8")
    assert [e.split("/")[-1] for e in failure(db, [path])] == [
        "districts.csv:3:lon: required column is missing"]


def test_all_errors_are_collected_up_to_a_cap(db, tmp_path):
    header = "code,name,district,lat,lon\n"
    three = header + "".join(f"s{i},S,dubensky,{lat},37\n" for i, lat in enumerate([1, 2, 3]))
    only = ("districts", "settlements")
    errors = failure(db, write_region(tmp_path / "three", {"settlements": three}, only))
    assert [e.split(": ")[0].rsplit("/", 1)[1] for e in errors] == [
        "settlements.csv:2:lat", "settlements.csv:3:lat", "settlements.csv:4:lat"]
    many = header + "".join(f"s{i},S,dubensky,1,37\n" for i in range(MAX_ERRORS + 50))
    with pytest.raises(ImportFailed) as caught:
        import_files(db, write_region(tmp_path / "many", {"settlements": many}, only))
    assert caught.value.truncated and len(caught.value.errors) == MAX_ERRORS


def test_a_reference_to_a_bad_row_or_file_is_not_reported_again(db, tmp_path):
    bad_lat = REGION["settlements"].replace("54.10,37.30", "99,37.30", 1)
    errors = failure(db, write_region(tmp_path / "lat", {"settlements": bad_lat}))
    assert len(errors) == 1 and "settlements.csv:2:lat" in errors[0]
    typo = REGION["settlements"].replace("demo", "dmeo").replace("53.50", "3.50")
    errors = failure(db, write_region(tmp_path / "typo", {"settlements": typo}))
    assert [e.split("/")[-1].split(": ")[0] for e in errors] == [
        "settlements.csv:1:dmeo", "settlements.csv:3:lat"]


def test_cp1251_with_semicolons_and_utf8_bom(db, tmp_path):
    files = write_region(tmp_path / "utf8")
    cp1251 = tmp_path / "excel" / "settlements.csv"
    cp1251.parent.mkdir()
    cp1251.write_bytes("code;name;district;lat;lon;road_note\r\n"
                       "ivanovka;Ивановка;dubensky;54,10;37,30;\"зимник; после дождя\"\r\n"
                       "petrovo;Петрово;chernsky;53,50;36,95;\r\n"
                       .encode("cp1251"))
    bom = tmp_path / "bom" / "districts.csv"
    bom.parent.mkdir()
    bom.write_bytes(REGION["districts"].encode("utf-8-sig"))
    import_files(db, [f for f in files if f.name not in ("settlements.csv", "districts.csv")]
                 + [cp1251, bom])
    village = db.scalar(select(Settlement).where(Settlement.code == "ivanovka"))
    assert (village.name, village.lat, village.road_note) == ("Ивановка", 54.10,
                                                             "зимник; после дождя")
    assert village.district.name == "Дубенский"


def workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_workbook_with_typed_cells(db, tmp_path):
    import datetime as dt
    path = workbook(tmp_path / "book.xlsx", {
        "Districts": [["code", "name", "lat", "lon"], ["d1", "Район", 54.2, 37.2]],
        "settlements": [["code", "name", "district", "lat", "lon", "demo"],
                        ["s1", "Село", "d1", 54, 37.5, True], [None, None, None, None, None]],
        "depots": [["code", "name", "lat", "lon"], ["dep", "База", 54.0, 37.0]],
        "vehicles": [["code", "name", "depot", "start_time"],
                     ["v1", "УАЗ", "dep", dt.datetime(1899, 12, 30, 8, 30)]],
        "agencies": [["code", "name"], ["centre", "Центр"]],
        "staff": [["code", "full_name", "roles", "agency", "depot"],
                  ["sw-1", "Иванова", "social_worker", "centre", "dep"]],
        "absences": [["staff", "start", "end"], ["sw-1", dt.datetime(2026, 12, 1), "2026-12-02"]],
    })
    report = import_files(db, [path])
    assert report.count("settlements").source == f"{path}[settlements]"
    village = db.scalar(select(Settlement).where(Settlement.code == "s1"))
    assert village.lat == 54.0 and village.demo
    assert db.scalar(select(Staff)).absences[0].start == dt.date(2026, 12, 1)
    assert db.scalar(select(Vehicle)).start_time == "08:30"


def test_xlsx_errors_name_the_sheet(db, tmp_path):
    path = workbook(tmp_path / "book.xlsx", {
        "districts": [["code", "name", "lat", "lon"], ["d1", "Район", 54.2, 200]],
        "Лист1": [["anything"]],
    })
    errors = failure(db, [path])
    assert f"{path}[districts]:2:lon: longitude 200 is outside Russia (19..180);" \
           " are lat and lon swapped?" in errors
    assert any(e.startswith(f"{path}[Лист1]: unknown file 'лист1'") for e in errors)


def test_unreadable_and_doubled_files(db, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    assert "cannot open as an XLSX workbook" in failure(db, [broken])[0]
    first, second = write_region(tmp_path / "a")[0], write_region(tmp_path / "b")[0]
    assert "districts given twice" in failure(db, [first, second])[0]


def test_uploaded_bytes_import_like_files(db):
    report = import_data(db, [("districts.csv", REGION["districts"].encode())])
    assert report.count("districts").created == 2
