"""What a report is made of: tables of counts with captions people read.

A caption (``Caption``) is English source text, translated where it is
shown (the web app through Flask-Babel, the CLI as is); names from the data
(a district, a programme, a service) are plain strings and never
translated. No table holds a family's name, address or case code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable


class Caption(str):
    """Text of the product (a figure's name, a column header), to be translated."""


def N_(text: str) -> Caption:
    """Mark ``text`` for extraction by ``pybabel extract`` (a default keyword) and translation."""
    return Caption(text)


Cell = str | int | float | None


@dataclass
class Table:
    """One table of the report: ``key`` names it in files, ``title`` and ``columns`` are captions."""

    key: str
    title: Caption
    columns: list[Caption]
    rows: list[list[Cell]] = field(default_factory=list)

    def column(self, name: str) -> list[Cell]:
        """The values of one column by its English caption (tests and charts read them so)."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def row(self, label: str) -> list[Cell]:
        """The row whose first cell is ``label``."""
        return next(row for row in self.rows if row[0] == label)


@dataclass
class Report:
    """The figures of one period and scope for one centre."""

    centre: str
    start: dt.date
    end: dt.date
    scope: str
    scope_label: str
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def figure(self, label: str, column: str = "Done") -> Cell:
        """A summary figure (``Done`` or ``Planned``) by its English caption."""
        summary = self.table("summary")
        return summary.row(label)[summary.columns.index(column)]


Translate = Callable[[str], str]


def plain(text: str) -> str:
    """The identity translation (English captions, as the CLI prints them)."""
    return text


def shown(cell: Cell, translate: Translate) -> Cell:
    """A cell as a reader sees it: captions translated, data as it is."""
    return translate(cell) if isinstance(cell, Caption) else cell
