"""Export the imported tables back in the import format (data/FORMAT.md).

Driven by the same file specs as the import, so an export re-imports to the
same data: a folder of CSV files (UTF-8, the format of ``data/``) or one
XLSX workbook with a sheet per file. Tables are written in import order and
rows in the order they were created, which keeps exports of the same data
identical.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import openpyxl
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.services.importing import SPECS, FileSpec
from planner.services.importing.specs import text_of


def rows(session: Session, spec: FileSpec) -> Iterator[list[str]]:
    """The file's rows as text cells, header first."""
    yield [column.name for column in spec.columns]
    for record in session.scalars(select(spec.model).order_by(spec.model.id)):
        yield [text_of(column, record) for column in spec.columns]


def export_csv(session: Session, folder: str | Path) -> list[Path]:
    """Write one CSV file per table into ``folder``; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in SPECS:
        path = folder / f"{spec.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, lineterminator="\n").writerows(rows(session, spec))
        written.append(path)
    return written


def export_xlsx(session: Session, target: str | Path | IO[bytes]) -> None:
    """Write one workbook, a sheet per table, to a path or a binary stream."""
    book = openpyxl.Workbook(write_only=True)
    for spec in SPECS:
        sheet = book.create_sheet(spec.name)
        numbers = [column.cell.number for column in spec.columns]
        for index, row in enumerate(rows(session, spec)):
            sheet.append(row if index == 0 else [_native(sheet, cell, number)
                                                 for cell, number in zip(row, numbers)])
    book.save(target)


def export_to(session: Session, destination: str | Path) -> list[Path]:
    """A ``.xlsx`` destination gets a workbook, anything else a folder of CSV files."""
    destination = Path(destination)
    if destination.suffix.lower() == ".xlsx":
        destination.parent.mkdir(parents=True, exist_ok=True)
        export_xlsx(session, destination)
        return [destination]
    return export_csv(session, destination)


def _native(sheet, cell: str, number: bool):
    """Numbers as numbers so spreadsheets can sum them; text never as a formula."""
    if not cell:
        return None
    if number:
        value = float(cell)
        return int(value) if value.is_integer() and "." not in cell else value
    if cell.startswith("="):
        text = WriteOnlyCell(sheet, cell)
        text.data_type = "s"
        return text
    return cell
