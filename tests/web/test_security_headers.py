"""Content-Security-Policy on every response; the maps allow exactly their own inline scripts."""

from __future__ import annotations

import base64
import hashlib
import re


def _script_sources(response) -> list[str]:
    policy = response.headers["Content-Security-Policy"]
    return next(part for part in policy.split("; ") if part.startswith("script-src")).split()[1:]


def test_pages_allow_no_inline_script(as_role, region):
    client = as_role("head")
    for url in ("/login", "/head/", "/coordinator/"):
        response = client.get(url)
        assert _script_sources(response) == ["'self'"], url
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
        assert "onclick=" not in response.get_data(as_text=True)


def test_map_policy_names_each_inline_script_by_hash(as_role, region):
    response = as_role("coordinator").get("/coordinator/map")
    scripts = re.findall(r"<script>(.*?)</script>", response.get_data(as_text=True), re.DOTALL)
    hashes = {"'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert scripts and set(_script_sources(response)) == {"'self'", *hashes}


def test_no_template_has_inline_script_the_policy_would_block():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "planner" / "web" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert "javascript:" not in text, path


def test_map_names_are_never_run_as_templates_on_the_server(as_role, region, db):
    """branca compiles rendered map scripts as Jinja again: ``{{ }}`` in a name must stay text."""
    region["places"]["ivanovka"].name = "Ивановка {{ 1111*3 }} {% if 1 %}-ran-{% endif %} {# note #}"
    region["districts"][0].name = "Северный {{ config }}"
    db.commit()
    page = as_role("coordinator").get("/coordinator/map").get_data(as_text=True)
    assert "3333" not in page and "\\u007b% if 1 %\\u007d-ran-\\u007b% endif %\\u007d" in page
    assert "\\u007b\\u007b 1111*3 \\u007d\\u007d" in page and "SECRET_KEY" not in page
