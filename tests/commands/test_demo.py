"""``planner demo`` takes an empty database to a timetabled term and a published week."""

import csv
import datetime as dt
import re
import socket

from click.testing import CliRunner
from sqlalchemy import func, select

from planner.cli import cli
from planner.commands.data import DEMO
from planner.commands.demo import coming_week
from planner.db import make_engine, session_factory
from planner.models import (
    ExpeditionTrip, Family, Notice, Plan, Route, Session, SessionRecord, Stop, Term, User, Vehicle, VisitRecord,
)
from planner.services.demo_season import SEASON_START, season_weeks
from planner.services.expeditions import state
from planner.services.reports import build_report, parse_period

with open(DEMO / "agencies.csv", encoding="utf-8") as agencies:
    AGENCIES = {row["code"]: row["name"] for row in csv.DictReader(agencies)}


def test_coming_week_is_the_week_after_today():
    assert coming_week(dt.date(2027, 3, 3)) == "2027-W10"
    assert coming_week(dt.date(2027, 3, 7)) == "2027-W10"
    assert coming_week(dt.date(2026, 1, 1)) == "2026-W02"


def test_demo_loads_timetables_plans_publishes_and_repeats_safely(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    args = ["--database", url, "demo", "--no-serve", "--week", "2026-W49",
            "--time-limit", "3", "--term-time-limit", "60"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "head" in first.output and "coordinator" in first.output
    placed = re.findall(r"term (\S+): (\d+) of (\d+) sessions placed", first.output)
    assert [code for code, *_ in placed] == ["2026-autumn", "2026-27-winter-spring"]
    assert all(done == asked for _code, done, asked in placed), placed  # each term's cycles fit the term
    with session_factory(make_engine(url))() as db:
        assert db.scalar(select(func.count(Family.id)).where(Family.status == "open")) >= 300
        assert db.scalar(select(func.count(Session.id))) > 0
        assert db.scalar(select(func.count(User.id))) == 4
        plan = db.scalar(select(Plan).where(Plan.week == "2026-W49"))
        assert plan.status == "published"
        # the history is anchored on the planned week: moved one week, the season ends just before it
        assert db.scalar(select(Term.start).where(Term.code == "2026-autumn")) == dt.date(2026, 9, 8)
        season = season_weeks(SEASON_START + dt.timedelta(days=7), dt.date(2026, 11, 29))
        assert season[-1] == "2026-W48"
        assert [week for week, in db.execute(select(Plan.week).where(Plan.week.in_(season))
                                             .order_by(Plan.week))] == season
        assert not db.scalar(select(func.count(Notice.id)).where(Notice.status == "queued",
                                                                  Notice.plan_id != plan.id))
        _season_is_what_the_report_reads(db, season)
        vehicle = db.scalars(select(Vehicle).order_by(Vehicle.code)).first()
        vehicle.name, renamed = "Переименован админом", vehicle.id
        db.commit()
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert "already timetabled" in again.output and "published plan exists" in again.output
    with session_factory(make_engine(url))() as db:
        assert db.scalar(select(func.count(Plan.id))) == len(season) + 1
        assert db.get(Vehicle, renamed).name == "Переименован админом"


def _season_is_what_the_report_reads(db, season: list[str]) -> None:
    """The report's trips, services and people of October come from the season's recorded stops."""
    october = parse_period("2026-10")
    routes = db.scalars(select(Route).join(Plan).where(Plan.week.in_(season), Plan.status == "published",
                                                       Route.date.between(october.start, october.end))).all()
    made = [r for r in routes if any(stop.outcome in ("done", "absent", "refused") for stop in r.stops)]
    records = db.scalars(select(VisitRecord).join(Stop).join(Route).where(
        VisitRecord.outcome == "done", Route.date.between(october.start, october.end))).all()
    services = sum(len(record.services) for record in records)
    assert made and services >= len(records) > 0 and all(record.adults >= 1 for record in records)
    report = build_report(db, october)
    assert report.centre == AGENCIES["centre"]  # the centre is named after its own agency
    assert (report.figure("Brigade trips", "Planned"), report.figure("Brigade trips")) == (len(routes), len(made))
    assert report.figure("Services per trip") == round(services / len(made), 1)
    assert report.figure("Children reached") > 0
    _expeditions_and_sessions_are_the_terms(db, october, report)


def _expeditions_and_sessions_are_the_terms(db, october, report) -> None:
    """October's expedition trips (the autumn term's, agreed) were made, and every group session
    the autumn timetabled was recorded held or put off: no record without a planned session."""
    trips = db.scalars(select(ExpeditionTrip).where(ExpeditionTrip.date.between(october.start, october.end))).all()
    assert trips and all(state(trip) == "agreed" for trip in trips)
    assert report.figure("Interagency expeditions", "Planned") == report.figure("Interagency expeditions") \
        == len(trips)
    sessions = db.scalars(select(Session).where(Session.date.between(october.start, october.end))).all()
    records = db.scalars(select(SessionRecord).where(SessionRecord.date.between(october.start, october.end))).all()
    assert {(r.programme_id, r.date) for r in records} == {(s.programme_id, s.date) for s in sessions}
    held = report.figure("Group sessions")
    assert 0 < held <= report.figure("Group sessions", "Planned") == len(sessions) \
        == held + report.figure("Group sessions cancelled")


def test_a_taken_port_stops_the_demo_before_it_changes_passwords(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--database", f"sqlite:///{tmp_path / 'demo.sqlite'}", "demo",
                                          "--port", str(port)])
    assert result.exit_code != 0
    assert f"--port {port + 1}" in result.output and "Demo accounts" not in result.output
    assert not (tmp_path / "demo.sqlite").exists() or "demo region" not in result.output
