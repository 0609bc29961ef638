"""The admin's data pages: lists, forms with field errors, keys kept unique."""

from __future__ import annotations

import io

import pytest

from planner.models import Family, Service, Settlement, Vehicle
from planner.web.admin import KINDS
from tests.web.conftest import csrf_token


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_and_blank_form_opens(as_role, kind):
    client = as_role("admin")
    assert client.get(f"/admin/{kind}/").status_code == 200
    assert client.get(f"/admin/{kind}/new").status_code == 200


def test_index_counts_records(as_role):
    page = as_role("admin").get("/admin/").get_data(as_text=True)
    assert "/admin/families/" in page


def test_family_list_shows_case_codes(as_role, region):
    page = as_role("admin").get("/admin/families/").get_data(as_text=True)
    assert "C-001" in page and "Ивановка" in page


def test_add_settlement(as_role, region, db):
    client = as_role("admin")
    response = client.post("/admin/settlements/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "novoe", "name": "Новое",
        "district_id": region["districts"][0].id, "lat": "54.1", "lon": "37.4", "road_note": ""})
    assert response.status_code == 302
    assert db.query(Settlement).filter_by(code="novoe").one().name == "Новое"


def test_bad_input_is_shown_next_to_each_field(as_role, region, db):
    client = as_role("admin")
    response = client.post("/admin/settlements/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "bad code!", "name": "",
        "district_id": region["districts"][0].id, "lat": "12", "lon": "x"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('class="error"') == 4
    assert db.query(Settlement).filter_by(name="").count() == 0


def test_duplicate_code_is_refused_on_the_code_field(as_role, region):
    client = as_role("admin")
    response = client.post("/admin/settlements/new", data={
        "csrf_token": csrf_token(client, "/admin/"), "code": "ivanovka", "name": "Другая",
        "district_id": region["districts"][0].id, "lat": "54.1", "lon": "37.4"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_edit_vehicle(as_role, region, db):
    client = as_role("admin")
    vehicle = region["vehicle"]
    form = {"csrf_token": csrf_token(client, "/admin/"), "code": "uaz-1", "name": "УАЗ Патриот",
            "depot_id": region["depot"].id, "seats": "5", "capacity": "20", "cost_per_km": "1.5",
            "max_drive_minutes": "300", "four_wd": "y", "start_time": "08:00", "end_time": "18:00",
            "active": "y"}
    assert client.post(f"/admin/vehicles/{vehicle.id}", data=form).status_code == 302
    db.expire_all()
    saved = db.get(Vehicle, vehicle.id)
    assert (saved.name, saved.seats, saved.four_wd, saved.start_time) == ("УАЗ Патриот", 5, True, "08:00")


def test_bad_time_is_refused(as_role, region):
    client = as_role("admin")
    form = {"csrf_token": csrf_token(client, "/admin/"), "code": "gaz-2", "name": "ГАЗель",
            "depot_id": region["depot"].id, "seats": "7", "capacity": "20", "cost_per_km": "1",
            "max_drive_minutes": "300", "start_time": "25:00", "end_time": "18:00"}
    response = client.post("/admin/vehicles/new", data=form)
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)


def test_form_without_csrf_is_refused(as_role, region, db):
    client = as_role("admin")
    response = client.post("/admin/settlements/new", data={
        "code": "novoe", "name": "Новое", "district_id": region["districts"][0].id, "lat": "54.1", "lon": "37.4"})
    assert response.status_code == 400
    assert db.query(Settlement).filter_by(code="novoe").count() == 0


def test_unknown_kind_and_record_are_404(as_role, region):
    client = as_role("admin")
    assert client.get("/admin/secrets/").status_code == 404
    assert client.get("/admin/families/9999").status_code == 404


def _upload(client, name: str, text: str):
    return client.post("/admin/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, "/admin/"), "files": [(io.BytesIO(text.encode()), name)]})


HEADER = "code,name,district,lat,lon,road_note,needs_4x4_in_thaw,demo\n"


def test_import_writes_valid_rows(as_role, region, db):
    client = as_role("admin")
    response = _upload(client, "settlements.csv", HEADER + "zarechye,Заречье,north,54.3,37.9,,no,yes\n")
    assert response.status_code == 200 and 'id="import-report"' in response.get_data(as_text=True)
    assert db.query(Settlement).filter_by(code="zarechye").one().name == "Заречье"


def test_import_with_a_bad_row_lists_it_and_writes_nothing(as_role, region, db):
    client = as_role("admin")
    text = HEADER + "zarechye,Заречье,north,54.3,37.9,,no,yes\nbad,Плохое,north,99,37.9,,no,yes\n"
    page = _upload(client, "settlements.csv", text).get_data(as_text=True)
    assert 'id="import-errors"' in page and "<td class=\"num\">3</td>" in page and "lat" in page
    assert db.query(Settlement).filter_by(code="zarechye").count() == 0


def test_import_refuses_other_file_types(as_role, region):
    page = _upload(as_role("admin"), "notes.txt", "hello").get_data(as_text=True)
    assert 'aria-invalid="true"' in page


def test_export_is_a_workbook_in_the_import_format(as_role, region):
    import openpyxl

    response = as_role("admin").get("/admin/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "settlements" in book.sheetnames
    assert any(row[0] == "ivanovka" for row in book["settlements"].iter_rows(values_only=True))


def _staff_form(client, region, hours: str) -> dict:
    staff = region["staff"][0]
    return {"csrf_token": csrf_token(client, "/admin/"), "code": staff.code, "full_name": staff.full_name,
            "roles": ["social_worker"], "agency_id": staff.agency_id, "depot_id": staff.depot_id,
            "weekly_hours": "40", "weekly": hours, "active": "y"}


def test_staff_hours_are_written_like_the_import_files(as_role, region, db):
    from planner.models import Staff

    client = as_role("admin")
    staff = region["staff"][0]
    form = _staff_form(client, region, "mon-thu 09:00-17:00; fri 09:00-13:00")
    assert client.post(f"/admin/staff/{staff.id}", data=form).status_code == 302
    db.expire_all()
    assert db.get(Staff, staff.id).weekly["fri"] == [["09:00", "13:00"]]
    assert "mon-thu 09:00-17:00; fri 09:00-13:00" in client.get(f"/admin/staff/{staff.id}").get_data(as_text=True)


def test_bad_hours_are_a_field_error(as_role, region, db):
    client = as_role("admin")
    staff = region["staff"][0]
    response = client.post(f"/admin/staff/{staff.id}", data=_staff_form(client, region, "someday 9-5"))
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)


def test_the_service_catalogue(as_role, db):
    client = as_role("admin")
    form = {"csrf_token": csrf_token(client, "/admin/"), "code": "legal", "name": "Консультация юриста",
            "role": "lawyer", "active": "y"}
    assert client.post("/admin/services/new", data=form).status_code == 302
    service = db.query(Service).filter_by(code="legal").one()
    assert (service.name, service.role, service.active) == ("Консультация юриста", "lawyer", True)
    page = client.get("/admin/services/").get_data(as_text=True)
    assert "Консультация юриста" in page and "юрист" in page
    del form["active"]
    assert client.post(f"/admin/services/{service.id}", data=form).status_code == 302
    db.expire_all()
    assert not db.get(Service, service.id).active


def _family_form(client, family, **changes):
    form = {"csrf_token": csrf_token(client, "/admin/"), "case_code": family.case_code,
            "display_name": family.display_name, "settlement_id": family.settlement_id,
            "address": family.address, "lat": family.lat, "lon": family.lon,
            "category": family.category, "curator_id": family.curator_id, "status": "closed",
            "people": 3, "intake_date": "2026-01-10", "notice_channel": "none"}
    return {**form, **changes}


def test_closing_a_case_sets_its_follow_ups(as_role, region, db):
    client = as_role("admin")
    family = region["families"][0]
    form = _family_form(client, family, closed_date="2026-06-30", closure_reason="improved")
    assert client.post(f"/admin/families/{family.id}", data=form).status_code == 302
    db.expire_all()
    saved = db.get(Family, family.id)
    assert (saved.status, saved.closure_reason) == ("closed", "improved")
    assert [(f.years, f.due.isoformat()) for f in saved.follow_ups] == \
        [(1, "2027-06-30"), (3, "2029-06-30")]
    reopened = _family_form(client, family, status="open")
    assert client.post(f"/admin/families/{family.id}", data=reopened).status_code == 200
    reopened = _family_form(client, family, status="open", closed_date="", closure_reason="")
    assert client.post(f"/admin/families/{family.id}", data=reopened).status_code == 302
    db.expire_all()
    assert db.get(Family, family.id).follow_ups == []


def test_a_case_cannot_close_before_its_intake(as_role, region):
    client = as_role("admin")
    family = region["families"][0]
    form = _family_form(client, family, closed_date="2025-12-31", closure_reason="improved")
    response = client.post(f"/admin/families/{family.id}", data=form)
    assert response.status_code == 200 and "раньше поступления" in response.get_data(as_text=True)
