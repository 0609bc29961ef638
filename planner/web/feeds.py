"""Calendar feeds by secret URL, the family's token page, the specialist's feed page.

A token is shown exactly once, in the answer to the POST that issued it
(``Cache-Control: no-store``): only its digest is stored, so the page can say
since when a link works but never show it again; a lost phone means one
click on "issue a new link", which kills the old one.

The token in ``/feeds/<token>.ics`` and ``/family/<token>`` is the only key
a calendar app or a family has, so it must never reach a log: a filter on
werkzeug's request log and on the app's error log masks it before any
handler sees the line.
"""

from __future__ import annotations

import logging
import re

import qrcode
import qrcode.image.svg
from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from planner import clock
from planner.models import Staff
from planner.services import outbox, tokens
from planner.services.feed_cache import FeedCache
from planner.services.family_view import family_visits
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("feeds", __name__)

SECRET_PATH = re.compile(r"(/(?:feeds|family|agreement)/)[A-Za-z0-9_-]{16,}")
"""Token-like segments only, so file paths such as ``planner/web/feeds.py`` in a traceback stay readable."""


class TokenMask(logging.Filter):
    """Rewrites a log record so a secret path segment reads ``***``."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = SECRET_PATH.sub(r"\1***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


@bp.record_once
def _mask_tokens_in_logs(state) -> None:
    install_token_mask(state.app)


def install_token_mask(app: Flask) -> None:
    """Attach the mask to the request log and the app's own log, once each."""
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if not any(isinstance(f, TokenMask) for f in logger.filters):
            logger.addFilter(TokenMask())


@bp.get("/feeds/<token>.ics")
def feed(token: str):
    """The calendar; 304 when the client's ETag still matches, 404 for a dead token."""
    session = get_session()
    row = tokens.resolve(session, token)
    calendar = _cache().feed_for(session, row.centre_id, row.kind, row.subject_id, _today()) if row else None
    if calendar is None:
        abort(404)
    response = current_app.response_class(calendar.body, mimetype="text/calendar")
    response.charset = "utf-8"
    response.set_etag(calendar.etag)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


@bp.get("/family/<token>")
def family(token: str):
    """The family's upcoming visits: date and hour window, nothing else."""
    session = get_session()
    row = tokens.resolve(session, token)
    if row is None or row.kind != "family":
        abort(404)
    visits = [(format_date(v.date, "EEEE, d MMMM"), v)
              for v in family_visits(session, row.subject_id, since=_today())]
    return render_template("feeds/family.html", visits=visits, webcal=_webcal(token),
                           phone=current_app.config["CENTRE_PHONE"])


@bp.get("/me/feed")
@login_required
def my_feed():
    """Whether the signed-in specialist has a live link, and the buttons to change that."""
    return _my_feed_page(_my_staff())


@bp.post("/me/feed")
@login_required
def reissue():
    """A new link (the old one dies), shown once with its webcal:// form and QR code."""
    session = get_session()
    staff = _my_staff()
    secret = tokens.issue(session, "staff", staff.id, current_user)
    session.commit()
    url, webcal = url_for("feeds.feed", token=secret, _external=True), _webcal(secret)
    response = current_app.make_response(_my_feed_page(staff, url=url, webcal=webcal, qr=_qr_svg(webcal)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/me/feed/revoke")
@login_required
def revoke():
    session = get_session()
    staff = _my_staff()
    if tokens.revoke(session, "staff", staff.id):
        flash(_("The calendar link is revoked; subscribed calendars stop updating."))
    session.commit()
    return redirect(url_for("feeds.my_feed"))


@bp.get("/notices/print")
@roles_required("coordinator", "head")
def print_notices():
    """Notices for families without a phone, one cut-out card each, for the curators to hand over."""
    return render_template("feeds/print.html", notices=outbox.print_queue(get_session()))


@bp.post("/notices/print")
@roles_required("coordinator", "head")
def handed_over():
    session = get_session()
    count = outbox.mark_handed_over(session, [int(i) for i in request.form.getlist("notice") if i.isdigit()])
    session.commit()
    flash(_("%(count)d notice(s) marked as handed over.", count=count))
    return redirect(url_for("feeds.print_notices"))


def _my_staff() -> Staff:
    staff = get_session().get(Staff, current_user.staff_id) if current_user.staff_id else None
    if staff is None:
        abort(404)
    return staff


def _my_feed_page(staff: Staff, **shown):
    live = tokens.current(get_session(), "staff", staff.id)
    return render_template("feeds/mine.html", staff=staff, live=live, **shown)


def _cache() -> FeedCache:
    """The app's rendered feeds (one cache per process, made on first use)."""
    return current_app.extensions.setdefault("planner.feed_cache", FeedCache())


def _webcal(token: str) -> str:
    """The feed URL with the scheme phones hand to their calendar app to subscribe."""
    return "webcal://" + url_for("feeds.feed", token=token, _external=True).split("://", 1)[1]


def _qr_svg(text: str) -> Markup:
    """The link as an inline SVG QR code: a phone camera subscribes without typing 60 characters."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return Markup(image.to_string(encoding="unicode"))


def _today():
    return clock.today(current_app.config["TIMEZONE"])
