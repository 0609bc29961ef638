"""Faster folium rendering: rendered output is not compiled again as a Jinja template.

folium renders each map element into a string and wraps that string in a
branca ``Element`` whose constructor compiles it as a Jinja template, only
for the figure to render it once more. A coverage map compiles a few
hundred such strings per request, most of a map's rendering time. A string
without Jinja markup renders to itself (less one trailing newline, as Jinja
does), so ``install`` makes branca skip the compiler for those; anything
with ``{{``, ``{%`` or ``{#`` (or a carriage return, which Jinja rewrites)
is compiled as before. Each element's JavaScript name is its class name
camel-cased character by character on every ``get_name`` call (thousands
per map), so ``install`` also remembers those few dozen names. The maps'
HTML is byte for byte the same (``tests/web/test_map_templates.py``).
"""

from __future__ import annotations

import functools

import branca.element
import jinja2

MARKUP = ("{{", "{%", "{#", "\r")


class Literal:
    """A template that is its own output."""

    def __init__(self, text: str):
        self._text = text[:-1] if text.endswith("\n") else text

    def render(self, *_args, **_kwargs) -> str:
        return self._text


def template(source: str):
    """What branca's ``Element`` compiles its template string with."""
    return jinja2.Template(source) if any(mark in source for mark in MARKUP) else Literal(source)


def install() -> None:
    branca.element.Template = template
    if not hasattr(branca.element._camelify, "cache_info"):
        branca.element._camelify = functools.lru_cache(maxsize=256)(branca.element._camelify)
