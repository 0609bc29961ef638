"""Cell types of the import format (data/FORMAT.md): parse text, format back.

Every cell type turns the text of one cell into the value stored on the
model and back, so the importer and the exporter share one definition and an
export re-imports to the same data. ``parse`` raises ``ValueError`` whose
message is the reason shown to the user; it never sees an empty cell (the
importer handles those).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from planner.models import WEEKDAYS

TRUE = frozenset({"yes", "true", "1", "да", "y"})
FALSE = frozenset({"no", "false", "0", "нет", "n"})
RUSSIAN_DAYS = dict(zip(("пн", "вт", "ср", "чт", "пт", "сб", "вс"), WEEKDAYS))
LAT_RANGE = (41.0, 82.0)
LON_RANGE = (19.0, 180.0)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_RUSSIAN_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")


@dataclass(frozen=True)
class Cell:
    """How one column's text maps to a value: ``parse`` text, ``format`` value.

    ``empty`` is the value of an empty cell when the model has no default;
    ``number`` marks cells written to XLSX as numbers.
    """

    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str
    empty: Any = None
    number: bool = False


def text(value: str) -> str:
    return value


def boolean(value: str) -> bool:
    word = value.lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(f"expected yes/no (true/false, 1/0, да/нет), got {value!r}")


def date(value: str) -> dt.date:
    """``YYYY-MM-DD``; also ``DD.MM.YYYY``, which Russian Excel writes on saving."""
    try:
        if _RUSSIAN_DATE.fullmatch(value):
            return dt.datetime.strptime(value, "%d.%m.%Y").date()
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def time(value: str) -> str:
    """``9:00`` and ``09:00`` both mean nine o'clock; stored as ``HH:MM``."""
    match = _TIME.fullmatch(value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"expected a time HH:MM, got {value!r}")
    return f"{int(match[1]):02d}:{match[2]}"


def interval(value: str) -> list[str]:
    """``HH:MM-HH:MM`` with the start before the end."""
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError(f"expected HH:MM-HH:MM, got {value!r}")
    pair = [time(start.strip()), time(end.strip())]
    if pair[0] >= pair[1]:
        raise ValueError(f"interval {value!r} ends before it starts")
    return pair


def number(value: str) -> float:
    """A decimal number; a decimal comma (Russian spreadsheets) is accepted."""
    try:
        return float(re.sub(r"[\s\u00a0]", "", value).replace(",", "."))
    except ValueError:
        raise ValueError(f"expected a number, got {value!r}") from None


def whole(value: str) -> int:
    result = number(value)
    if not result.is_integer():
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(result)


def at_least(parse: Callable[[str], float], low: float) -> Callable[[str], float]:
    def bounded(value: str) -> float:
        result = parse(value)
        if result < low:
            raise ValueError(f"must be at least {low:g}, got {value!r}")
        return result
    return bounded


