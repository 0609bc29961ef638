"""``planner demo``: the README's first command, from an empty database to a running app.

It loads the demo region with its dates anchored on the week it plans (the
coming week by default; ``services/demo_anchor.py``), gives the demo accounts
fresh passwords, timetables the terms' group programmes and expedition trips
(the autumn's and the coming one), records the autumn's season of brigade
trips, its expeditions agreed and its group sessions held
(``services/demo_season.py``) up to that week, plans and publishes it, and
starts the web app. Every step is safe to repeat: the import only adds rows
whose natural key is new (what an admin changed stays; the dates keep the
anchor the database was built with), a recorded season, a timetabled term
and a week with a published plan are left as they are. A taken port stops it
before it changes anything.
"""

from __future__ import annotations

import datetime as dt
import socket

import click
from sqlalchemy import select

from planner import clock
from planner.cli import engine_from, sessions_from
from planner.commands.data import DEMO
from planner.commands.serve import serve
from planner.db import transaction, upgrade
from planner.models import Plan, Session, Term
from planner.optimize.brigade import plan_week
from planner.services import demand
from planner.services.demo_anchor import shift_for, shift_in, shifted_files
from planner.services.demo_season import SEASON_START, agree_trips, record_season, record_sessions, season_weeks
from planner.services.centres import name_after_agencies
from planner.services.importing import import_data
from planner.services.production_calendar import parse_week, week_of
from planner.services.planning import store_plan
from planner.services.publishing import publish
from planner.services.timetable import TimetableError, plan_term
from planner.services.users import ensure_demo_users, link_demo_specialist

def coming_week(today: dt.date) -> str:
    """The ISO week after ``today``'s: the demo's history is anchored so that it ends just before."""
    return week_of(today + dt.timedelta(days=7))


@click.command("demo")
@click.option("--week", help="ISO week to plan, e.g. 2026-W49 (default: the coming week).")
@click.option("--time-limit", default=30.0, show_default=True, help="Seconds for the week's solve.")
@click.option("--term-time-limit", default=20.0, show_default=True,
              help="Seconds for timetabling the term's group programmes.")
@click.option("--serve/--no-serve", "start_app", default=True, show_default=True,
              help="Start the web app at the end.")
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def demo(ctx: click.Context, week: str | None, time_limit: float, term_time_limit: float,
         start_app: bool, port: int) -> None:
    """Load the demo region, timetable the term, plan and publish a week, start the app."""
    if start_app:
        _check_port_free(port)
    week = week or coming_week(clock.today())
    try:
        parse_week(week)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--week") from None
    engine = engine_from(ctx)
    upgrade(engine)
    sessions = sessions_from(ctx, engine)
    with transaction(sessions) as session:
        shift = shift_in(session, DEMO)
        shift = shift_for(week) if shift is None else shift
        report = import_data(session, shifted_files(DEMO, shift), keep_existing=True)
        name_after_agencies(session)
        click.echo(f"demo region: {sum(f.created + f.updated + f.unchanged for f in report.files)} rows"
                   f" in {len(report.files)} files")
        accounts = ensure_demo_users(session)
    with transaction(sessions) as session:
        _timetable_terms(session, term_time_limit)
    with transaction(sessions) as session:
        _record_season(session, SEASON_START + shift, parse_week(week) - dt.timedelta(days=1))
    with transaction(sessions) as session:
        _plan_and_publish(session, week, time_limit)
        staff = link_demo_specialist(session, session.scalar(
            select(Plan).where(Plan.week == week, Plan.status == "published")))
        if staff is not None:
            click.echo(f"demo specialist: {staff.full_name} ({staff.code})")
    click.echo("\nDemo accounts (passwords are new on every run):")
    for username, password in accounts.items():
        click.echo(f"  {username:12} {password}")
    if start_app:
        click.echo(f"\nOpen http://127.0.0.1:{port}/ (Ctrl+C stops the app)")
        ctx.invoke(serve, port=port)


def _check_port_free(port: int) -> None:
    """Fail before anything changes (passwords included) when the app could not start."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise click.ClickException(
                f"port {port} is taken (another planner or program is running there); "
                f"stop it or choose another port: planner demo --port {port + 1}") from None


def _record_season(session, start: dt.date, end: dt.date) -> None:
    """Agree the season's expedition trips, plan, publish and record its weeks and group sessions
    from ``start`` to ``end`` (the day before the week the demo plans) the database does not have yet."""
    def said(week) -> None:
        click.echo(f"season {week.week}: {week.served} of {week.asked} visits on {week.brigade_days} "
                   f"brigade-days, {week.outcomes.get('done', 0)} made")
    trips = agree_trips(session, end)
    if trips:
        click.echo(f"season: {trips} expedition trips agreed with the partners")
    if not record_season(session, season_weeks(start, end), report=said):
        click.echo("season: already recorded")
    held = record_sessions(session, end)
    if held:
        click.echo(f"season: {held} group sessions recorded")


def _timetable_terms(session, time_limit: float) -> None:
    """Timetable every term that has no sessions yet."""
    for term in session.scalars(select(Term).order_by(Term.start)):
        if session.scalar(select(Session.id).where(Session.term_id == term.id).limit(1)) is not None:
            click.echo(f"term {term.code}: already timetabled")
            continue
        try:
            answer = plan_term(session, term.code, term.start, term.end, time_limit=time_limit)
        except TimetableError as error:
            click.echo(f"term {term.code}: not timetabled ({error}); try `planner term plan` "
                       "with a longer --time-limit", err=True)
            continue
        summary = answer["summary"]
        click.echo(f"term {term.code}: {summary['placed']} of {summary['sessions']} sessions placed")


def _plan_and_publish(session, week: str, time_limit: float) -> None:
    """Plan ``week`` and publish it, unless a published plan is already there."""
    if session.scalar(select(Plan.id).where(Plan.week == week, Plan.status == "published")):
        click.echo(f"week {week}: a published plan exists; the head can re-plan it in the app")
        return
    request = demand.build_request(session, week, time_limit=time_limit)
    click.echo(f"week {week}: {len(request['visits'])} visits due; solving for up to {time_limit:.0f} s…")
    answer = plan_week(request)
    plan = store_plan(session, week, request, answer, None, {}, {})
    publish(session, plan)
    summary = answer["summary"]
    click.echo(f"week {week}: plan v{plan.version} published, {summary['served']} of {summary['visits']}"
               f" visits on {len(answer['routes'])} brigade-days, {summary['meters'] / 1000:.0f} km")

COMMANDS = (demo,)
