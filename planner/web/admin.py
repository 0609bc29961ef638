"""The admin's data pages: lists and forms of the reference data, import and export.

One table (``KINDS``) says, for each record type, its model, form, list
columns and natural key; the views are the same for all of them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileRequired, MultipleFileField
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from planner.models import (
    CadenceRule, Family, Programme, ProtectedTime, Service, Settlement, Staff, Territory, Vehicle, Venue,
)
from planner.services import caseload, cases, export, importing
from planner.web import admin_forms as forms
from planner.web import ids, import_errors, labels
from planner.web.auth import roles_required
from planner.web.database import get_session

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE = 100


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    title: str
    key: str
    columns: tuple[tuple[str, str], ...]
    saved: Callable | None = None
    """What else follows from a saved record (a closed case's follow-ups)."""


KINDS = {
    "settlements": Kind(Settlement, forms.SettlementForm, _l("Settlements"), "code", (
        ("code", _l("Code")), ("name", _l("Name")), ("district.name", _l("District")),
        ("road_note", _l("Road note")))),
    "staff": Kind(Staff, forms.StaffForm, _l("Staff"), "code", (
        ("code", _l("Code")), ("full_name", _l("Full name")), ("roles", _l("Roles")),
        ("agency.name", _l("Agency")), ("active", _l("Active")))),
    "vehicles": Kind(Vehicle, forms.VehicleForm, _l("Vehicles"), "code", (
        ("code", _l("Code")), ("name", _l("Name")), ("depot.name", _l("Depot")),
        ("seats", _l("Seats")), ("four_wd", _l("Four-wheel drive")), ("active", _l("Active")))),
    "families": Kind(Family, forms.FamilyForm, _l("Families"), "case_code", (
        ("case_code", _l("Case code")), ("settlement.name", _l("Settlement")),
        ("category", _l("Category")), ("case_curator.full_name", _l("Curator")), ("status", _l("Status"))),
        saved=cases.schedule_follow_ups),
    "venues": Kind(Venue, forms.VenueForm, _l("Venues"), "code", (
        ("code", _l("Code")), ("name", _l("Name")), ("settlement.name", _l("Settlement")),
        ("capacity", _l("Capacity, people")), ("online", _l("Online room")))),
    "programmes": Kind(Programme, forms.ProgrammeForm, _l("Programmes"), "code", (
        ("code", _l("Code")), ("name", _l("Name")), ("kind", _l("Kind")),
        ("sessions", _l("Sessions")), ("roles", _l("Roles")))),
    "services": Kind(Service, forms.ServiceForm, _l("Service catalogue"), "code", (
        ("code", _l("Code")), ("name", _l("Name")), ("role", _l("Given by")),
        ("active", _l("In use")))),
    "territories": Kind(Territory, forms.TerritoryForm, _l("Territories"), "settlement_id", (
        ("settlement.name", _l("Settlement")), ("settlement.district.name", _l("District")),
        ("curator.full_name", _l("Curator")))),
    "cadence_rules": Kind(CadenceRule, forms.CadenceRuleForm, _l("Cadence rules"), "code", (
        ("code", _l("Code")), ("purpose", _l("Purpose")), ("category", _l("Category")),
        ("interval_days", _l("Due after, days")), ("max_days", _l("Hard deadline, days")),
        ("curator", _l("Family's curator")), ("active", _l("Active")))),
    "protected_time": Kind(ProtectedTime, forms.ProtectedTimeForm, _l("Protected time"), "code", (
        ("code", _l("Code")), ("name", _l("Name")), ("weekday", _l("Weekday")), ("start", _l("From")),
        ("end", _l("Until")), ("active", _l("Active")))),
}


def _kind(name: str) -> Kind:
    if name not in KINDS:
        abort(404)
    return KINDS[name]


FORMATS = {
    "roles": lambda roles: ", ".join(str(labels.ROLES.get(role, role)) for role in roles),
    "role": lambda role: labels.ROLES.get(role, role),
    "category": lambda code: labels.CATEGORIES.get(code, code),
    "kind": lambda code: labels.PROGRAMME_KINDS.get(code, code),
    "status": lambda code: {"open": _l("open"), "closed": _l("closed")}.get(code, code),
    "purpose": lambda code: labels.PURPOSES.get(code, code),
    "curator": lambda code: labels.CURATOR_RULES.get(code, code),
    "weekday": lambda code: labels.WEEKDAYS.get(code, code),
}


def cell(row, path: str):
    """The value at a dotted attribute path for a list cell, '' where a reference is empty."""
    value = row
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return ""
    if path in FORMATS:
        return FORMATS[path](value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@bp.get("/")
@roles_required("admin")
def index():
    session = get_session()
    counts = {name: session.scalar(select(func.count()).select_from(kind.model))
              for name, kind in KINDS.items()}
    return render_template("admin/index.html", kinds=KINDS, counts=counts)


@bp.get("/caseloads")
@roles_required("admin")
def caseloads():
    """Each curator's open families against their limit; families without a curator."""
    session = get_session()
    return render_template("admin/caseloads.html", loads=caseload.caseloads(session),
                           uncurated=caseload.uncurated(session))


class ImportForm(FlaskForm):
    files = MultipleFileField(_l("CSV files or XLSX workbooks"), validators=[
        FileRequired(), FileAllowed(["csv", "xlsx"], _l("Only .csv and .xlsx files."))])


@bp.route("/import", methods=["GET", "POST"])
@roles_required("admin")
def import_data():
    """All or nothing: a valid upload is committed, any error shows every bad row and writes nothing."""
    form = ImportForm()
    report = errors = None
    if form.validate_on_submit():
        session = get_session()
        uploads = [(secure_filename(f.filename) or "upload.csv", f.read()) for f in form.files.data]
        try:
            report = importing.import_data(session, uploads)
            session.commit()
        except importing.ImportFailed as failure:
            session.rollback()
            errors = failure
    return render_template("admin/import.html", form=form, report=report, errors=errors,
                           translate=import_errors.translate)


@bp.get("/export.xlsx")
@roles_required("admin")
def export_data():
    """Every table in one workbook, in the import format (a backup that can be re-imported)."""
    buffer = io.BytesIO()
    export.export_xlsx(get_session(), buffer)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name="planner-data.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/<kind_name>/")
@roles_required("admin")
def records(kind_name: str):
    kind = _kind(kind_name)
    session = get_session()
    total = session.scalar(select(func.count()).select_from(kind.model))
    page = min(max(request.args.get("page", 1, type=ids.number), 1), max((total + PAGE - 1) // PAGE, 1))
    rows = session.scalars(select(kind.model).order_by(getattr(kind.model, kind.key))
                           .offset((page - 1) * PAGE).limit(PAGE)).all()
    return render_template("admin/records.html", kind=kind, kind_name=kind_name, rows=rows,
                           cell=cell, page=page, pages=max((total + PAGE - 1) // PAGE, 1), total=total)


@bp.route("/<kind_name>/new", methods=["GET", "POST"])
@roles_required("admin")
def create(kind_name: str):
    kind = _kind(kind_name)
    return _edit(kind, kind_name, kind.model())


@bp.route("/<kind_name>/<int:record_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(kind_name: str, record_id: int):
    kind = _kind(kind_name)
    row = get_session().get(kind.model, record_id) or abort(404)
    return _edit(kind, kind_name, row)


def _edit(kind: Kind, kind_name: str, row):
    """Show the form; on a valid post save it, refusing a key that another row has."""
    session = get_session()
    form = kind.form(obj=row if row.id else None)
    forms.fill_choices(form, session)
    if form.validate_on_submit() and _key_is_free(kind, form, row):
        form.populate_obj(row)
        if kind.saved:
            kind.saved(row)
        session.add(row)
        session.commit()
        flash(_("Saved."))
        return redirect(url_for("admin.records", kind_name=kind_name))
    return render_template("admin/edit.html", kind=kind, kind_name=kind_name, form=form, row=row)


def _key_is_free(kind: Kind, form, row) -> bool:
    column = getattr(kind.model, kind.key)
    value = form[kind.key].data
    other = get_session().scalar(select(kind.model).where(column == value))
    if other is not None and other is not row:
        form[kind.key].errors.append(_("Another record already has this code."))
        return False
    return True
