"""Validate tables against the file specs and write them, all or nothing.

Every row is checked before anything is flushed; any error anywhere rolls
the whole session back and raises ``ImportFailed`` with all errors found (up
to ``MAX_ERRORS``), each naming file, row, column and reason. Records are
matched by natural key, so re-importing a file updates instead of
duplicating. Files go in ``SPECS`` order whatever order they are given in,
so a row may refer to a row of another file of the same import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.services.importing.reader import Table
from planner.services.importing.specs import BY_NAME, SPECS, Column, FileSpec

MAX_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    """One problem: ``source`` is the file (``book.xlsx[sheet]`` for a sheet)."""

    source: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.source] + [str(p) for p in (self.row, self.column) if p is not None]
        return f"{':'.join(where)}: {self.reason}"


class ImportFailed(Exception):
    """Nothing was written; ``errors`` says why (``truncated`` if more were cut off)."""

    def __init__(self, errors: list[RowError], truncated: bool = False):
        self.errors = errors
        self.truncated = truncated
        more = " (and more)" if truncated else ""
        super().__init__(f"{len(errors)} error(s){more}; first: {errors[0]}")


@dataclass
class FileReport:
    name: str
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)

    def count(self, name: str) -> FileReport | None:
        return next((f for f in self.files if f.name == name), None)


class _Errors(list):
    """Collects errors and stops the import once there are too many to read."""

    class Full(Exception):
        pass

    def add(self, source: str, row: int | None, column: str | None, reason: str) -> None:
        self.append(RowError(source, row, column, reason))
        if len(self) >= MAX_ERRORS:
            raise self.Full


def import_tables(session: Session, tables: list[Table], *, keep_existing: bool = False) -> ImportReport:
    """Import ``tables`` into ``session`` (flushed, not committed) or raise ``ImportFailed``.

    ``keep_existing`` adds only rows whose natural key is new and leaves every stored row as
    it is (the demo's re-run must not undo what an admin changed since)."""
    errors = _Errors()
    report = ImportReport()
    try:
        with session.no_autoflush:
            ordered = _match_specs(tables, errors)
            records = {spec.name: _stored(session, spec) for spec in SPECS}
            for spec, table in ordered:
                report.files.append(_import_table(session, spec, table, records, errors, keep_existing))
    except _Errors.Full:
        session.rollback()
        raise ImportFailed(list(errors), truncated=True) from None
    if errors:
        session.rollback()
        raise ImportFailed(list(errors))
    try:
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise ImportFailed([RowError("database", None, None, str(error.orig))]) from error
    return report


def _match_specs(tables: list[Table], errors: _Errors) -> list[tuple[FileSpec, Table]]:
    seen: dict[str, Table] = {}
    for table in tables:
        if table.name not in BY_NAME:
            errors.add(table.source, None, None,
                       f"unknown file {table.name!r}; expected one of: {', '.join(BY_NAME)}")
        elif table.name in seen:
            errors.add(table.source, None, None,
                       f"{table.name} given twice (also {seen[table.name].source})")
        else:
            seen[table.name] = table
    return [(spec, seen[spec.name]) for spec in SPECS if spec.name in seen]


def _stored(session: Session, spec: FileSpec) -> dict[tuple[str, ...], Any]:
    """Records already in the database by natural key (``None`` marks a bad row's key)."""
    return {spec.key_of(record): record for record in session.scalars(select(spec.model))}


def _import_table(session, spec: FileSpec, table: Table, records: dict, errors: _Errors,
                  keep_existing: bool = False):
    """Check and write one table; a table with a bad header is still checked row by row
    (and its keys noted), so that its rows' errors show and references to it do not."""
    report = FileReport(spec.name, table.source)
    if not table.header:
        errors.add(table.source, None, None, "empty file: no header row")
        return report
    columns, header_ok = _check_header(spec, table, errors)
    first_row: dict[tuple[str, ...], int] = {}
    for number, cells in table.rows:
        row = _Row(spec, table.source, number, errors)
        values = row.parse(columns, cells, records)
        key = row.key(values)
        if key is None:
            continue
        if key in first_row:
            errors.add(table.source, number, spec.key[0],
                       f"duplicate key {', '.join(key)} (first in row {first_row[key]})")
            continue
        first_row[key] = number
        if row.failed or not header_ok:
            records[spec.name][key] = None
            continue
        stored = records[spec.name].get(key)
        record, outcome = (stored, "unchanged") if keep_existing and stored is not None else \
            _write(session, spec, stored, values)
        records[spec.name][key] = record
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _check_header(spec: FileSpec, table: Table, errors: _Errors) -> tuple[list, bool]:
    """The spec column of each position (``None`` where unusable) and whether all is fine."""
    known = {column.name: column for column in spec.columns}
    columns: list[Column | None] = []
    for position, name in enumerate(table.header):
        twice = name in table.header[:position]
        if name not in known or twice:
            reason = ("column given twice" if twice
                      else f"unknown column; expected: {', '.join(sorted(known))}")
            errors.add(table.source, table.header_row, name or f"#{position + 1}", reason)
        columns.append(None if twice else known.get(name))
    missing = [column.name for column in spec.columns
               if column.name not in table.header and _required(spec, column)]
    for name in missing:
        errors.add(table.source, table.header_row, name, "required column is missing")
    return columns, None not in columns and not missing


def _required(spec: FileSpec, column: Column) -> bool:
    """Key columns, columns marked required, and NOT NULL columns without a default."""
    if column.required or column.name in spec.key:
        return True
    if column.many or isinstance(column.target, tuple):
        return False
    mapper = inspect(spec.model)
    if column.ref:
        stored = mapper.relationships[column.target].local_columns
    else:
        stored = [mapper.columns[column.target]]
    return all(not c.nullable and c.default is None and not c.primary_key for c in stored)


def _default(spec: FileSpec, column: Column) -> Any:
    """What an empty optional cell stores: the model's scalar default, else the cell's."""
    stored = inspect(spec.model).columns.get(column.target) if isinstance(column.target, str) else None
    if stored is not None and stored.default is not None and stored.default.is_scalar:
        return stored.default.arg
    return column.cell.empty


class _Row:
    """Parsing of one row: values by column name, errors recorded as they are found."""

    def __init__(self, spec: FileSpec, source: str, number: int, errors: _Errors):
        self.spec, self.source, self.number, self.errors = spec, source, number, errors
        self.failed = False

    def error(self, column: str, reason: str) -> None:
        self.failed = True
        self.errors.add(self.source, self.number, column, reason)

    def parse(self, columns: list[Column | None], cells: list[str], records: dict) -> dict[str, Any]:
        if len(cells) > len(columns) and any(cells[len(columns):]):
            self.error(f"#{len(columns) + 1}", "more cells than columns in the header")
        cells = cells + [""] * (len(columns) - len(cells))
        values = {column.name: self.value(column, cell, records)
                  for column, cell in zip(columns, cells) if column is not None}
        if not self.failed:
            for check in self.spec.checks:
                for column, reason in check(values):
                    self.error(column, reason)
        return values

    def value(self, column: Column, cell: str, records: dict) -> Any:
        if not cell:
            if _required(self.spec, column):
                self.error(column.name, "required, but empty")
            return None if column.ref and not column.many else _default(self.spec, column)
        try:
            value = column.cell.parse(cell)
        except ValueError as error:
            self.error(column.name, str(error))
            return None
        if column.ref:
            return self.resolve(column, value, records)
        return self.fits(column, value)

    def resolve(self, column: Column, value: Any, records: dict) -> Any:
        """A reference's record (or the list of keys for ``many``), if it exists."""
        known = records[column.ref]
        for key in value if column.many else [value]:
            if (key,) not in known:
                self.error(column.name, f"unknown {column.ref} {key!r}")
        return value if column.many else known.get((value,))

    def fits(self, column: Column, value: Any) -> Any:
        """Text no longer than the database column holds."""
        if isinstance(value, str) and isinstance(column.target, str):
            length = getattr(inspect(self.spec.model).columns[column.target].type, "length", None)
            if length and len(value) > length:
                self.error(column.name, f"longer than {length} characters")
        return value

    def key(self, values: dict[str, Any]) -> tuple[str, ...] | None:
        """The row's natural key as text, or ``None`` if a key cell is bad."""
        parts = []
        for name in self.spec.key:
            column, value = self.spec.column(name), values.get(name)
            if value is None:
                return None
            if column.ref:
                parts.append(BY_NAME[column.ref].key_of(value)[0])
            else:
                parts.append(column.cell.format(value))
        return tuple(parts)


def _write(session: Session, spec: FileSpec, record: Any, values: dict[str, Any]):
    """Create or update one record; returns it and which count it adds to."""
    created = record is None
    if created:
        record = spec.model()
        session.add(record)
    changed = False
    for name, value in values.items():
        changed |= _assign(record, spec.column(name), value)
    return record, "created" if created else "updated" if changed else "unchanged"


def _assign(record: Any, column: Column, value: Any) -> bool:
    target = column.target
    if isinstance(target, tuple):
        attr, key = target
        nested = dict(getattr(record, attr) or {})
        if value:
            nested[key] = value
        else:
            nested.pop(key, None)
        target, value = attr, nested
    if getattr(record, target) == value:
        return False
    setattr(record, target, value)
    return True
