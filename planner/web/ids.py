"""Whole numbers from URLs, query strings and forms, bounded to what the database can hold.

Ids are ``INTEGER`` columns: 64 bits in SQLite but 32 in PostgreSQL, so
the bound is PostgreSQL's; a larger number in a URL
(``/head/plans/2147483648``) or a query string reached the database and
ended in ``OverflowError`` (SQLite) or ``integer out of range``
(PostgreSQL), a 500. Paths use the bounded
``int`` converter registered here (out of range: 404, as any unknown id);
query strings and forms use ``request.args.get(name, type=ids.number)``
(out of range: the default, as any malformed value).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

LARGEST = 2**31 - 1
"""The largest ``INTEGER`` PostgreSQL stores (SQLite's are larger)."""


class BoundedInteger(IntegerConverter):
    """``<int:...>`` that matches only 0 .. ``LARGEST``."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int = 0, max: int = LARGEST, signed: bool = False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def number(text: str) -> int:
    """A non-negative whole number the database can store; ValueError otherwise."""
    if len(text) > len(str(LARGEST)) or not text.isascii() or not text.isdigit():
        raise ValueError(f"not a number from 0 to {LARGEST}")
    value = int(text)
    if value > LARGEST:
        raise ValueError(f"not a number from 0 to {LARGEST}")
    return value


def init_app(app: Flask) -> None:
    """Register the bounded converter as ``int``; call before any blueprint is registered."""
    app.url_map.converters["int"] = BoundedInteger