def coordinate(name: str, low: float, high: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        result = number(value)
        if not low <= result <= high:
            raise ValueError(f"{name} {value} is outside Russia ({low:g}..{high:g});"
                             " are lat and lon swapped?")
        return result
    return parse


def one_of(choices: Iterable[str]) -> Callable[[str], str]:
    allowed = tuple(choices)

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of: {', '.join(allowed)}")
        return value
    return parse


def listing(item: Callable[[str], str] = text) -> Callable[[str], list]:
    """A ``;``-separated list; repeats are kept (a role twice needs two people)."""
    def parse(value: str) -> list:
        return [item(part.strip()) for part in value.split(";") if part.strip()]
    return parse


def join(values: list) -> str:
    return ";".join(values)


def weekday(value: str) -> str:
    word = value.strip().lower()
    word = RUSSIAN_DAYS.get(word, word)
    if word not in WEEKDAYS:
        raise ValueError(f"unknown weekday {value!r} (use {' '.join(WEEKDAYS)})")
    return word


def _days(spec: str) -> list[str]:
    """``mon-fri``, ``tue,thu`` or a mix like ``mon-wed,fri``."""
    days: list[str] = []
    for item in spec.split(","):
        first, sep, last = item.partition("-")
        if not sep:
            days.append(weekday(first))
            continue
        start, end = WEEKDAYS.index(weekday(first)), WEEKDAYS.index(weekday(last))
        if start > end:
            raise ValueError(f"day range {item!r} runs backwards")
        days.extend(WEEKDAYS[start:end + 1])
    return days


def weekly(value: str) -> dict[str, list[list[str]]]:
    """``mon-fri 09:00-18:00; sat 10:00-14:00`` -> ``{"mon": [["09:00", "18:00"]], ...}``."""
    hours: dict[str, list[list[str]]] = {}
    for part in filter(None, (p.strip() for p in value.split(";"))):
        days, _, spans = part.partition(" ")
        if not spans.strip():
            raise ValueError(f"{part!r}: expected days then HH:MM-HH:MM")
        intervals = [interval(span.strip()) for span in spans.split(",")]
        for day in _days(days):
            hours.setdefault(day, []).extend(intervals)
    for day, intervals in hours.items():
        intervals.sort()
        for before, after in zip(intervals, intervals[1:]):
            if after[0] < before[1]:
                raise ValueError(f"{day}: intervals {'-'.join(before)} and"
                                 f" {'-'.join(after)} overlap")
    return {day: hours[day] for day in WEEKDAYS if day in hours}


def _day_ranges(days: list[str]) -> str:
    """Consecutive days as ranges: ``mon,tue,wed,fri`` -> ``mon-wed,fri``."""
    runs: list[list[str]] = []
    for day in days:
        if runs and WEEKDAYS.index(day) == WEEKDAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def format_weekly(hours: dict) -> str:
    by_intervals: dict[str, list[str]] = {}
    for day in WEEKDAYS:
        if hours.get(day):
            spans = ",".join(f"{start}-{end}" for start, end in hours[day])
            by_intervals.setdefault(spans, []).append(day)
    return "; ".join(f"{_day_ranges(days)} {spans}" for spans, days in by_intervals.items())


def cadence(value: str) -> dict[str, int]:
    """``weekly:K``, ``monthly:K`` or ``gap:A-B`` as the timetable spec's cadence."""
    kind, _, amount = value.partition(":")
    try:
        if kind in ("weekly", "monthly"):
            return {kind: _positive(amount)}
        if kind == "gap":
            low, _, high = amount.partition("-")
            gap = {"min_gap_days": _positive(low), "max_gap_days": _positive(high)}
            if gap["min_gap_days"] > gap["max_gap_days"]:
                raise ValueError
            return gap
    except ValueError:
        pass
    raise ValueError(f"expected weekly:K, monthly:K or gap:A-B, got {value!r}")


def _positive(value: str) -> int:
    result = int(value)
    if result < 1:
        raise ValueError
    return result


def format_cadence(spec: dict) -> str:
    if "min_gap_days" in spec:
        return f"gap:{spec['min_gap_days']}-{spec['max_gap_days']}"
    return "".join(f"{kind}:{amount}" for kind, amount in spec.items())


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


TEXT = Cell(text, empty="")
BOOL = Cell(boolean, lambda v: "yes" if v else "no", empty=False)
DATE = Cell(date, dt.date.isoformat)
TIME = Cell(time)
INTERVAL = Cell(interval, "-".join, empty=[])
NUMBER = Cell(number, format_number, number=True)
POSITIVE = Cell(at_least(number, 0), format_number, number=True)
COUNT = Cell(at_least(whole, 0), str, number=True)
WHOLE = Cell(at_least(whole, 1), str, number=True)
LAT = Cell(coordinate("latitude", *LAT_RANGE), format_number, number=True)
LON = Cell(coordinate("longitude", *LON_RANGE), format_number, number=True)
WEEKLY = Cell(weekly, format_weekly, empty={})
CADENCE = Cell(cadence, format_cadence, empty={})
WEEKDAYS_LIST = Cell(listing(weekday), join, empty=[])


def mapping(value: str) -> dict[str, str]:
    """``key=value;key=value`` (a district's reception point, say), order kept."""
    pairs = {}
    for part in listing()(value):
        key, sep, item = (p.strip() for p in part.partition("="))
        if not sep or not key or not item:
            raise ValueError(f"expected key=value pairs separated by ';', got {part!r}")
        pairs[key] = item
    return pairs


MAPPING = Cell(mapping, lambda pairs: ";".join(f"{k}={v}" for k, v in pairs.items()), empty={})
NUMBERS = Cell(listing(whole), lambda values: ";".join(map(str, values)), empty=[])


def choice(values: Iterable[str]) -> Cell:
    return Cell(one_of(values), empty="")


def choices(values: Iterable[str]) -> Cell:
    return Cell(listing(one_of(values)), join, empty=[])
