"""Undelivered family notices: the e-mails and SMS that failed, and sending them again.

A notice counts as told only once delivered, so one that failed must be
seen by a person: this page lists those given up and those still being
retried (case code, channel, tries, last error; never a contact), and
queues the given-up ones again.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from planner.services import outbox
from planner.web import ids
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.get("/undelivered")
@roles_required("coordinator", "head")
def undelivered():
    return render_template("notices/undelivered.html", notices=outbox.undelivered(get_session()))


@bp.post("/undelivered")
@roles_required("coordinator", "head")
def resend():
    session = get_session()
    chosen = [value for value in (_id(text) for text in request.form.getlist("notice")) if value is not None]
    count = outbox.resend(session, chosen)
    session.commit()
    flash(_("%(count)d notice(s) queued to be sent again.", count=count))
    return redirect(url_for("notices.undelivered"))


def _id(text: str) -> int | None:
    try:
        return ids.number(text)
    except ValueError:
        return None
