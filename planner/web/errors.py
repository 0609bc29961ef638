"""Error pages in the user's language (403 for another role's page, CSRF refusals)."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf)
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _http)


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        403: _("This page belongs to another role."),
        404: _("There is no such page."),
        405: _("This page cannot be opened this way."),
        413: _("The file is too large."),
    }


def _http(error: HTTPException):
    message = _messages().get(error.code, error.description)
    return render_template("error.html", code=error.code, message=message), error.code


def _csrf(_error: CSRFError):
    message = _("The form has expired or did not come from this site. Reload the page and try again.")
    return render_template("error.html", code=400, message=message), 400
