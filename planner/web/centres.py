"""The regional coordinator's centres page: every centre of the installation, and a new one with its first head.

The regional coordinator is the one account that is not a centre's own: a
centre's admin stays inside their centre, so adding centres is the region's.
The list shows counts only; a new centre starts empty, and its head (then
its admin) brings its data in.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from planner.services import centres
from planner.services.errors import CodedError
from planner.web import service_errors
from planner.web.admin_forms import CODE
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("centres", __name__, url_prefix="/region/centres")


class CentreForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=centres.NAME_LENGTH)])
    username = StringField(_l("Head's user name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Head's password"), validators=[DataRequired()])


@bp.route("/", methods=["GET", "POST"])
@roles_required("regional")
def index():
    session = get_session()
    form = CentreForm()
    if form.validate_on_submit():
        try:
            centres.add_centre(session, form.code.data, form.name.data, (form.username.data, form.password.data))
        except CodedError as error:
            session.rollback()
            form[error.params["field"]].errors.append(service_errors.say(error))
        else:
            session.commit()
            flash(_("Centre %(name)s added; its head can sign in as %(user)s.", name=form.name.data.strip(),
                    user=form.username.data.strip()))
            return redirect(url_for("centres.index"))
    return render_template("region/centres.html", rows=centres.centre_rows(session), form=form)
