"""Read CSV files and XLSX workbooks into plain tables of text cells.

Russian offices export CSV from Excel in cp1251 with ``;`` between cells as
often as in UTF-8 with ``,``, so both are recognised. An XLSX workbook holds
one table per sheet, the sheet named like the CSV file without ``.csv``.
Every cell becomes text here (numbers, dates and times of XLSX cells
included), so the cell parsers see one kind of input.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

SUFFIXES = (".csv", ".xlsx")
DELIMITERS = ",;\t"
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class Table:
    """One file's (or sheet's) rows; ``rows`` pairs the spreadsheet row number with cells."""

    name: str
    source: str
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


class Unreadable(ValueError):
    """A file that is not CSV/XLSX or cannot be opened; the message says why."""


def expand(paths) -> list[Path]:
    """Files to read: the given files, and the CSV/XLSX files inside given folders."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


def read(name: str, data: bytes, source: str | None = None) -> list[Table]:
    """Tables of one file given by its name (which says its kind) and bytes."""
    source = source or name
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return [read_csv(Path(name).stem.lower(), data, source)]
    if suffix == ".xlsx":
        return read_xlsx(data, source)
    raise Unreadable(f"not a .csv or .xlsx file: {name}")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, otherwise cp1251."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def read_csv(name: str, data: bytes, source: str) -> Table:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(name, source, enumerate(rows, start=1))


def read_xlsx(data: bytes, source: str) -> list[Table]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise Unreadable(f"cannot open as an XLSX workbook: {error}") from error
    try:
        return [_sheet(sheet, source) for sheet in book.worksheets]
    finally:
        book.close()


def _sheet(sheet, source: str) -> Table:
    sheet.reset_dimensions()  # some writers record a wrong used range; read every row
    rows = ([_text(value) for value in row] for row in sheet.iter_rows(values_only=True))
    return _table(sheet.title.lower(), f"{source}[{sheet.title}]", enumerate(rows, start=1))


def _table(name: str, source: str, numbered_rows) -> Table:
    """Header from the first non-empty row; rows with no text at all are skipped."""
    table = Table(name=name, source=source)
    for number, cells in numbered_rows:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if not table.header:
            while not cells[-1]:
                cells.pop()
            table.header = [cell.lower() for cell in cells]
            table.header_row = number
        else:
            table.rows.append((number, cells))
    return table


def _text(value) -> str:
    """An XLSX cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.date() == EXCEL_EPOCH:  # a clock time Excel stored as a date-time
            return value.strftime("%H:%M")
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
