"""Read CSV files and XLSX workbooks into plain tables of text cells.

Russian offices export CSV from Excel in cp1251 with ``;`` between cells as
often as in UTF-8 with ``,``, so both are recognised. An XLSX workbook holds
one table per sheet, the sheet named like the CSV file without ``.csv``.
Every cell becomes text here (numbers, dates and times of XLSX cells
included), so the cell parsers see one kind of input.

A file that cannot be decoded or parsed (bytes that are not UTF-8 after a
UTF-8 byte-order mark, UTF-16 cut in the middle of a character, a cell
longer than ``MAX_CELL``, an XLSX sheet that breaks while it is read) is
one file-level ``Unreadable`` error, never an exception of the codec, the
csv module or openpyxl.
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
MAX_CELL = csv.field_size_limit()
"""Longest cell, in characters: the csv module's own limit (131,072), for XLSX too."""


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
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                encoding = codec.removesuffix("-sig").upper()
                raise Unreadable(f"starts with a {encoding} byte-order mark but is not valid {encoding}: "
                                 f"{error.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def read_csv(name: str, data: bytes, source: str) -> Table:
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table(name, source, enumerate(rows, start=1))
    except csv.Error as error:
        raise Unreadable(f"row {rows.line_num}: {_csv_reason(error)}") from None


def _csv_reason(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a cell is longer than {MAX_CELL} characters"
    return f"not a readable CSV row ({error})"


def read_xlsx(data: bytes, source: str) -> list[Table]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise Unreadable(f"cannot open as an XLSX workbook: {error}") from error
    try:
        return [_sheet(sheet, source) for sheet in book.worksheets]
    except Unreadable:
        raise
    except Exception as error:  # a sheet's XML can break only when its rows are read
        raise Unreadable(f"cannot read the XLSX workbook: {type(error).__name__}") from error
    finally:
        book.close()


def _sheet(sheet, source: str) -> Table:
    sheet.reset_dimensions()  # some writers record a wrong used range; read every row
    rows = ([_cell(value, number) for value in row]
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1))
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


def _cell(value, row: int) -> str:
    text = _text(value)
    if len(text) > MAX_CELL:
        raise Unreadable(f"row {row}: a cell is longer than {MAX_CELL} characters")
    return text


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
