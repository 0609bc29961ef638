"""A report written out: an XLSX workbook (one sheet per table), CSV or JSON.

Numbers stay numbers (XLSX cells are typed, JSON values are numbers);
captions are translated by ``translate`` (the web app passes its gettext,
the CLI keeps English).
"""

from __future__ import annotations

import csv
import re
from typing import IO, BinaryIO

import openpyxl
from openpyxl.styles import Font

from planner.services.reports.tables import N_, Report, Translate, plain, shown

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def to_json(report: Report, translate: Translate = plain) -> dict:
    """The report as a JSON document: the period, scope and every table's rows."""
    return {
        "centre": report.centre, "from": report.start.isoformat(), "to": report.end.isoformat(),
        "scope": report.scope, "scope_label": report.scope_label,
        "tables": {table.key: {
            "title": translate(table.title),
            "columns": [translate(column) for column in table.columns],
            "rows": [[shown(cell, translate) for cell in row] for row in table.rows],
        } for table in report.tables},
    }


def to_csv(report: Report, stream: IO[str], translate: Translate = plain) -> None:
    """One CSV of every figure, one line each: ``table,row,column,value`` (easy to filter and sum)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    for table in report.tables:
        for row in table.rows:
            for column, cell in zip(table.columns[1:], row[1:]):
                writer.writerow([table.key, shown(row[0], translate), translate(column),
                                 "" if cell is None else cell])


def to_xlsx(report: Report, stream: BinaryIO, translate: Translate = plain) -> None:
    """A workbook: a title sheet (centre, period, scope), then one sheet per table."""
    book = openpyxl.Workbook()
    about = book.active
    about.title = _sheet_title(translate(N_("Report")))
    for label, value in ((N_("Centre"), report.centre), (N_("From"), report.start),
                         (N_("To"), report.end), (N_("Scope"), report.scope_label or report.scope)):
        about.append([translate(label), value])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 60
    for table in report.tables:
        sheet = book.create_sheet(_sheet_title(translate(table.title)))
        sheet.append([translate(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([shown(cell, translate) for cell in row])
        sheet.column_dimensions["A"].width = 44
        sheet.freeze_panes = "B2"
    book.save(stream)


def _sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return _SHEET_FORBIDDEN.sub(" ", text)[:31]
