"""The department head's weekly plan: generate, review, adjust, compare, publish.

Generating never blocks a request: it starts a background job (see
``planner.services.planning``) and the progress page polls ``/jobs/<id>.json``.
"""

from __future__ import annotations

import copy
import datetime as dt

import folium
from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from planner import clock
from planner.models import Plan, Route, Settlement, Staff, User, Vehicle, tenancy
from planner.services import absences, coverage, editing, expedition_week, plans, publish_preview, publishing
from planner.services.capacity import capacity_statement
from planner.services.job_queue import jobs_for
from planner.services.planning import Jobs
from planner.web import ids, left_out, maps, page_cache, service_errors
from planner.web.auth import roles_required
from planner.web.edit_words import Names, broken_rule, pin_problem, refusal
from planner.web.database import get_session
from planner.services.production_calendar import week_days, week_of

bp = Blueprint("head", __name__, url_prefix="/head")

DEFAULT_CHANGE_PENALTY = 100.0
"""Roubles a re-plan pays per visit it moves (any value above 0 keeps what can be kept before
it saves kilometres; 0 plans afresh)."""


def jobs() -> Jobs:
    """The jobs of the signed-in user's centre, from the app's registry (created on first use)."""
    extensions = current_app.extensions
    if "planner.jobs" not in extensions:
        extensions["planner.jobs"] = jobs_for(extensions["planner.sessions"], current_app.config["REDIS_URL"])
    return extensions["planner.jobs"].for_centre(tenancy.centre_of(get_session()))


def _week(value: str | None) -> str:
    """The week asked for, else next week (a head plans the coming week)."""
    try:
        week_days(value or "")
        return value
    except ValueError:
        return week_of(clock.today(current_app.config["TIMEZONE"]) + dt.timedelta(days=7))


def _plan(plan_id: int) -> Plan:
    return get_session().get(Plan, plan_id) or abort(404)


@bp.get("/")
@roles_required("head")
def index():
    session = get_session()
    week = _week(request.args.get("week"))
    return render_template("head/index.html", week=week, dates=week_days(week), served_of=plans.served_of,
                           versions=plans.week_versions(session, week), job=jobs().running_for(week),
                           published=plans.published_plan(session, week), penalty=DEFAULT_CHANGE_PENALTY)


@bp.post("/generate")
@roles_required("head")
def generate():
    week = _week(request.form.get("week"))
    base = request.form.get("base_plan", type=ids.number)
    if base is not None or request.form.get("base_plan"):
        _plan(base or 0)
    published = plans.published_plan(get_session(), week)
    if base is not None and "edit" in _plan(base).adjustments:
        _adjust(_plan(base), lambda a: a.pop("edit"))  # a plain re-plan is no hand change to undo
    elif base is None and published is not None and not request.form.get("from_scratch"):
        flash(_("This week has a published plan: re-plan from it, or confirm that you want to start "
                "from scratch."), "error")
        return redirect(url_for("head.index", week=week))
    penalty = request.form.get("change_penalty", type=float)
    penalty = DEFAULT_CHANGE_PENALTY if penalty is None or penalty < 0 else penalty
    job = jobs().start(week, current_user.id, time_limit=current_app.config["PLAN_TIME_LIMIT"],
                        base_plan_id=base, change_penalty=penalty if base is not None else None)
    return redirect(url_for("head.job_page", job_id=job.id))


@bp.get("/jobs/<job_id>")
@roles_required("head")
def job_page(job_id: str):
    job = jobs().get(job_id) or abort(404)
    return render_template("head/job.html", job=_snapshot(job))


@bp.get("/jobs/<job_id>.json")
@roles_required("head")
def job_status(job_id: str):
    job = jobs().get(job_id) or abort(404)
    return jsonify(_snapshot(job))


def _snapshot(job) -> dict:
    """What the job page shows, its error in the head's words."""
    snapshot = job.snapshot()
    return dict(snapshot, error=service_errors.job_error(snapshot["error"]))


@bp.post("/jobs/<job_id>/cancel")
@roles_required("head")
def cancel(job_id: str):
    job = jobs().get(job_id) or abort(404)
    jobs().cancel(job.id)
    flash(_("Generation cancelled; the plans of the week are unchanged."))
    return redirect(url_for("head.index", week=job.week))


@bp.get("/plans/<int:plan_id>")
@roles_required("head")
@page_cache.cached
def plan_page(plan_id: int):
    session = get_session()
    plan = _plan(plan_id)
    routes = plans.plan_routes(session, plan)
    staff = {s.code: s for s in session.scalars(select(Staff))}
    return render_template(
        "head/plan.html", plan=plan, routes=routes, staff=staff, totals=plans.totals(plan, routes),
        calls={route.id: plans.route_calls(route) for route in routes},
        capacity=capacity_statement(plan.request, plan.result or {}),
        unassigned=left_out.left_out(session, plan, week_days(plan.week)[0]),
        versions=plans.week_versions(session, plan.week),
        dates=sorted({route.date for route in routes}), vehicles=session.scalars(select(Vehicle)).all(),
        settlements=session.scalars(select(Settlement).order_by(Settlement.name)).all(),
        adjustments=_described(session, plan), classes=plans.PRIORITY_CLASSES,
        expedition_work=expedition_week.left_out(plan.request),
        job=jobs().running_for(plan.week), penalty=DEFAULT_CHANGE_PENALTY,
        breaks=absences.broken(session, plan, routes), published=plans.published_plan(session, plan.week),
        hand_change=_hand_change(session, plan))


