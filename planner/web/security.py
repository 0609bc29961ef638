"""Response headers that limit what a page can do if some text slips through unescaped.

Every response gets a Content-Security-Policy: scripts only from the app
itself (no inline script, no ``onclick=``, no ``onerror=``), images from the
app and the configured tile server, no plugins, no framing by other sites,
forms only back to the app. The map documents, whose scripts folium writes
inline, send their own policy naming each of those scripts by hash
(``maps.document``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app


def policy(script_src: str = "'self'") -> str:
    """The Content-Security-Policy header, with ``script_src`` as the script sources."""
    tiles = urlsplit(current_app.config["TILE_URL"])
    tile_origin = f"{tiles.scheme}://{tiles.netloc}" if tiles.scheme and tiles.netloc else ""
    return "; ".join([
        "default-src 'self'",
        f"script-src {script_src}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: {tile_origin}".rstrip(),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def init_app(app: Flask) -> None:
    app.after_request(_headers)


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response
