"""Expedition series: the head's pages and the partners' personal answer pages.

The head creates a series, places its trips in a term (the term timetabler),
sends the dates for agreement, sees who confirmed, declined or has not
answered, and re-places a declined trip (the change goes out again). A
partner opens ``/agreement/<token>`` from their e-mail, without an account;
a forged, expired, used or superseded token gets a page saying so and
changes nothing. The token never reaches a log (``feeds.TokenMask``).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from planner.models import Agency, District, ExpeditionSeries, Staff, Term, Vehicle, Venue
from planner.services import agreement, expeditions, timetable
from planner.web import ids, service_errors
from planner.web.auth import roles_required
from planner.web.database import get_session
from planner.web.expedition_forms import SeriesForm, fill_choices

bp = Blueprint("expeditions", __name__)

STATUS_CODES = {"unknown": 404, "expired": 410, "answered": 409, "superseded": 409}


def _series(code: str) -> ExpeditionSeries:
    found = get_session().scalar(select(ExpeditionSeries).where(ExpeditionSeries.code == code))
    return found or abort(404)


def _link(token: str) -> str:
    return url_for("expeditions.answer_page", token=token, _external=True)


@bp.get("/head/expeditions/")
@roles_required("head")
def index():
    db = get_session()
    series = db.scalars(select(ExpeditionSeries).order_by(ExpeditionSeries.code)).all()
    return render_template("expeditions/index.html", series=series,
                           agreed=expeditions.agreed_count)


@bp.route("/head/expeditions/new", methods=["GET", "POST"])
@roles_required("head")
def new():
    db = get_session()
    form = SeriesForm()
    fill_choices(form, db)
    if form.validate_on_submit():
        try:
            series = expeditions.create_series(db, **_fields(db, form))
        except expeditions.ExpeditionError as error:
            db.rollback()
            flash(_("The series was not saved: %(error)s", error=service_errors.say(error)), "error")
        else:
            db.commit()
            flash(_("Series %(code)s created. Place its trips in a term.", code=series.code))
            return redirect(url_for("expeditions.series_page", code=series.code))
    return render_template("expeditions/new.html", form=form)


def _fields(db, form: SeriesForm) -> dict:
    by_id = lambda model, ids: [db.get(model, i) for i in ids]  # noqa: E731
    return {
        "code": form.code.data, "name": form.name.data,
        "organiser": db.get(Agency, form.organiser_id.data),
        "vehicle": db.get(Vehicle, form.vehicle_id.data),
        "districts": by_id(District, form.districts.data), "trips": form.trips.data,
        "weeks_apart": form.weeks_apart.data, "minutes": form.minutes.data,
        "roles": form.roles.data, "staff_pool": by_id(Staff, form.staff_pool.data),
        "reception": by_id(Venue, form.reception.data or []),
        "meeting_roles": form.meeting_roles.data or [],
        "meeting_venue": db.get(Venue, form.meeting_venue_id.data)
        if form.meeting_venue_id.data else None,
        "meeting_minutes": form.meeting_minutes.data,
        "earliest": form.earliest.data, "latest": form.latest.data,
    }


@bp.get("/head/expeditions/<code>")
@roles_required("head")
def series_page(code: str):
    db = get_session()
    series = _series(code)
    terms = db.scalars(select(Term).order_by(Term.start)).all()
    return render_template("expeditions/series.html", series=series, terms=terms,
                           state=expeditions.state, answers=expeditions.current_answers)


@bp.post("/head/expeditions/<code>/place")
@roles_required("head")
def place(code: str):
    db = get_session()
    series = _series(code)
    term = db.get(Term, request.form.get("term", type=ids.number) or 0) or abort(400)
    try:
        timetable.plan_term(db, term.code, term.start, term.end,
                            time_limit=current_app.config["PLAN_TIME_LIMIT"] / 2)
    except timetable.TimetableError as error:
        db.rollback()
        flash(_("The term could not be timetabled: %(error)s", error=service_errors.say(error)), "error")
    else:
        db.commit()
        placed = sum(1 for t in series.trip_rows if t.term_id == term.id)
        flash(_("%(placed)s of %(trips)s trips placed in term %(term)s.", placed=placed,
                trips=series.trips, term=term.code))
    return redirect(url_for("expeditions.series_page", code=code))


@bp.post("/head/expeditions/<code>/send")
@roles_required("head")
def send(code: str):
    db = get_session()
    _flash_report(agreement.ask(db, _series(code), _link))
    db.commit()
    return redirect(url_for("expeditions.series_page", code=code))


def _flash_report(report: agreement.SendReport) -> None:
    if report.sent:
        flash(_("Letters sent: %(count)s.", count=len(report.sent)))
    if report.failed:
        flash(_("Could not send to %(addresses)s; press «Send» again later.",
                addresses=", ".join(sorted(report.failed))), "error")
    if not report.sent and not report.failed:
        flash(_("Every coming trip date has been sent already."))


@bp.post("/head/expeditions/trips/<int:trip_id>/replace")
@roles_required("head")
def replace(trip_id: int):
    db = get_session()
    try:
        trip = expeditions.replace_declined(
            db, trip_id, time_limit=current_app.config["PLAN_TIME_LIMIT"] / 2)
    except expeditions.ExpeditionError as error:
        db.rollback()
        flash(_("The trip was not moved: %(error)s", error=service_errors.say(error)), "error")
        return redirect(request.referrer or url_for("expeditions.index"))
    flash(_("Trip %(n)s moved to %(date)s.", n=trip.n, date=trip.date.isoformat()))
    _flash_report(agreement.ask(db, trip.series, _link))
    db.commit()
    return redirect(url_for("expeditions.series_page", code=trip.series.code))


# --- the partner's page ------------------------------------------------------------------------


@bp.get("/agreement/<token>")
def answer_page(token: str):
    found = agreement.find(get_session(), token)
    return _answer(found)


@bp.post("/agreement/<token>")
def answer(token: str):
    db = get_session()
    found = agreement.respond(db, token, request.form.get("choice", ""))
    db.commit()
    return _answer(found)


def _answer(found: agreement.Outcome):
    lines = agreement.trip_lines(found.answer.trip) if found.answer is not None else []
    page = render_template("expeditions/answer.html", found=found, lines=lines)
    return page, STATUS_CODES.get(found.kind, 200), {"Cache-Control": "no-store",
                                                      "Referrer-Policy": "no-referrer"}
