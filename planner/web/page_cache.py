"""The costly pages rendered once per change of what they show, not once per request.

The head's plan page and the coverage map cost about 100 ms of CPU each: on
a region's two cores ten people opening them at once would wait half a
second. What they show is the centre's rows, the day and who is looking, so
a page is kept rendered per (page and its query, user, language, day,
centre's data version): ``models.data_version`` moves the version in the
same transaction as any change of the centre's rows (an edit, a publication,
an outcome, an import, a solve's progress), in whichever process made it,
so the next request renders afresh. A request is then two small queries
(the sign-in, the version).

Keyed by the user (not only the role), a cached page can show nobody else's
name, centre or menu. Each process keeps its own cache, bounded in bytes.
Pages with a message to flash are rendered and not kept (the message is
shown once). The form token (CSRF) is the request's own: it is cut out of
the kept body and the current one put in on every answer. The weak ETag
answers a repeated request with 304 until the data moves; it also moves
with the sign-in's form token and every half hour, so a page kept by the
browser never holds a form token the app no longer accepts (an hour).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from planner import clock
from planner.models import data_version, tenancy
from planner.web.database import get_session

BYTES = 64 * 1024 * 1024
"""A plan page is about 0.5 MB, a map about 1 MB: some sixty pages per process."""
TOKEN = b"\x00form-token\x00"
"""Stands for the request's form token in a kept body."""
ETAG_MINUTES = 30
"""A form token is accepted for an hour; a 304 reuses a body at most this old."""


@dataclass(frozen=True)
class Page:
    """A rendered answer as kept: its body with the form token cut out, its own headers."""

    body: bytes
    headers: tuple[tuple[str, str], ...]


class PageCache:
    """Pages by key, least recently used dropped first once they hold more than ``limit`` bytes."""

    def __init__(self, limit: int = BYTES):
        self._limit = limit
        self._size = 0
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Page) -> None:
        with self._lock:
            if key in self._pages:
                self._size -= len(self._pages.pop(key).body)
            self._pages[key] = page
            self._size += len(page.body)
            while self._size > self._limit and self._pages:
                self._size -= len(self._pages.popitem(last=False)[1].body)


def _cache() -> PageCache:
    return current_app.extensions.setdefault("planner.page_cache", PageCache())


def _key() -> tuple:
    db = get_session()
    centre_id = tenancy.centre_of(db)
    today = clock.today(current_app.config["TIMEZONE"])
    return (request.endpoint, request.full_path, current_user.id, centre_id, str(get_locale()), today,
            data_version.current(db, centre_id))


def _etag(key: tuple) -> str:
    bucket = int(clock.now().timestamp()) // (ETAG_MINUTES * 60)
    seed = repr((key, session.get("csrf_token"), bucket)).encode()
    return hashlib.sha256(seed).hexdigest()[:32]


def cached(view):
    """Serve ``view`` (a signed-in page) from the cache while its key holds; see the module."""

    @wraps(view)
    def serve(*args, **kwargs):
        if "_flashes" in session:
            return view(*args, **kwargs)
        key = _key()
        etag = _etag(key)
        if request.if_none_match.contains_weak(etag):
            return current_app.response_class(status=304, headers=_validators(etag))
        page = _cache().get(key)
        if page is None:
            response = current_app.make_response(view(*args, **kwargs))
            page = _kept(response)
            if page is None:
                return response
            _cache().put(key, page)
        body = page.body.replace(TOKEN, generate_csrf().encode()) if TOKEN in page.body else page.body
        return current_app.response_class(body, headers=[*page.headers, *_validators(etag).items()])

    return serve


def _kept(response) -> Page | None:
    """The answer as it is kept, None when it is not a plain page to keep (a redirect, an error)."""
    if response.status_code != 200 or response.direct_passthrough:
        return None
    body = response.get_data()
    token = generate_csrf().encode() if "csrf_token" in session else b""
    if token and token in body:
        body = body.replace(token, TOKEN)
    headers = tuple((name, value) for name, value in response.headers.items()
                    if name.lower() not in ("content-length", "set-cookie"))
    return Page(body, headers)


def _validators(etag: str) -> dict[str, str]:
    return {"ETag": f'W/"{etag}"', "Cache-Control": "private, no-cache"}