def _hand_change(session, plan: Plan) -> dict | None:
    """The hand change this draft was made by, what else it moved or left out, what it breaks."""
    base = plans.edited_from(session, plan)
    if base is None:
        return None
    edit = plan.adjustments["edit"]
    changes = [c for c in plans.compare(base, plan) if c.visit != edit["visit"]]
    names = Names.of(session, [edit["visit"]] + [c.visit for c in changes])
    return {"action": edit["action"], "base": base, "date": edit["date"], "start": edit.get("start", ""),
            "direct": edit.get("direct", False), "code": names.cases.get(edit["visit"], edit["visit"]),
            "vehicle": names.vehicles.get(edit["vehicle"], edit["vehicle"]),
            "kept": edit["visit"] in plans.placements(plan) or edit["action"] == "remove",
            "moved": sum(c.kind in ("moved", "shifted") for c in changes),
            "dropped": sum(c.kind == "dropped" for c in changes),
            "breaks": _breaks(session, plan)}


def _described(session, plan: Plan) -> dict:
    """The adjustments with names instead of codes and ids, for the page."""
    adjustments = plan.adjustments
    named = Names.of(session, list(adjustments.get("pins", {})) + adjustments.get("removed", []))
    names = dict(session.execute(select(Settlement.id, Settlement.name)).all())
    vehicles, people, cases = named.vehicles, named.people, named.cases
    pinned = {visit["id"] for visit in plan.request.get("visits", []) if visit.get("pinned")}
    left_out = {entry["visit"]: entry for entry in plan.result.get("unassigned", []) if entry["visit"] in pinned}
    return {
        "pins": [(visit, cases.get(visit, visit),
                  pin["date"], vehicles.get(pin["vehicle"], pin["vehicle"]), left_out.get(visit))
                 for visit, pin in adjustments.get("pins", {}).items()],
        "crews": [(vehicles.get(vehicle, vehicle), date, [people.get(code, code) for code in crew])
                  for vehicle, days in adjustments.get("crews", {}).items() for date, crew in days.items()],
        "closed": [(settlement_id, names.get(settlement_id, settlement_id))
                   for settlement_id in adjustments.get("closed", [])],
        "removed": [cases.get(visit, visit) for visit in adjustments.get("removed", [])],
    }


def _adjust(plan: Plan, change) -> None:
    """Apply ``change`` to a copy of the plan's adjustments (a JSON column needs a new value)."""
    adjustments = copy.deepcopy(plan.adjustments)
    change(adjustments)
    plan.adjustments = adjustments
    get_session().commit()


@bp.post("/plans/<int:plan_id>/pin")
@roles_required("head")
def pin(plan_id: int):
    plan = _plan(plan_id)
    form = request.form
    try:
        change = editing.choice(plan, "move", form.get("visit", ""), form.get("date", ""), form.get("vehicle", ""))
    except editing.EditError as error:
        flash(refusal(error, Names.of(get_session())), "error")
        return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))
    problems = editing.pin_problems(plan, change)
    if problems:
        names = Names.of(get_session())
        flash(_("This pin cannot hold: %(why)s", why=" ".join(pin_problem(p, names) for p in problems)), "error")
    else:
        _adjust(plan, lambda a: a.setdefault("pins", {}).__setitem__(change.visit, {"date": change.date,
                                                                                   "vehicle": change.vehicle}))
        flash(_("The visit will be pinned at the next re-optimisation."))
    return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))


@bp.post("/plans/<int:plan_id>/lock")
@roles_required("head")
def lock(plan_id: int):
    plan = _plan(plan_id)
    route = get_session().get(Route, request.form.get("route", type=ids.number) or 0)
    if route is None or route.plan_id != plan.id:
        abort(404)
    code, date = route.vehicle.code, route.date.isoformat()
    _adjust(plan, lambda a: a.setdefault("crews", {}).setdefault(code, {}).__setitem__(date, list(route.crew)))
    flash(_("The crew is locked for the next re-optimisation."))
    return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))


@bp.post("/plans/<int:plan_id>/close")
@roles_required("head")
def close(plan_id: int):
    plan = _plan(plan_id)
    settlement = get_session().get(Settlement, request.form.get("settlement", type=ids.number) or 0)
    if settlement is None:
        flash(_("Choose a settlement."), "error")
    else:
        _adjust(plan, lambda a: a.__setitem__("closed", sorted(set(a.get("closed", [])) | {settlement.id})))
        flash(_("%(name)s is closed for the next re-optimisation.", name=settlement.name))
    return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))


