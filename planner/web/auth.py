"""Sign-in, sign-out and the role check every other blueprint relies on.

Each role has one landing page; a signed-in user who opens a page of
another role gets 403, an anonymous one is sent to the sign-in page.
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

from planner.models import User
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
}


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class Account:
    """The flask-login view of a user row, detached from the request's session."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, user: User):
        self.id = user.id
        self.username = user.username
        self.role = user.role
        self.staff_id = user.staff_id
        self.is_active = user.active

    def get_id(self) -> str:
        return str(self.id)


@login_manager.user_loader
def _load(user_id: str) -> Account | None:
    user = get_session().get(User, int(user_id))
    return Account(user) if user is not None and user.active else None


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
        user = authenticate(get_session(), form.username.data, form.password.data)
        if user is not None:
            login_user(Account(user))
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
        form.password.errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."))
    return redirect(url_for("auth.login"))
