"""Languages and time: Russian by default, English on request; the centre's time zone.

Times in the database are naive UTC (``created_at``, ``published_at``) or
local wall-clock strings of the plan (``"10:30"``); the filters here show
the former in the centre's zone (``PLANNER_TIMEZONE``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Blueprint, Flask, current_app, redirect, request, session, url_for
from flask_babel import Babel, format_date, format_datetime

from planner import clock
from planner.services.production_calendar import parse_week
from planner.web.auth import _safe_next

LANGUAGES = ("ru", "en")
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
bp = Blueprint("i18n", __name__)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "ru")
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=_locale)
    app.jinja_env.filters["utc_datetime"] = _utc_datetime
    app.jinja_env.filters["day"] = _day
    app.jinja_env.filters["week_label"] = week_label
    app.jinja_env.globals["current_language"] = _locale


def _locale() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else current_app.config["BABEL_DEFAULT_LOCALE"]


def _utc_datetime(value: dt.datetime | None) -> str:
    """A naive-UTC timestamp shown in the centre's zone."""
    if value is None:
        return ""
    return format_datetime(value.replace(tzinfo=dt.timezone.utc), "short")


def _day(value: dt.date | str, pattern: str = "EEE d MMM") -> str:
    """A calendar date, e.g. «пн 7 дек.»; no zone: plan dates are local already."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, pattern)


def week_label(week: str) -> str:
    """An ISO week as people say it: «7–13 декабря», «28 декабря – 3 января 2027».

    The year is written only when the week reaches outside the current year.
    """
    monday = parse_week(week)
    sunday = monday + dt.timedelta(days=6)
    this_year = clock.today(current_app.config["TIMEZONE"]).year
    year = "" if monday.year == sunday.year == this_year else " y"
    if monday.month == sunday.month:
        return f"{monday.day}–{format_date(sunday, 'd MMMM' + year)}"
    first = "d MMMM" + (" y" if monday.year != sunday.year else "")
    return f"{format_date(monday, first)} – {format_date(sunday, 'd MMMM' + year)}"


@bp.post("/language/<lang>")
def switch(lang: str):
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")) or url_for("auth.home"))
