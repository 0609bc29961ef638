"""Seeded random requests to every route as every role: never a 5xx, nothing written when refused.

Path arguments, query strings and form fields get out-of-range numbers,
markup, template-literal syntax, control characters and the like. The app
runs with TESTING, so an exception in a view fails the test instead of
becoming a 500 page. Starting a plan job is left out (it forks a solver;
its form is covered by ``test_integer_bounds``), and so are signing out
and in, which would change who asks.
"""

from __future__ import annotations

import random
from urllib.parse import quote

import pytest

from tests.fuzz.mutate import NASTY_TEXT
from tests.fuzz.test_fuzz_imports import fingerprint
from tests.web.conftest import csrf_token
from tests.web.test_integer_bounds import plan_id  # noqa: F401  a draft plan to aim at

SEED, PER_ROLE = 14, 120
SKIPPED = {"static", "auth.logout", "auth.login", "head.generate"}
NUMBERS = ("0", "1", "2", str(2**31 - 1), str(2**31), str(2**63 - 1), str(2**63), "9" * 401, "-1", "1e3")
FIELDS = ("week", "base_plan", "route", "settlement", "visit", "date", "vehicle", "notice", "next", "page",
          "district", "category", "role", "other", "code", "name", "lat", "lon", "seats", "people",
          "capacity", "start", "end", "staff", "programme", "n", "token", "answer", "reason", "kind")


def _value(rng: random.Random) -> str:
    return rng.choice(NUMBERS + NASTY_TEXT + ("2026-W50", "sop", "social_worker", "email", "yes"))


def _url(rng: random.Random, rule, plan_id: int) -> str:
    values = {}
    for name, converter in rule._converters.items():
        if type(converter).__name__ == "BoundedInteger":
            values[name] = rng.choice((plan_id, 1, 2**31 - 1, 0))
        else:
            values[name] = rng.choice(("families", "settlements", "staff", "x" * 300, "..", "ru", "en",
                                       "a" * 43, "<b>"))
    path = rule.build(values, append_unknown=False)[1] if values else rule.rule
    query = "&".join(f"{rng.choice(FIELDS)}={quote(_value(rng), safe='')}" for _ in range(rng.randint(0, 3)))
    return path + ("?" + query if query else "")


@pytest.mark.parametrize("role", ["admin", "head", "coordinator", "specialist"])
def test_random_requests_never_fail_the_server(app, as_role, db, plan_id, role):
    client = as_role(role)
    token = csrf_token(client, {"admin": "/admin/", "specialist": "/me/"}.get(role, f"/{role}/"))
    rng = random.Random(f"{SEED}-{role}")
    rules = [r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED]
    for _ in range(PER_ROLE):
        rule = rng.choice(rules)
        url = _url(rng, rule, plan_id)
        method = "POST" if "POST" in rule.methods and ("GET" not in rule.methods or rng.random() < 0.5) else "GET"
        before = fingerprint(db)
        if method == "POST":
            form = {rng.choice(FIELDS): _value(rng) for _ in range(rng.randint(0, 5))}
            form["csrf_token"] = token if rng.random() < 0.9 else "forged"
            response = client.post(url, data=form)
        else:
            response = client.get(url)
        assert response.status_code < 500, (method, url)
        if response.status_code >= 400:
            db.expire_all()
            assert fingerprint(db) == before, (method, url, response.status_code)
