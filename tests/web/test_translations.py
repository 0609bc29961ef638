"""The Russian catalogue is complete, compiled and in step with the code."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "planner/translations/ru/LC_MESSAGES"
METHODS = [("planner/**.py", "python"), ("planner/web/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _ids(catalog) -> dict:
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalog if m.id}


def test_every_message_in_the_code_is_translated():
    with open(CATALOG / "messages.po", "rb") as handle:
        translated = _ids(read_po(handle, locale="ru"))
    found = {message if isinstance(message, str) else message[0]
             for _file, _line, message, _comments, _context in
             extract_from_dir(ROOT, METHODS, keywords=KEYWORDS)}
    missing = sorted(m for m in found if not translated.get(m))
    assert not missing, "run pybabel extract/update and translate: " + "; ".join(missing[:10])


def test_compiled_catalogue_matches_the_source():
    with open(CATALOG / "messages.po", "rb") as handle:
        source = _ids(read_po(handle, locale="ru"))
    with open(CATALOG / "messages.mo", "rb") as handle:
        compiled = _ids(read_mo(handle))
    assert compiled == source, "run: pybabel compile -d planner/translations"
