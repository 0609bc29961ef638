"""Sign-in, sign-out and the role check every other blueprint relies on.

Each role has one landing page; a signed-in user who opens a page of
another role gets 403, an anonymous one is sent to the sign-in page.
A signed-in user's requests see only their centre's rows (``models.tenancy``).
The session cookie names a server-side sign-in (``services.sign_ins``), so
signing out ends the session even for a copy of the cookie; wrong
passwords are throttled per account and per address (``services.throttle``).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from planner.models import User, tenancy
from planner.services import sign_ins, throttle
from planner.services.users import authenticate
from planner.web.database import get_session

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to open this page.")

LANDING = {
    "admin": "admin.index",
    "head": "head.index",
    "coordinator": "coordinator.index",
    "specialist": "specialist.index",
    "regional": "region.index",
}


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class Account:
    """The flask-login view of a user row, detached from the request's session."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User, token: str):
        self.id = user.id
        self.token = token
        self.username = user.username
        self.role = user.role
        self.staff_id = user.staff_id
        self.centre_id = user.centre_id
        self.is_active = user.active

    def get_id(self) -> str:
        """What the session cookie keeps: the sign-in's token, not the user's id."""
        return self.token


@login_manager.user_loader
def _load(token: str) -> Account | None:
    """The signed-in user; from here on the request's session sees only the user's centre."""
    session = get_session()
    user = sign_ins.user_of(session, token)
    if user is None:
        return None
    tenancy.enter(session, user.centre_id)
    return Account(user, token)


def roles_required(*roles: str):
    """Let only signed-in users with one of ``roles`` in; others get 403."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def _safe_next(target: str | None) -> str | None:
    """Only local paths: an open redirect would let a link send users elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return target


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(LANDING[current_user.role]))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        session, address = get_session(), request.remote_addr or ""
        wait = throttle.retry_after(session, form.username.data, address)
        if wait:
            form.password.errors.append(_("Too many wrong passwords. Try again in %(minutes)s min.",
                                          minutes=(wait + 59) // 60))
            return render_template("auth/login.html", form=form), 429
        user = authenticate(session, form.username.data, form.password.data)
        if user is not None:
            throttle.clear(session, form.username.data)
            login_user(Account(user, sign_ins.start(session, user)))
            session.commit()
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
        throttle.record_failure(session, form.username.data, address)
        session.commit()
        form.password.errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    session = get_session()
    sign_ins.end(session, current_user.token)
    session.commit()
    logout_user()
    flash(_("You have signed out."))
    return redirect(url_for("auth.login"))
