"""Every route, as every role of centre A, aimed at centre B's rows: nothing of B is shown or changed.

Two centres with data share the database (``tests.web.centres``). For each
rule of ``app.url_map`` each role of centre A sends a GET and, where the
route takes one, a POST whose path arguments, query string and form fields
all carry ids of centre B's rows (its plans, routes, stops, jobs, trips,
sessions, follow-ups, settlements, staff, families, notices...). The page
may answer anything but a 5xx; it must not show centre B's people, and no
row of centre B may change. Token routes get centre A's own tokens (a token
is the key of its own centre's data, which is the point of it).
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from planner.models import Staff
from planner.services import tokens
from planner.services.users import create_user
from planner.web.admin import KINDS
from tests.web.centres import PERSONAL, PLACES, make_other_centre, rows_of
from tests.web.conftest import PASSWORD, csrf_token, sign_in

SKIPPED = {"static", "auth.logout", "auth.login"}
ROLES = ("admin", "head", "coordinator", "specialist", "regional")
LANDING = {"admin": "/admin/", "head": "/head/", "coordinator": "/coordinator/", "specialist": "/me/",
           "regional": "/region/"}


@pytest.fixture()
def centres(app, db, users, region, engine):
    """Centre A (the web tests' region and users, a staff feed token) and centre B."""
    own = {"token": tokens.issue(db, "staff", db.query(Staff).filter_by(code="sw-01").one().id)}
    db.commit()
    return own, make_other_centre(engine)


def _values(rule, other, own: dict) -> dict | None:
    values = {}
    for name in rule.arguments:
        if name == "kind_name":
            values[name] = "families"
        elif name == "record_id":
            values[name] = other.admin_ids["families"]
        elif name == "token":
            values[name] = own["token"]
        elif name == "code":
            values[name] = "exp"
        elif name == "lang":
            values[name] = "ru"
        elif name == "filename":
            return None
        else:
            values[name] = other.ids[name]
    return values


def _urls(app, other, own) -> list[tuple[str, str, str]]:
    """(endpoint, url, method) of every rule aimed at centre B; each admin kind gets its own edit page."""
    found = []
    for rule in app.url_map.iter_rules():
        values = _values(rule, other, own)
        if rule.endpoint in SKIPPED or values is None:
            continue
        kinds = KINDS if "kind_name" in rule.arguments else ["families"]
        for kind in kinds:
            if "kind_name" in values:
                values = {**values, "kind_name": kind}
                if "record_id" in values:
                    values["record_id"] = other.admin_ids.get(kind, other.admin_ids["families"])
            url = rule.build(values, append_unknown=False)[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                found.append((rule.endpoint, url, method))
    return found


def _shown(response) -> str:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_no_route_shows_or_changes_another_centres_data(app, client, engine, centres, role):
    own, other = centres
    before = rows_of(engine, other.id)
    assert sign_in(client, role).status_code == 302
    token = csrf_token(client, LANDING[role])
    query = {name: str(value) for name, value in other.ids.items()}
    hidden = PERSONAL if role == "regional" else PERSONAL + PLACES
    for endpoint, url, method in _urls(app, other, own):
        if method == "GET":
            response = client.get(url, query_string=query)
        else:
            response = client.post(url, data={**query, "csrf_token": token})
        assert response.status_code < 500, (method, url)
        shown = _shown(response)
        leaked = [marker for marker in hidden if marker in shown]
        assert not leaked, (role, method, url, leaked)
    assert rows_of(engine, other.id) == before, role


def test_the_other_centre_sees_its_own_rows_and_none_of_the_first(app, client, db, centres):
    """The same pages do show centre B's data to centre B's own head: the test above can fail."""
    _own, other = centres
    from planner.db import session_factory
    from planner.models import tenancy

    with tenancy.scoped(session_factory(db.get_bind()), other.id)() as b:
        create_user(b, "head-b", PASSWORD, "head")
        b.commit()
    assert sign_in(client, "head-b").status_code == 302
    plan = client.get(f"/head/plans/{other.ids['plan_id']}").get_data(as_text=True)
    assert "Петрова Анна" in plan or "F-001" in plan
    families = client.get("/admin/families/")
    assert families.status_code == 403
    coverage = client.get("/coordinator/").get_data(as_text=True)
    assert "Красное" in coverage and "Ивановка" not in coverage
