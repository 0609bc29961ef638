"""No English in the Russian UI: every page of every role, optimiser reasons, import errors.

The catalogue test (``test_translations``) checks that every marked text has a
Russian entry; this one catches text that was never marked: it renders the
pages in Russian and looks for English words in what a person would read.
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from planner import clock, models
from planner.models import Plan, Settlement
from planner.services import importing
from planner.services.importing import cells
from planner.web import import_errors, labels
from tests.web.conftest import csrf_token, sign_in
from tests.web.region import published_route
from tests.web.test_head import WEEK, finished, generate, use_solver
from tests.services.planning_doubles import SCRIPTED

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"EN", "RU", "SMS", "CSV", "XLSX", "HH", "MM", "YYYY", "DD", "ISO", "SOP", "TZhS", "mon", "tue", "wed",
           "thu", "fri", "sat", "sun", "weekly", "monthly", "gap", "true", "false", "yes", "no", "webcal", "ics",
           "OpenStreetMap", "contributors", "csv", "xlsx", "e", "mail"}
"""Words that are Russian practice too: language switch, file formats, the import notation."""


class _Text(HTMLParser):
    """The text a reader sees: data outside scripts and styles, plus placeholders and titles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str, data: set[str] = frozenset()) -> set[str]:
    """English words in what the page shows, apart from ``ALLOWED`` and the ``data`` (codes, names)."""
    parser = _Text()
    parser.feed(html)
    words = set()
    for token in re.findall(r"[\w@.:/'-]+", " ".join(parser.parts)):
        if re.search(r"[\d@/]", token) or "-" in token.strip("-") and token.lower() == token:
            continue  # codes (C-001, uaz-1, sw-01), dates, addresses, e-mail
        for word in re.findall(r"[A-Za-z]{2,}", token):
            if word not in ALLOWED and word not in data:
                words.add(word)
    return words


@pytest.fixture()
def world(app, db, region, users):
    """A generated and published week, an urgent visit, an absence, a stop to record."""
    use_solver(app, SCRIPTED)
    head = app.test_client()
    sign_in(head, "head")
    first = finished(head, generate(head))["plan_id"]
    plan = db.get(Plan, first)
    result = copy.deepcopy(plan.result)
    result["unassigned"] = [{"visit": visit["id"], "reasons": [code],
                             "detail": "Ивановка" if code == "ROAD_CLOSED" else "English detail for logs"}
                            for visit, code in zip(plan.request["visits"], sorted(labels.REASONS))]
    plan.result = result
    db.commit()
    head.post(f"/head/plans/{first}/publish", data={"csrf_token": csrf_token(head, "/head/")})
    second = finished(head, generate(head, base_plan=first))["plan_id"]
    route = published_route(db, region, clock.today(app.config["TIMEZONE"]), ["sw-01"])
    return {"plans": (first, second), "route": plan.routes[0].id, "stop": route.stops[0].id}


def _pages(world) -> dict[str, list[str]]:
    first, second = world["plans"]
    return {
        "head": [f"/head/?week={WEEK}", f"/head/plans/{first}", f"/head/plans/{second}",
                 f"/head/plans/{second}/compare?other={first}", f"/head/plans/{second}/publish",
                 f"/head/plans/{first}/routes/{world['route']}/sheet", "/head/absences/", "/urgent/new",
                 "/coordinator/", "/notices/print"],
        "coordinator": ["/coordinator/", "/urgent/new"],
        "regional": ["/region/"],
        "specialist": ["/me/", f"/me/stops/{world['stop']}", "/me/feed"],
        "admin": ["/admin/", "/admin/import"] + [f"/admin/{kind}/{page}" for kind in
                                                 ("settlements", "staff", "vehicles", "families", "venues",
                                                  "programmes") for page in ("", "new")],
    }


def test_no_page_shows_english_in_russian(app, world, db):
    data = {row.code for row in db.query(Settlement)} | {spec.name for spec in importing.SPECS}
    found = {}
    for role, urls in _pages(world).items():
        client = app.test_client()
        sign_in(client, role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            words = english_words(response.get_data(as_text=True), data | {role})
            if words:
                found[url] = sorted(words)
    assert not found, f"untranslated text: {found}"


def test_every_reason_the_optimiser_gives_has_russian_words():
    source = (ROOT / "planner/optimize/brigade/reasons.py").read_text() + \
        (ROOT / "planner/services/planning.py").read_text()
    codes = set(re.findall(r'"([A-Z]{2,}(?:_[A-Z]+)+)"', source))
    assert codes and not codes - set(labels.REASONS), sorted(codes - set(labels.REASONS))


def test_every_code_people_read_has_a_name():
    for codes, names in ((models.PROGRAMME_KINDS, labels.PROGRAMME_KINDS), (models.PURPOSES, labels.PURPOSES),
                         (models.OUTCOMES, labels.OUTCOMES), (models.ROLES, labels.ROLES),
                         (models.CATEGORIES, labels.CATEGORIES)):
        assert set(codes) <= set(names), sorted(set(codes) - set(names))


BAD_CELLS = [
    (cells.boolean, "maybe"), (cells.date, "31.02"), (cells.time, "25:00"), (cells.interval, "9-18"),
    (cells.interval, "18:00-09:00"), (cells.number, "x"), (cells.whole, "1.5"), (cells.weekday, "mo"), (cells.cadence, "often"),
    (cells.weekly, "fri-mon 09:00-18:00"), (cells.weekly, "mon"), (cells.weekly, "mon 09:00-12:00,11:00-13:00"),
    (cells.one_of(["a", "b"]), "c"), (cells.at_least(cells.number, 1), "0"), (cells.coordinate("lat", 41, 82), "12"),
]


def test_every_import_error_is_translated(db):
    reasons = []
    for parse, value in BAD_CELLS:
        with pytest.raises(ValueError) as error:
            parse(value)
        reasons.append(str(error.value))
    files = [("districts.csv", b"code,name,lat,lon,colour\n"), ("districts.csv", b"code,name\n"),
             ("nonsense.csv", b"a\n1\n"), ("settlements.csv", b""),
             ("staff.csv", b"code,full_name,roles,agency,depot,weekly_hours,extra\nx,,sw,nowhere,,,\nx,y,,,,\n"),
             ("vehicle_unavailability.csv", b"vehicle,start,end,reason\nv,2026-12-10,2026-12-01,\n"),
             ("families.csv", b"case_code,settlement,lat\nc1,s,54\n"), ("readme.txt", b"x")]
    for batch in ([files[-1]], files[:-1]):
        with pytest.raises(importing.ImportFailed) as failure:
            importing.import_data(db, batch)
        reasons += [e.reason for e in failure.value.errors]
    with pytest.raises(importing.ImportFailed) as failure:
        importing.import_files(db, [])
    reasons += [e.reason for e in failure.value.errors]
    unknown = sorted({reason for reason in reasons if not import_errors.known(reason)})
    assert not unknown, unknown
