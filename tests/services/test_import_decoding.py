"""Files that no codec or CSV reader can take: one file-level error, nothing written, no traceback."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planner.cli import cli
from planner.models import Settlement
from planner.services.importing import ImportFailed, import_data

HEADER = "code,name,district,lat,lon,road_note,needs_4x4_in_thaw,demo\n"
GOOD = HEADER + "zarechye,Заречье,dubensky,54.3,37.9,,no,yes\n"
LONG = "x" * 131_073


def _workbook_with(cell: str) -> bytes:
    """A workbook whose shared string is ``cell`` (openpyxl itself writes at most 32,767 characters)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "settlements"
    sheet.append(HEADER.strip().split(","))
    sheet.append(["zarechye", "PLACEHOLDER", "dubensky", 54.3, 37.9, "", "no", "yes"])
    written, out = io.BytesIO(), io.BytesIO()
    book.save(written)
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item).replace(b"PLACEHOLDER", cell.encode()))
    return out.getvalue()


BROKEN = {
    "bom-then-0xff": ("settlements.csv", b"\xef\xbb\xbf\xff" + GOOD.encode()),
    "odd-utf-16": ("settlements.csv", ("\ufeff" + GOOD).encode("utf-16-le")[:-1]),
    "long-cell-csv": ("settlements.csv", (HEADER + f"zarechye,{LONG},dubensky,54.3,37.9,,no,yes\n").encode()),
    "long-cell-xlsx": ("region.xlsx", _workbook_with(LONG)),
}


@pytest.mark.parametrize("case", BROKEN)
def test_file_level_error_and_nothing_written(db, region, case):
    name, data = BROKEN[case]
    with pytest.raises(ImportFailed) as failure:
        import_data(db, [(name, data)])
    [error] = failure.value.errors
    assert error.source == name and error.column is None
    assert db.scalar(select(func.count()).select_from(Settlement).where(Settlement.code == "zarechye")) == 0


@pytest.mark.parametrize("case", BROKEN)
def test_cli_exits_2_without_a_traceback(tmp_path, case):
    name, data = BROKEN[case]
    (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(cli, ["--database", f"sqlite:///{tmp_path / 'db.sqlite'}", "import",
                                      str(tmp_path / name)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and name in result.output
