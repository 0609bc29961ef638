"""Import errors in the admin's language.

The importer (shared with the command line) words its errors in English,
with the offending value quoted. The admin page matches each against the
importer's sentence patterns and shows the translated sentence with the same
values; a sentence no pattern knows is shown as it is, and the test of
translations feeds every kind of bad cell through here so none is missed.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

PATTERNS: tuple[tuple[str, object], ...] = (
    (r"expected yes/no \(true/false, 1/0, да/нет\), got (?P<value>.+)",
     lambda v: _("expected yes or no (да/нет, true/false, 1/0), got %(value)s", **v)),
    (r"expected a date YYYY-MM-DD, got (?P<value>.+)", lambda v: _("expected a date YYYY-MM-DD, got %(value)s", **v)),
    (r"expected a time HH:MM, got (?P<value>.+)", lambda v: _("expected a time HH:MM, got %(value)s", **v)),
    (r"expected HH:MM-HH:MM, got (?P<value>.+)", lambda v: _("expected hours HH:MM-HH:MM, got %(value)s", **v)),
    (r"interval (?P<value>.+) ends before it starts", lambda v: _("the hours %(value)s end before they start", **v)),
    (r"expected a number, got (?P<value>.+)", lambda v: _("expected a number, got %(value)s", **v)),
    (r"expected a whole number, got (?P<value>.+)", lambda v: _("expected a whole number, got %(value)s", **v)),
    (r"must be at least (?P<low>\S+), got (?P<value>.+)", lambda v: _("must be at least %(low)s, got %(value)s", **v)),
    (r"(?P<name>lat|lon) (?P<value>\S+) is outside Russia \((?P<range>[^)]+)\); are lat and lon swapped\?",
     lambda v: _("%(name)s %(value)s is outside Russia (%(range)s); are latitude and longitude swapped?", **v)),
    (r"(?P<value>.+) is not one of: (?P<allowed>.+)", lambda v: _("%(value)s is not one of: %(allowed)s", **v)),
    (r"unknown weekday (?P<value>\S+) \(use (?P<allowed>[^)]+)\)",
     lambda v: _("unknown weekday %(value)s (use %(allowed)s)", **v)),
    (r"day range (?P<value>.+) runs backwards", lambda v: _("the day range %(value)s runs backwards", **v)),
    (r"(?P<value>.+): expected days then HH:MM-HH:MM",
     lambda v: _("%(value)s: expected days, then hours HH:MM-HH:MM", **v)),
    (r"(?P<day>\w+): intervals (?P<first>\S+) and (?P<second>\S+) overlap",
     lambda v: _("%(day)s: the hours %(first)s and %(second)s overlap", **v)),
    (r"expected weekly:K, monthly:K or gap:A-B, got (?P<value>.+)",
     lambda v: _("expected weekly:K, monthly:K or gap:A-B, got %(value)s", **v)),
    (r"unknown file (?P<value>.+); expected one of: (?P<allowed>.+)",
     lambda v: _("unknown file %(value)s; expected one of: %(allowed)s", **v)),
    (r"(?P<value>\S+) given twice \(also (?P<other>.+)\)", lambda v: _("%(value)s given twice (also %(other)s)", **v)),
    (r"empty file: no header row", lambda v: _("the file is empty: no header row")),
    (r"duplicate key (?P<value>.+) \(first in row (?P<row>\d+)\)",
     lambda v: _("the key %(value)s repeats (first in row %(row)s)", **v)),
    (r"unknown column; expected: (?P<allowed>.+)", lambda v: _("unknown column; expected: %(allowed)s", **v)),
    (r"required column is missing", lambda v: _("a required column is missing")),
    (r"more cells than columns in the header", lambda v: _("more cells than columns in the header")),
    (r"unknown (?P<kind>\w+) (?P<value>.+)",
     lambda v: _("%(value)s is neither in %(kind)s.csv nor in the database", **v)),
    (r"longer than (?P<length>\d+) characters", lambda v: _("longer than %(length)s characters", **v)),
    (r"not a \.csv or \.xlsx file: (?P<value>.+)", lambda v: _("not a .csv or .xlsx file: %(value)s", **v)),
    (r"cannot open as an XLSX workbook: (?P<value>.+)",
     lambda v: _("cannot be opened as an XLSX workbook: %(value)s", **v)),
    (r"no \.csv or \.xlsx files here", lambda v: _("no .csv or .xlsx files here")),
    (r"no files given", lambda v: _("no files given")),
    (r"required, but empty", lambda v: _("required, but empty")),
    (r"(?P<last>\w+) (?P<late>\S+) is before (?P<first>\w+) (?P<early>\S+)",
     lambda v: _("%(last)s %(late)s is before %(first)s %(early)s", **v)),
    (r"give both (?P<one>\w+) and (?P<other>\w+)", lambda v: _("give both %(one)s and %(other)s", **v)),
    (r"give minutes per session, or days for a camp", lambda v: _("give minutes per session, or days for a camp")),
)
COMPILED = tuple((re.compile(pattern + r"\Z"), say) for pattern, say in PATTERNS)


def translate(reason: str) -> str:
    """The importer's English ``reason`` as the admin reads it; unknown sentences unchanged."""
    for pattern, say in COMPILED:
        match = pattern.match(reason)
        if match:
            return say(match.groupdict())
    return reason


def known(reason: str) -> bool:
    """Whether some pattern translates ``reason`` (the translations test asks)."""
    return any(pattern.match(reason) for pattern, _say in COMPILED)
