"""Reading Solomon's VRPTW text files (the only file I/O of the VRPTW benchmark).

The format: a name line, ``VEHICLE`` / ``NUMBER CAPACITY`` with the fleet, then
``CUSTOMER`` and one row of seven numbers per site (number, x, y, demand, ready
time, due date, service time); the first row is the depot.
"""

from __future__ import annotations

from pathlib import Path

from planner.optimize.vrptw.model import Instance, Site


class SolomonFormatError(ValueError):
    """A file that is not a Solomon instance; the message names the file and line."""


def read_solomon(path: str | Path) -> Instance:
    """The instance in ``path``; raises ``SolomonFormatError`` naming the bad line."""
    path = Path(path)
    try:
        lines = path.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SolomonFormatError(f"{path}: cannot read: {error}") from error
    fleet_at = _line_after(path, lines, "NUMBER")
    vehicles, capacity = _numbers(path, lines, fleet_at, 2)
    sites = []
    for number, line in enumerate(lines, start=1):
        if number <= fleet_at or not line.strip() or not line.split()[0].isdigit():
            continue
        values = _numbers(path, lines, number, 7)
        sites.append(Site(int(values[0]), *values[1:3], int(values[3]), *values[4:]))
    if len(sites) < 2:
        raise SolomonFormatError(f"{path}: no depot and customer rows found")
    return Instance(lines[0].strip() or path.stem, int(vehicles), int(capacity), tuple(sites))


def _line_after(path: Path, lines: list[str], header: str) -> int:
    """1-based number of the first non-blank line after the one starting with ``header``."""
    for number, line in enumerate(lines, start=1):
        if line.strip().upper().startswith(header):
            for later in range(number, len(lines)):
                if lines[later].strip():
                    return later + 1
    raise SolomonFormatError(f"{path}: no '{header}' header line")


def _numbers(path: Path, lines: list[str], number: int, count: int) -> list[float]:
    parts = lines[number - 1].split()
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != count:
        raise SolomonFormatError(
            f"{path}, line {number}: expected {count} numbers, got {lines[number - 1].strip()!r}")
    return values