@bp.post("/plans/<int:plan_id>/clear")
@roles_required("head")
def clear(plan_id: int):
    plan = _plan(plan_id)
    _adjust(plan, dict.clear)
    flash(_("All adjustments removed."))
    return redirect(url_for("head.plan_page", plan_id=plan.id, _anchor="adjust"))


@bp.get("/plans/<int:plan_id>/compare")
@roles_required("head")
def compare(plan_id: int):
    session = get_session()
    plan = _plan(plan_id)
    other = _plan(request.args.get("other", type=ids.number) or 0)
    if other.week != plan.week:
        abort(404)
    older, newer = sorted((plan, other), key=lambda p: p.version)
    changes = plans.compare(older, newer)
    rows = plans.visit_rows(session, [change.visit for change in changes])
    return render_template("head/compare.html", older=older, newer=newer, changes=changes, rows=rows,
                           vehicles=Names.of(session).vehicles)


@bp.get("/plans/<int:plan_id>/publish")
@roles_required("head")
def confirm_publish(plan_id: int):
    """What publishing would do (notices, cancellations, calendars), before the head confirms."""
    session = get_session()
    plan = _plan(plan_id)
    try:
        effect = publish_preview.preview(session, plan)
    except publishing.PublishError:
        flash(_("This version cannot be published."), "error")
        return redirect(url_for("head.plan_page", plan_id=plan.id))
    return render_template("head/publish.html", plan=plan, effect=effect, breaks=_breaks(session, plan))


def _breaks(session, plan: Plan) -> list[str]:
    """What the direct hand change of ``plan`` breaks, in the head's words."""
    sentences = editing.breaks(plan)
    names = Names.of(session, [v["id"] for v in plan.request.get("visits", [])]) if sentences else None
    return [broken_rule(sentence, names) for sentence in sentences]


@bp.post("/plans/<int:plan_id>/publish")
@roles_required("head")
def publish(plan_id: int):
    session = get_session()
    plan = _plan(plan_id)
    if editing.breaks(plan) and not request.form.get("accept_breaks"):
        flash(_("This version breaks rules of the plan: confirm that you publish it as it is."), "error")
        return redirect(url_for("head.confirm_publish", plan_id=plan.id))
    try:
        result = publishing.publish(session, plan, session.get(User, current_user.id))
    except publishing.PublishConflict:
        session.rollback()
        flash(_("Another version of this week was published at the same moment; it stays published."),
              "error")
        return redirect(url_for("head.plan_page", plan_id=plan.id))
    except publishing.PublishError:
        session.rollback()
        flash(_("This version cannot be published."), "error")
        return redirect(url_for("head.plan_page", plan_id=plan.id))
    session.commit()
    flash(_("Version %(version)s is published; %(notices)s families will be notified.",
            version=plan.version, notices=result.notices))
    return redirect(url_for("head.plan_page", plan_id=plan.id))


@bp.get("/plans/<int:plan_id>/map")
@roles_required("head")
@page_cache.cached
def plan_map(plan_id: int):
    """Each day's routes as a layer (the first day shown), one colour per brigade."""
    session = get_session()
    plan = _plan(plan_id)
    routes = plans.plan_routes(session, plan)
    homes = [(stop.visit_request.family.lat, stop.visit_request.family.lon) for r in routes for stop in r.stops]
    depots = {(r.vehicle.depot.lat, r.vehicle.depot.lon): r.vehicle.depot.name for r in routes}
    fmap = maps.new_map(homes + list(depots))
    maps.add_outlines(fmap, coverage.district_outlines(session))
    colours = {code: maps.colour(i) for i, code in enumerate(sorted({r.vehicle.code for r in routes}))}
    layers = {}
    for route in routes:
        if route.date not in layers:
            layers[route.date] = folium.FeatureGroup(name=format_date(route.date, "EEE d MMM"),
                                                     show=not layers).add_to(fmap)
        maps.add_route(layers[route.date], route, plans.route_calls(route), colours[route.vehicle.code])
    for location, name in depots.items():
        maps.depot_marker(location, name).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return maps.document(fmap)


@bp.get("/plans/<int:plan_id>/routes/<int:route_id>/sheet")
@roles_required("head")
def route_sheet(plan_id: int, route_id: int):
    session = get_session()
    plan = _plan(plan_id)
    route = next((r for r in plans.plan_routes(session, plan) if r.id == route_id), None) or abort(404)
    staff = {s.code: s for s in session.scalars(select(Staff).where(Staff.code.in_(route.crew)))}
    return render_template("head/sheet.html", plan=plan, route=route, staff=staff, calls=plans.route_calls(route),
                           phone=current_app.config["CENTRE_PHONE"])
