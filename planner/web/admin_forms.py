"""Forms of the admin's data pages: one per record type, named like the model's columns.

Field names equal column names, so ``form.populate_obj(row)`` and
``Form(obj=row)`` move data both ways; choices of references (district,
depot, curator...) are filled per request by ``fill_choices``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError,
)

from planner.models import (
    CATEGORIES,
    CLOSURE_REASONS,
    CURATOR_RULES,
    PROGRAMME_KINDS,
    PURPOSES,
    ROLES,
    WEEKDAYS,
    Agency,
    Depot,
    District,
    Settlement,
    Staff,
)
from planner.services.importing import cells
from planner.services.reports.figures import CLOSURES
from planner.web import labels

HHMM = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Use HH:MM, e.g. 08:30."))
CODE = [DataRequired(), Length(max=40), Regexp(r"^[\w.-]+$", message=_l("Letters, digits, '-', '_' or '.' only."))]


def _lat():
    return FloatField(_l("Latitude"), validators=[DataRequired(), NumberRange(41, 82)])


def _lon():
    return FloatField(_l("Longitude"), validators=[DataRequired(), NumberRange(19, 180)])


class WeeklyHoursField(StringField):
    """Weekly hours written as in the import files (``mon-fri 09:00-18:00; sat 10:00-14:00``)."""

    def _value(self) -> str:
        return cells.format_weekly(self.data or {})

    def process_formdata(self, valuelist) -> None:
        text = valuelist[0].strip() if valuelist else ""
        try:
            self.data = cells.weekly(text) if text else {}
        except ValueError as error:
            self.data = {}
            raise ValueError(_l("Write hours like «mon-fri 09:00-18:00; sat 10:00-14:00» (%(error)s).",
                                error=error)) from None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def role_choices():
    return _choices((role, labels.ROLES[role]) for role in ROLES)


class SettlementForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    district_id = SelectField(_l("District"), coerce=int)
    lat = _lat()
    lon = _lon()
    road_note = StringField(_l("Road note"), validators=[Length(max=400)])
    needs_4x4_in_thaw = BooleanField(_l("Needs 4x4 in the thaw"))


class StaffForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    roles = SelectMultipleField(_l("Roles"), choices=role_choices(), validators=[DataRequired()])
    agency_id = SelectField(_l("Agency"), coerce=int)
    depot_id = SelectField(_l("Depot"), coerce=int)
    weekly_hours = FloatField(_l("Hours a week"), validators=[NumberRange(0, 60)])
    weekly = WeeklyHoursField(_l("Working hours"), description=_l("Empty: the agency's hours."))
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Length(max=40)])
    caseload_limit = IntegerField(_l("Caseload limit, open families"), default=15,
                                  validators=[NumberRange(0, 200)])
    active = BooleanField(_l("Active"), default=True)


class VehicleForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    depot_id = SelectField(_l("Depot"), coerce=int)
    seats = IntegerField(_l("Seats"), validators=[NumberRange(1, 20)])
    capacity = IntegerField(_l("Load capacity"), validators=[NumberRange(0, 1000)])
    cost_per_km = FloatField(_l("Cost per km"), validators=[NumberRange(0, 1000)])
    max_drive_minutes = IntegerField(_l("Driving limit, minutes a day"), validators=[NumberRange(30, 900)])
    four_wd = BooleanField(_l("Four-wheel drive"))
    start_time = StringField(_l("Earliest departure"), validators=[HHMM])
    end_time = StringField(_l("Latest return"), validators=[HHMM])
    active = BooleanField(_l("Active"), default=True)


class FamilyForm(FlaskForm):
    case_code = StringField(_l("Case code"), validators=CODE)
    display_name = StringField(_l("Name (stays inside the centre)"), validators=[Length(max=200)])
    settlement_id = SelectField(_l("Settlement"), coerce=int)
    address = StringField(_l("Address"), validators=[Length(max=300)])
    lat = _lat()
    lon = _lon()
    category = SelectField(_l("Category"), choices=_choices((c, labels.CATEGORIES[c]) for c in CATEGORIES))
    curator_id = SelectField(_l("Curator set by hand"), coerce=lambda v: int(v) if v else None,
                             description=_l("Empty: the curator of the settlement's territory."))
    status = SelectField(_l("Status"), choices=_choices([("open", _l("open")), ("closed", _l("closed"))]))
    people = IntegerField(_l("People in the family"), validators=[NumberRange(1, 30)])
    availability = WeeklyHoursField(_l("Convenient hours"),
                                    description=_l("e.g. mon-fri 16:00-19:00; sat 10:00-14:00. Empty: any time."))
    intake_date = DateField(_l("Intake date"), validators=[Optional()])
    agreement_date = DateField(_l("Agreement date"), validators=[Optional()])
    consent_date = DateField(_l("Consent date"), validators=[Optional()])
    consent_withdrawn = BooleanField(_l("Consent withdrawn"))
    dependence = BooleanField(_l("Parental dependence (narcologist)"))
    legal_question = BooleanField(_l("Legal question (lawyer)"))
    notice_channel = SelectField(_l("Notices by"), choices=_choices([
        ("none", _l("no notices")), ("email", _l("e-mail")), ("sms", _l("SMS")), ("print", _l("printed list"))]))
    contact_email = StringField(_l("Contact e-mail"), validators=[Optional(), Email(), Length(max=200)])
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=40)])
    closed_date = DateField(_l("Closed on"), validators=[Optional()],
                            description=_l("Follow-ups fall due 1 and 3 years after."))
    closure_reason = SelectField(_l("Reason for closing"), choices=[SelectChoice("", "—")] + _choices(
        (reason, _l(str(CLOSURES[reason]))) for reason in CLOSURE_REASONS))

    def validate_closed_date(self, field) -> None:
        if field.data and self.status.data != "closed":
            raise ValidationError(_l("Only a closed case has a closing date."))
        if field.data and self.intake_date.data and field.data < self.intake_date.data:
            raise ValidationError(_l("A case cannot close before its intake."))

    def validate_closure_reason(self, field) -> None:
        if field.data and self.status.data != "closed":
            raise ValidationError(_l("Only a closed case has a reason for closing."))


class ServiceForm(FlaskForm):
    """An entry of the service catalogue that specialists pick from when recording a visit."""

    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Given by"), choices=[SelectChoice("", _l("anyone"))] + role_choices())
    active = BooleanField(_l("In use"), default=True,
                          description=_l("A service no longer given is switched off, never deleted."))


class VenueForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    settlement_id = SelectField(_l("Settlement"), coerce=lambda v: int(v) if v else None)
    address = StringField(_l("Address"), validators=[Length(max=300)])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(41, 82)])
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(19, 180)])
    capacity = IntegerField(_l("Capacity, people"), validators=[NumberRange(1, 1000)])
    online = BooleanField(_l("Online room"))
    weekly = WeeklyHoursField(_l("Opening hours"), description=_l("Empty: any time."))


class ProgrammeForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=_choices((k, labels.PROGRAMME_KINDS[k]) for k in PROGRAMME_KINDS))
    sessions = IntegerField(_l("Sessions"), validators=[NumberRange(1, 100)])
    minutes = IntegerField(_l("Minutes a session"), validators=[NumberRange(15, 600)])
    roles = SelectMultipleField(_l("Roles"), choices=role_choices(), validators=[DataRequired()])
    same_staff = BooleanField(_l("Same staff every session"))
    same_slot = BooleanField(_l("Same weekday and time"))
    earliest = DateField(_l("Earliest date"), validators=[Optional()])
    latest = DateField(_l("Latest date"), validators=[Optional()])
    audience = StringField(_l("Audience"), validators=[Length(max=200)])


def _optional_int(value):
    return int(value) if value not in ("", None) else None


class TerritoryForm(FlaskForm):
    settlement_id = SelectField(_l("Settlement"), coerce=int)
    curator_id = SelectField(_l("Curator"), coerce=_optional_int, validators=[DataRequired()])


class CadenceRuleForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    purpose = SelectField(_l("Purpose"), choices=_choices((p, labels.PURPOSES[p]) for p in PURPOSES))
    category = SelectField(_l("Category"), coerce=lambda v: v or None, choices=_choices(
        [("", _l("every category"))] + [(c, labels.CATEGORIES[c]) for c in CATEGORIES]))
    anchor = SelectField(_l("Days count from"), choices=_choices(
        [("intake", _l("intake")), ("agreement", _l("agreement"))]))
    repeat = BooleanField(_l("Repeats"))
    interval_days = IntegerField(_l("Due after, days"), validators=[NumberRange(0, 1000)])
    min_days = IntegerField(_l("Not before, days"), validators=[NumberRange(0, 1000)])
    max_days = IntegerField(_l("Hard deadline, days"), validators=[NumberRange(0, 1000)])
    roles = SelectMultipleField(_l("Roles"), choices=role_choices(), validators=[DataRequired()])
    duration = IntegerField(_l("Minutes on site"), validators=[NumberRange(10, 600)])
    priority = IntegerField(_l("Base priority"), validators=[NumberRange(0, 100)])
    add_narcologist = BooleanField(_l("Narcologist for parental dependence"))
    add_lawyer = BooleanField(_l("Lawyer for an open legal question"))
    curator = SelectField(_l("Family's curator"), choices=_choices(
        (c, labels.CURATOR_RULES[c]) for c in CURATOR_RULES))
    active = BooleanField(_l("Active"), default=True)

    def validate(self, extra_validators=None) -> bool:
        """Not before ≤ due ≤ hard deadline."""
        if not super().validate(extra_validators):
            return False
        if not self.min_days.data <= self.interval_days.data <= self.max_days.data:
            self.interval_days.errors.append(_l("Days must grow: not before ≤ due after ≤ hard deadline."))
            return False
        return True


class ProtectedTimeForm(FlaskForm):
    code = StringField(_l("Code"), validators=CODE)
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    weekday = SelectField(_l("Weekday"), choices=_choices((d, labels.WEEKDAYS[d]) for d in WEEKDAYS))
    start = StringField(_l("From"), validators=[HHMM])
    end = StringField(_l("Until"), validators=[HHMM])
    agency_id = SelectField(_l("Agency"), coerce=_optional_int,
                            description=_l("Empty and no staff chosen: everyone."))
    staff = SelectMultipleField(_l("Staff"), description=_l("Chosen staff only (overrides the agency)."))
    active = BooleanField(_l("Active"), default=True)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.end.data <= self.start.data:
            self.end.errors.append(_l("The end must be after the start."))
            return False
        return True


def fill_choices(form: FlaskForm, session: Session) -> None:
    """Put the current reference rows into the form's select fields."""
    options = {
        "district_id": lambda: [(d.id, d.name) for d in session.scalars(select(District).order_by(District.name))],
        "depot_id": lambda: [(d.id, d.name) for d in session.scalars(select(Depot).order_by(Depot.name))],
        "agency_id": lambda: ([("", "—")] if isinstance(form, ProtectedTimeForm) else []) + [
            (a.id, a.name) for a in session.scalars(select(Agency).order_by(Agency.name))],
        "staff": lambda: [(s.code, f"{s.full_name} ({s.code})")
                          for s in session.scalars(select(Staff).where(Staff.active).order_by(Staff.full_name))],
        "curator_id": lambda: [("", "—")] + [
            (s.id, f"{s.full_name} ({s.code})")
            for s in session.scalars(select(Staff).where(Staff.active).order_by(Staff.full_name))],
        "settlement_id": lambda: ([("", "—")] if isinstance(form, VenueForm) else []) + [
            (s.id, s.name) for s in session.scalars(select(Settlement).order_by(Settlement.name))],
    }
    for name, choices in options.items():
        if name in form:
            form[name].choices = _choices(choices())
