"""Export writes the import format back: it re-imports to the same data."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from planner.models import District
from planner.db import make_engine, session_factory, upgrade
from planner.services.export import export_csv, export_to, export_xlsx
from planner.services.importing import SPECS, import_files
from tests.services.region_files import write_region


@pytest.fixture()
def loaded(db, tmp_path):
    import_files(db, [write_region(tmp_path / "region")[0].parent])
    db.commit()
    return db


def fresh_session(path):
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return session_factory(engine)()


def test_csv_export_reimports_to_the_same_data(loaded, tmp_path):
    first = export_csv(loaded, tmp_path / "first")
    assert [p.stem for p in first] == [spec.name for spec in SPECS]
    other = fresh_session(tmp_path / "other.sqlite")
    import_files(other, [tmp_path / "first"])
    other.commit()
    second = export_csv(other, tmp_path / "second")
    assert [p.read_text(encoding="utf-8") for p in first] == \
        [p.read_text(encoding="utf-8") for p in second]
    report = import_files(loaded, first)
    assert all(f.created == 0 and f.updated == 0 for f in report.files)


def test_export_writes_the_values_of_the_format(loaded, tmp_path):
    folder = tmp_path / "out"
    export_csv(loaded, folder)
    programmes = (folder / "programmes.csv").read_text(encoding="utf-8").splitlines()
    assert programmes[1] == ("art-1,Арт-терапия,art_therapy,12,weekly:1,90,0,"
                             "social_worker;narcologist,sw-01;nar-01,dk-ivanovka,yes,yes,"
                             "2027-01-18,2027-04-30,tue;wed,15:00-18:00,родители и дети")
    agencies = (folder / "agencies.csv").read_text(encoding="utf-8")
    assert 'crb,Районная больница,"tue,thu 09:00-13:00,14:00-17:00"' in agencies


def test_xlsx_export_reimports_with_numbers_as_numbers(loaded, tmp_path):
    book_path = export_to(loaded, tmp_path / "out" / "region.xlsx")[0]
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == [spec.name for spec in SPECS]
    assert book["vehicles"]["D2"].value == 4 and book["vehicles"]["F2"].value == 12.5
    other = fresh_session(tmp_path / "other.sqlite")
    import_files(other, [book_path])
    other.commit()
    assert [p.read_bytes() for p in export_csv(loaded, tmp_path / "a")] == \
        [p.read_bytes() for p in export_csv(other, tmp_path / "b")]


def test_xlsx_text_is_never_a_formula(loaded):
    district = loaded.scalar(select(District))
    district.name = "=HYPERLINK(\"http://x\")"
    stream = io.BytesIO()
    export_xlsx(loaded, stream)
    cell = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))["districts"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
