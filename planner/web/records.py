"""What happened, entered by the head or the coordinator: group sessions held, follow-ups made,
contacts off the routes (online consultations, families received at a reception point).

Visits of the routes are recorded by the specialists (their outcome page and
``planner outcome``); the rest is entered here. The views call
``services/attendance.py``, ``services/cases.py`` and ``services/outcomes.py``.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from planner import clock
from planner.models import FOLLOW_UP_RESULTS, Family, FollowUp, Service, Session, Staff
from planner.services import attendance, cases, outcomes
from planner.services.reports.figures import RESULTS
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("records", __name__, url_prefix="/records")
LOOK_BACK = 28
"""Days of past sessions the page lists by default."""


def _count(label):
    return IntegerField(label, default=0, validators=[Optional(), NumberRange(0, 500)])


class SessionForm(FlaskForm):
    held = SelectField(_l("Held"), choices=[SelectChoice("yes", _l("held")),
                                             SelectChoice("no", _l("not held"))])
    families = _count(_l("Families"))
    adults = _count(_l("Adults"))
    children = _count(_l("Children"))
    note = StringField(_l("Note"), validators=[Length(max=400)])

    def validate_held(self, field) -> None:
        if field.data == "no" and any((self.families.data, self.adults.data, self.children.data)):
            raise ValidationError(_l("A session that was not held has no attendance."))


class FollowUpForm(FlaskForm):
    date = DateField(_l("Date"), validators=[DataRequired()])
    result = SelectField(_l("Result"), choices=[SelectChoice(r, _l(str(RESULTS[r])))
                                                for r in FOLLOW_UP_RESULTS])
    note = StringField(_l("Note"), validators=[Length(max=400)])


class ContactForm(FlaskForm):
    case_code = StringField(_l("Case code"), validators=[DataRequired(), Length(max=40)])
    date = DateField(_l("Date"), validators=[DataRequired()])
    mode = SelectField(_l("Where"), choices=[SelectChoice("online", _l("online consultation")),
                                             SelectChoice("reception", _l("at a reception point"))])
    services = SelectMultipleField(_l("Services given"))
    staff = SelectMultipleField(_l("Who gave them"))
    adults = _count(_l("Adults"))
    children = _count(_l("Children"))
    note = StringField(_l("Note"), validators=[Length(max=400)])


def _today() -> dt.date:
    return clock.today(current_app.config["TIMEZONE"])


@bp.get("/sessions")
@roles_required("head", "coordinator")
def sessions():
    """The past weeks' timetabled sessions with what was recorded, a small form on each."""
    today = _today()
    rows = attendance.sessions_to_record(get_session(), today - dt.timedelta(days=LOOK_BACK), today)
    forms = {session.id: SessionForm(formdata=None, prefix=f"s{session.id}", **_filled(record))
             for session, record in rows}
    return render_template("records/sessions.html", rows=rows, forms=forms)


def _filled(record) -> dict:
    if record is None:
        return {}
    return {"held": "yes" if record.held else "no", "families": record.families,
            "adults": record.adults, "children": record.children, "note": record.note}


@bp.post("/sessions/<int:session_id>")
@roles_required("head", "coordinator")
def record_session(session_id: int):
    db = get_session()
    session = db.get(Session, session_id) or abort(404)
    form = SessionForm(prefix=f"s{session_id}")
    if session.date > _today():
        flash(_("A session can be recorded once its day has come."), "error")
    elif form.validate():
        attendance.record_session(db, session_id, form.held.data == "yes",
                                  families=form.families.data or 0, adults=form.adults.data or 0,
                                  children=form.children.data or 0, note=form.note.data)
        db.commit()
        flash(_("Recorded: %(name)s, %(date)s.", name=session.programme.name, date=session.date))
    else:
        _not_recorded(form)
    return redirect(url_for("records.sessions", _anchor=f"s{session_id}"))


def _not_recorded(form: FlaskForm) -> None:
    flash(_("Not recorded: %(errors)s", errors="; ".join(
        str(error) for errors in form.errors.values() for error in errors)), "error")


@bp.get("/follow-ups")
@roles_required("head", "coordinator")
def follow_ups():
    """Follow-ups after closure due within the next month, the most overdue first."""
    due = cases.follow_ups_due(get_session(), _today() + dt.timedelta(days=31))
    forms = {f.id: FollowUpForm(formdata=None, prefix=f"f{f.id}", date=_today()) for f in due}
    return render_template("records/follow_ups.html", due=due, forms=forms, today=_today())


@bp.post("/follow-ups/<int:follow_up_id>")
@roles_required("head", "coordinator")
def record_follow_up(follow_up_id: int):
    db = get_session()
    follow_up = db.get(FollowUp, follow_up_id) or abort(404)
    form = FollowUpForm(prefix=f"f{follow_up_id}")
    closed = follow_up.family.closed_date
    if not form.validate():
        _not_recorded(form)
    elif form.date.data > _today():
        flash(_("A follow-up is recorded on the day it was made, not ahead."), "error")
    elif closed and form.date.data < closed:
        flash(_("A follow-up cannot be made before the case was closed."), "error")
    else:
        cases.record_follow_up(db, follow_up_id, form.date.data, form.result.data, form.note.data)
        db.commit()
        flash(_("Follow-up of %(code)s recorded.", code=follow_up.family.case_code))
    return redirect(url_for("records.follow_ups"))


@bp.route("/contacts", methods=["GET", "POST"])
@roles_required("head", "coordinator")
def contacts():
    """An online consultation or a family received at a reception point, recorded as a visit made."""
    db = get_session()
    form = ContactForm(date=_today())
    form.services.choices = [SelectChoice(s.code, s.name) for s in db.scalars(
        select(Service).where(Service.active).order_by(Service.name))]
    form.staff.choices = [SelectChoice(s.code, f"{s.full_name} ({s.code})") for s in db.scalars(
        select(Staff).where(Staff.active).order_by(Staff.full_name))]
    if form.validate_on_submit():
        family = db.scalar(select(Family).where(Family.case_code == form.case_code.data.strip()))
        if family is None:
            form.case_code.errors.append(_("There is no case with this code."))
        elif form.date.data > _today():
            form.date.errors.append(_("A contact is recorded once it has happened."))
        else:
            outcomes.record_contact(db, family.id, form.date.data, mode=form.mode.data,
                                    services=form.services.data, adults=form.adults.data or 0,
                                    children=form.children.data or 0, staff=form.staff.data,
                                    note=form.note.data)
            db.commit()
            flash(_("Contact with %(code)s recorded.", code=family.case_code))
            return redirect(url_for("records.contacts"))
    return render_template("records/contacts.html", form=form)
