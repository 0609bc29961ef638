"""Expeditions on the demo region: the term with its trips, and a week with an agreed trip.

    python -m benchmarks.expeditions --time-limit 30 --week-seconds 30

1. Imports ``data/`` into a fresh SQLite file, timetables the autumn term and
   records its season as ``planner demo`` does (``services/demo_season.py``:
   the autumn's trips agreed, its weeks planned and recorded, so the weeks'
   demand follows from the visits made, not from the files' history alone),
   and timetables the coming demo term
   (group programmes and the expedition series together), reporting status,
   gaps and time, and checks every trip against each partner's working days
   (the staff's own or their agency's weekly hours) and the validator.
2. For each ``--week`` (default: the weeks of the first trip into each
   district) marks every partner's answer about its trips as confirmed,
   builds that week's plan request
   (the trips become fixed routes, their district's work tied to them), plans
   it and counts the services each trip's route made: home visits and
   reception appointments.
3. With ``--term-weeks N``, afterwards (the weeks of step 2 are dropped): every
   trip of the coming term agreed, its first ``N`` weeks planned, published
   and recorded one after another as ``planner demo`` records its season
   (``simulation.simulate``, repeatable, ``--term-seconds`` a week), so what a
   week served is not asked again; the services of every trip, their mean and
   minimum.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from planner.db import make_engine, session_factory, upgrade
from planner.models import ExpeditionTrip, Term, TripAnswer
from planner.optimize.brigade import plan_week, validate_plan
from planner.optimize.timetable import validate_timetable
from planner.optimize.timetable.slots import holds
from planner.optimize.timetable.spec import parse_request
from planner.services import demand, expedition_week, expeditions, timetable
from planner.services.demo_season import agree_trips, record_season, record_sessions
from planner.services.importing import import_files
from planner.services.production_calendar import week_of
from planner.services.simulation import Overrides, simulate

DATA = Path(__file__).resolve().parents[1] / "data"


def coming_term(db) -> Term:
    """The term after the recorded season (the autumn one is short and recorded)."""
    return db.query(Term).order_by(Term.start.desc()).first()


def term_trips(db) -> list[ExpeditionTrip]:
    return (db.query(ExpeditionTrip).filter(ExpeditionTrip.term_id == coming_term(db).id)
            .order_by(ExpeditionTrip.date).all())


def record_autumn(db, seconds: float) -> dict:
    """As ``planner demo``: the autumn term timetabled, its trips agreed, its weeks recorded."""
    autumn = db.query(Term).order_by(Term.start).first()
    timetable.plan_term(db, autumn.code, autumn.start, autumn.end, time_limit=seconds)
    agree_trips(db)
    season = record_season(db)
    record_sessions(db)
    db.commit()
    return {"weeks": len(season), "served": sum(w.served for w in season)}


def term_run(db, seconds: float) -> dict:
    term = coming_term(db)
    began = time.monotonic()
    answer = timetable.plan_term(db, term.code, term.start, term.end, time_limit=seconds)
    wall = time.monotonic() - began
    request = timetable.build_request(db, term)
    trips = term_trips(db)
    summary = answer["summary"]
    return {"sessions": summary["sessions"], "placed": summary["placed"],
            "trips": len(trips), "status": summary["status"], "gap": summary["gap"],
            "gaps": summary["gaps"], "solve_s": summary["solve_seconds"], "wall_s": round(wall, 1),
            "violations": len(validate_timetable(request, answer)),
            "off_partner_days": _off_partner_days(db, request, trips)}


def _off_partner_days(db, request: dict, trips: list[ExpeditionTrip]) -> int:
    """Trips on a date or hour some member does not work (own or agency hours)."""
    staff = parse_request(request).staff
    bad = 0
    for trip in trips:
        start, end = (int(x[:2]) * 60 + int(x[3:]) for x in (trip.start, trip.end))
        if not all(holds(staff[code].weekly, trip.date.weekday(), start, end) for code in trip.staff):
            bad += 1
    return bad


def first_weeks(db) -> list[str]:
    """The week of the first trip into each district (near and far from the base)."""
    first = {}
    for trip in term_trips(db):
        first.setdefault(trip.district_id, week_of(trip.date))
    return list(first.values())


def week_run(db, week: str, seconds: float) -> dict:
    trips = term_trips(db)
    chosen = [t for t in trips if week_of(t.date) == week]
    for trip in chosen:
        for person in expeditions.partner_staff(trip):
            trip.answers.append(TripAnswer(
                staff=person, email=person.email or f"{person.code}@example.org", date=trip.date,
                digest=f"bench-{trip.id}-{person.id}", status="confirmed",
                expires_at=dt.datetime.combine(trip.date, dt.time()),
                created_at=dt.datetime.combine(trip.date, dt.time())))
    db.flush()
    request = demand.build_request(db, week, time_limit=seconds)
    result = plan_week(request)
    served = expedition_week.services(request, result)
    return {"week": week, "trips": [{"trip": t["trip"], "date": t["date"], "district": t["district"],
                                     "crew": len(t["crew"]), **served[t["trip"]],
                                     "services": served[t["trip"]]["home"]
                                     + served[t["trip"]]["reception"]}
                                    for t in request.get("expeditions", [])],
            "tied_visits": len(expedition_week.left_out(request)),
            "visits": len(request["visits"]), "served": result["summary"]["served"],
            "violations": len(validate_plan(request, result))}


def whole_term(db, weeks: int, seconds: float) -> dict:
    """Every trip of the coming term agreed; its weeks simulated; the services per trip."""
    term = coming_term(db)
    agree_trips(db, term.end)
    db.commit()
    trips = {}

    def solve(request: dict) -> dict:
        result = plan_week(request)
        for key, served in expedition_week.services(request, result).items():
            trips[key] = {"home": served["home"], "reception": served["reception"],
                          "left_out": served["left_out"]}
        return result

    simulate(db, week_of(term.start), weeks, Overrides(time_limit=seconds, repeatable=True), solve=solve)
    counts = [t["home"] + t["reception"] for t in trips.values()]
    return {"weeks": weeks, "trips": len(trips), "services": counts,
            "mean": round(sum(counts) / len(counts), 2) if counts else None,
            "min": min(counts, default=None), "at_least_8": sum(1 for c in counts if c >= 8)}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30)
    parser.add_argument("--week-seconds", type=float, default=30)
    parser.add_argument("--week", action="append", help="ISO week (repeatable)")
    parser.add_argument("--term-weeks", type=int, default=0,
                        help="then simulate this many weeks of the term and count every trip's services")
    parser.add_argument("--term-seconds", type=float, default=10, help="solver seconds per simulated week")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite")
        upgrade(engine)
        db = session_factory(engine)()
        import_files(db, [DATA])
        db.commit()
        print(json.dumps({"season": record_autumn(db, args.time_limit)}))
        print(json.dumps({"term": term_run(db, args.time_limit)}, ensure_ascii=False))
        db.commit()
        for week in args.week or first_weeks(db):
            print(json.dumps({"week": week_run(db, week, args.week_seconds)}, ensure_ascii=False))
        db.rollback()  # the weeks above were neither published nor recorded
        if args.term_weeks:
            print(json.dumps({"whole_term": whole_term(db, args.term_weeks, args.term_seconds)}))
        db.close()


if __name__ == "__main__":
    main()
