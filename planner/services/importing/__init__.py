"""Import of the CSV/XLSX format of data/FORMAT.md: validated, all or nothing.

``import_files(session, paths)`` is the use case the CLI and the web admin
call; ``import_data`` takes uploaded bytes instead of paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from sqlalchemy.orm import Session

from planner.services.importing.importer import (
    MAX_ERRORS,
    FileReport,
    ImportFailed,
    ImportReport,
    RowError,
    import_tables,
)
from planner.services.importing.reader import Table, Unreadable, expand, read
from planner.services.importing.specs import SPECS, Column, FileSpec

__all__ = [
    "MAX_ERRORS", "SPECS", "Column", "FileReport", "FileSpec", "ImportFailed", "ImportReport",
    "RowError", "import_data", "import_files",
]


def import_files(session: Session, paths: Iterable[str | PathLike], *, keep_existing: bool = False) -> ImportReport:
    """Import CSV files, XLSX workbooks and folders of them in one transaction.

    The session is flushed, not committed (the caller owns the transaction);
    on any error it is rolled back and ``ImportFailed`` lists every problem.
    ``keep_existing`` only adds rows with new natural keys (see ``import_tables``).
    """
    paths = list(paths)
    files = expand(paths)
    if not files:
        raise ImportFailed([RowError(str(p), None, None, "no .csv or .xlsx files here")
                            for p in paths] or [RowError("import", None, None, "no files given")])
    return import_data(session, ((str(path), path) for path in files), keep_existing=keep_existing)


def import_data(session: Session, files: Iterable[tuple[str, bytes | PathLike]], *,
                keep_existing: bool = False) -> ImportReport:
    """Import named files given as bytes (uploads) or paths, like ``import_files``."""
    tables: list[Table] = []
    errors: list[RowError] = []
    for name, data in files:
        try:
            raw = data if isinstance(data, bytes) else Path(data).read_bytes()
            tables.extend(read(name, raw))
        except (OSError, Unreadable) as error:
            errors.append(RowError(name, None, None, str(error)))
    if errors:
        session.rollback()
        raise ImportFailed(errors)
    return import_tables(session, tables, keep_existing=keep_existing)
