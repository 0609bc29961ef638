"""Forms of the week's work: an urgent visit, an absence, a vehicle repair."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.web.admin_forms import role_choices

ABSENCE_REASONS = (("sick", _l("ill")), ("leave", _l("on leave")), ("training", _l("training")),
                   ("other", _l("other")))
REPAIR_REASONS = (("repair", _l("in repair")), ("maintenance", _l("maintenance")), ("other", _l("other")))


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs (WTForms' own type: tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class UrgentVisitForm(FlaskForm):
    family_id = SelectField(_l("Family (case code)"), coerce=int, validators=[DataRequired()])
    roles = SelectMultipleField(_l("Who must come"), choices=role_choices(), validators=[DataRequired()],
                                widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    deadline = DateField(_l("By when"), validators=[DataRequired()])
    duration = IntegerField(_l("Minutes at the family"), default=60, validators=[NumberRange(15, 480)])
    note = TextAreaField(_l("What the brigade must know"), validators=[Optional(), Length(max=400)])


class AbsenceForm(FlaskForm):
    staff_id = SelectField(_l("Who"), coerce=int, validators=[DataRequired()])
    reason = SelectField(_l("Why"), choices=choices(ABSENCE_REASONS))
    start = DateField(_l("From"), validators=[DataRequired()])
    end = DateField(_l("To (inclusive)"), validators=[DataRequired()])


class RepairForm(FlaskForm):
    vehicle_id = SelectField(_l("Vehicle"), coerce=int, validators=[DataRequired()])
    reason = SelectField(_l("Why"), choices=choices(REPAIR_REASONS))
    start = DateField(_l("From"), validators=[DataRequired()])
    end = DateField(_l("To (inclusive)"), validators=[DataRequired()])
