"""The head's form for a new expedition series; choices are filled per request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from planner.models import ROLES, Agency, District, Staff, Vehicle, Venue
from planner.web import labels
from planner.web.admin_forms import CODE, _choices


def _ids(value):
    return int(value) if value not in (None, "") else None


class SeriesForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organiser_id = SelectField(_l("Organising agency"), coerce=int)
    vehicle_id = SelectField(_l("Vehicle"), coerce=int)
    districts = SelectMultipleField(_l("Districts, in turn"), coerce=int,
                                    validators=[DataRequired()])
    trips = IntegerField(_l("Trips in the term"), default=16, validators=[NumberRange(1, 60)])
    weeks_apart = IntegerField(_l("Weeks between trips"), default=1,
                               validators=[NumberRange(1, 8)])
    minutes = IntegerField(_l("Minutes a trip"), default=420, validators=[NumberRange(60, 720)])
    roles = SelectMultipleField(_l("Roles on every trip"), validators=[DataRequired()],
                                choices=_choices((r, labels.ROLES[r]) for r in ROLES))
    staff_pool = SelectMultipleField(_l("Who may go"), coerce=int, validators=[DataRequired()])
    reception = SelectMultipleField(_l("Reception points (one per district)"), coerce=int)
    meeting_roles = SelectMultipleField(_l("Roles at the planning meeting"),
                                        choices=_choices((r, labels.ROLES[r]) for r in ROLES))
    meeting_venue_id = SelectField(_l("Planning meeting venue"), coerce=_ids)
    meeting_minutes = IntegerField(_l("Planning meeting, minutes"), default=60,
                                   validators=[NumberRange(15, 240)])
    earliest = DateField(_l("Earliest date"), validators=[Optional()])
    latest = DateField(_l("Latest date"), validators=[Optional()])


def fill_choices(form: SeriesForm, db: Session) -> None:
    """Agencies, vehicles, districts, staff and venues as they are now."""
    venues = [(v.id, v.name) for v in db.scalars(select(Venue).order_by(Venue.name))]
    form.organiser_id.choices = _choices(
        (a.id, a.name) for a in db.scalars(select(Agency).order_by(Agency.id)))
    form.vehicle_id.choices = _choices((v.id, v.name) for v in db.scalars(
        select(Vehicle).where(Vehicle.active).order_by(Vehicle.code)))
    form.districts.choices = _choices(
        (d.id, d.name) for d in db.scalars(select(District).order_by(District.id)))
    form.staff_pool.choices = _choices((s.id, f"{s.full_name} ({s.code})") for s in db.scalars(
        select(Staff).where(Staff.active).order_by(Staff.full_name)))
    form.reception.choices = _choices(venues)
    form.meeting_venue_id.choices = _choices([("", "—")] + venues)
