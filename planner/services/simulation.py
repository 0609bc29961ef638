"""Running the product forward week by week: does the plan keep up with what is due?

``simulate`` does, for each week, what a centre does: build the week's
request, plan it, publish it, and record an outcome at every stop (a share of
families absent, a share refusing, the rest done); the next week's demand
then follows from those outcomes, exactly as it would in the office. It works
on the session it is given: ``simulate_copy`` runs it on a scratch copy of
the database so the real one is never touched. Per week it measures visits asked
for and served, mandatory visits left out, overdue families, the share of
routine visits made by the family's curator, idle rider-days and km per visit.
A visit it marks done is recorded as a specialist would: one service of the
catalogue for each role the visit asked for (and now and then a referral),
the adults and some of the children of the household met.

Overrides try "what if": an extra vehicle like an existing one on chosen
weekdays (the override's vehicle row is added to the copy, and the request
offers it on those weekdays only).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner import clock
from planner.db import session_factory
from planner.models import (
    Family,
    Plan,
    Route,
    Service,
    Settlement,
    Stop,
    Territory,
    Vehicle,
    VisitRecord,
    VisitRequest,
    tenancy,
)
from planner.models.staff import WEEKDAYS
from planner.optimize.brigade import plan_week
from planner.services import demand
from planner.services.due import overdue_days
from planner.services.outcomes import record_outcome
from planner.services.planning import store_plan
from planner.services.production_calendar import parse_week, week_of, working_days
from planner.services.publishing import publish
from planner.services.scratch_copy import scratch_copy

OUTCOME_HOUR = 17
"""Outcomes are recorded at the end of the visit's day."""


@dataclass(frozen=True)
class ExtraVehicle:
    """One more vehicle like ``like`` (seats, costs, hours), offered on ``weekdays`` only."""

    like: str
    weekdays: tuple[str, ...]

    @property
    def code(self) -> str:
        return f"{self.like}+{'-'.join(self.weekdays)}"


@dataclass(frozen=True)
class Overrides:
    """What the simulation assumes and what it changes against the database."""

    absent_share: float = 0.07
    refused_share: float = 0.03
    time_limit: float = 20.0
    seed: int = 0
    extra_vehicles: tuple[ExtraVehicle, ...] = ()
    repeatable: bool = False
    """Bound the solver's work, not its time (``options.repeatable``): the same weeks on a quiet machine."""

    def __post_init__(self) -> None:
        if not (0 <= self.absent_share and 0 <= self.refused_share
                and self.absent_share + self.refused_share <= 1):
            raise ValueError("absent and refused shares must be between 0 and 1 together")

    @classmethod
    def from_dict(cls, data: dict) -> Overrides:
        """Overrides from a JSON object; ValueError naming the key that is wrong."""
        known = {"absent_share", "refused_share", "time_limit", "seed", "extra_vehicles", "repeatable"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)[0]!r}; expected one of {', '.join(sorted(known))}")
        extras = []
        for i, item in enumerate(data.get("extra_vehicles", [])):
            try:
                extras.append(ExtraVehicle(str(item["like"]), weekdays(item["weekdays"])))
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"extra_vehicles[{i}]: give like (a vehicle code) and weekdays "
                                 f"(mon..sun) ({error})") from None
        values = {key: data[key] for key in known - {"extra_vehicles", "repeatable"} if key in data}
        try:
            values = {key: (int if key == "seed" else float)(value) for key, value in values.items()}
        except (TypeError, ValueError) as error:
            raise ValueError(f"overrides: {error}") from None
        repeatable = data.get("repeatable", False)
        if not isinstance(repeatable, bool):
            raise ValueError(f"repeatable must be true or false, got {repeatable!r}")
        return cls(**values, extra_vehicles=tuple(extras), repeatable=repeatable)


def weekdays(value) -> tuple[str, ...]:
    """``["wed"]`` or ``"mon,wed"`` as weekday codes; ValueError for anything else."""
    days = value.split(",") if isinstance(value, str) else list(value)
    days = [str(day).strip().lower() for day in days]
    bad = [day for day in days if day not in WEEKDAYS]
    if bad or not days:
        raise ValueError(f"weekdays must be of {', '.join(WEEKDAYS)}, got {value!r}")
    return tuple(days)


@dataclass
class WeekOutcome:
    """What one simulated week asked for and got."""

    week: str
    asked: int = 0
    mandatory: int = 0
    served: int = 0
    mandatory_left_out: int = 0
    overdue_families: int = 0
    overdue_days: int = 0
    """Days overdue summed over the overdue families (their most overdue visit each)."""
    max_overdue_days: int = 0
    routine_served: int = 0
    routine_by_curator: int = 0
    rider_days: int = 0
    idle_rider_days: int = 0
    brigade_days: int = 0
    km: float = 0.0
    outcomes: dict[str, int] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    """The mandatory visits left out: purpose, roles, place, dates and the optimiser's reasons
    (no case code: the file leaves the office as evidence of where capacity is short)."""

    @property
    def mandatory_served_share(self) -> float:
        return 1.0 if not self.mandatory else (self.mandatory - self.mandatory_left_out) / self.mandatory

    @property
    def curator_share(self) -> float:
        return 1.0 if not self.routine_served else self.routine_by_curator / self.routine_served

    @property
    def idle_share(self) -> float:
        return 0.0 if not self.rider_days else self.idle_rider_days / self.rider_days

    @property
    def km_per_visit(self) -> float:
        return 0.0 if not self.served else self.km / self.served

    def as_dict(self) -> dict:
        return {**asdict(self), "mandatory_served_share": round(self.mandatory_served_share, 4),
                "curator_share": round(self.curator_share, 4), "idle_share": round(self.idle_share, 4),
                "km_per_visit": round(self.km_per_visit, 2)}


Solver = Callable[[dict], dict]


def simulate(db: Session, first_week: str, weeks: int, overrides: Overrides = Overrides(), *,
             solve: Solver = plan_week, report: Callable[[WeekOutcome], None] | None = None
             ) -> list[WeekOutcome]:
    """Plan, publish and record ``weeks`` weeks from ``first_week`` on ``db``, committing each week.

    Weeks without a working day (the New Year holidays) are passed over and
    not counted. The product clock stands at each week's Monday morning while it is
    planned, and at the end of each visit's day when its outcome is recorded.
    """
    parse_week(first_week)
    rng = random.Random(overrides.seed)
    _add_extra_vehicles(db, overrides.extra_vehicles)
    results = []
    monday = parse_week(first_week)
    while len(results) < weeks:
        week = week_of(monday)
        monday += dt.timedelta(days=7)
        if not working_days(week):
            continue  # the New Year holidays: nobody works, nothing is planned
        outcome = _simulate_week(db, week, overrides, solve, rng)
        db.commit()
        results.append(outcome)
        if report is not None:
            report(outcome)
    return results


def simulate_copy(database_url: str, first_week: str | None, weeks: int, overrides: Overrides = Overrides(),
                  *, centre: str | None = None, **options) -> list[WeekOutcome]:
    """``simulate`` on a temporary copy of the database (SQLite or PostgreSQL); the original stays as it was.

    It runs in the centre coded ``centre`` (``tenancy``: only its rows are
    read and planned); without one in the installation's only centre, and
    an installation of several refuses (ValueError). Without ``first_week``
    it starts the week after the centre's visit history. Only the copy is
    read, so a database of an older schema, or a missing file, is never
    written to.
    """
    with scratch_copy(database_url) as engine:
        sessions = session_factory(engine)
        with sessions() as db:
            try:
                centre_id = tenancy.chosen(db, centre)
            except tenancy.CentreUnknown as error:
                raise ValueError(str(error)) from None
        with tenancy.scoped(sessions, centre_id)() as db:
            return simulate(db, first_week or first_week_after_history(db), weeks, overrides, **options)


def first_week_after_history(db: Session) -> str:
    """The week after the last recorded visit (the demo's first planned week)."""
    last = db.scalar(select(VisitRecord.date).order_by(VisitRecord.date.desc()).limit(1))
    if last is None:
        raise ValueError("no visit history to start after: give the first week (--from)")
    return week_of(last + dt.timedelta(days=7 - last.weekday()))


def _add_extra_vehicles(db: Session, extras: tuple[ExtraVehicle, ...]) -> None:
    for extra in extras:
        like = db.scalar(select(Vehicle).where(Vehicle.code == extra.like))
        if like is None:
            raise ValueError(f"extra vehicle: no vehicle {extra.like!r} to copy")
        if db.scalar(select(Vehicle).where(Vehicle.code == extra.code)) is None:
            db.add(Vehicle(code=extra.code, name=f"{like.name} +", depot=like.depot, seats=like.seats,
                           capacity=like.capacity, cost_per_km=like.cost_per_km, fixed_cost=like.fixed_cost,
                           max_drive_minutes=like.max_drive_minutes, four_wd=like.four_wd,
                           start_time=like.start_time, end_time=like.end_time))
    db.flush()


def _only_on_weekdays(request: dict, extras: tuple[ExtraVehicle, ...]) -> None:
    days = {extra.code: set(extra.weekdays) for extra in extras}
    for vehicle in request["vehicles"]:
        if vehicle["id"] in days:
            vehicle["availability"] = {
                date: spans for date, spans in vehicle["availability"].items()
                if WEEKDAYS[dt.date.fromisoformat(date).weekday()] in days[vehicle["id"]]}


def _simulate_week(db: Session, week: str, overrides: Overrides, solve: Solver,
                   rng: random.Random) -> WeekOutcome:
    monday = parse_week(week)
    outcome = WeekOutcome(week)
    with clock.use(clock.FixedClock(dt.datetime.combine(monday, dt.time(8), dt.UTC))):
        week_due = demand.due_this_week(db, week)
        late = overdue_days(week_due[1], monday)
        outcome.overdue_families, outcome.overdue_days = len(late), sum(late.values())
        outcome.max_overdue_days = max(late.values(), default=0)
        request = demand.build_request(db, week, time_limit=overrides.time_limit, seed=overrides.seed,
                                       week_due=week_due)
        _only_on_weekdays(request, overrides.extra_vehicles)
        request["options"]["repeatable"] = overrides.repeatable
        try:
            answer = solve(request)
        except ValueError as error:  # an empty or broken database: say which week could not be planned
            raise ValueError(f"week {week} cannot be planned: {error}") from None
        plan = store_plan(db, week, request, answer, None, {}, {})
        publish(db, plan)
    _count_plan(outcome, request, answer)
    _record_outcomes(db, plan, overrides, rng, outcome)
    return outcome


def _count_plan(outcome: WeekOutcome, request: dict, answer: dict) -> None:
    asked = [visit for visit in request["visits"] if not visit.get("done")]
    served = {stop["visit"] for route in answer["routes"] for stop in route["stops"]}
    outcome.asked, outcome.served = len(asked), sum(visit["id"] in served for visit in asked)
    outcome.mandatory = sum(visit["mandatory"] for visit in asked)
    outcome.mandatory_left_out = sum(visit["mandatory"] and visit["id"] not in served for visit in asked)
    why = {item["visit"]: item for item in answer.get("unassigned", [])}
    outcome.missed = [
        {"purpose": visit["purpose"], "roles": visit["roles"], "place": visit["place"], "dates": visit["dates"],
         "required_staff": visit["required_staff"], "reasons": why.get(visit["id"], {}).get("reasons", []),
         "detail": why.get(visit["id"], {}).get("detail", "")}
        for visit in asked if visit["mandatory"] and visit["id"] not in served]
    outcome.brigade_days = len(answer["routes"])
    outcome.km = round(sum(route.get("meters", 0) for route in answer["routes"]) / 1000, 1)
    for route in answer["routes"]:
        busy = {person for stop in route["stops"] for person in stop.get("staff", [])}
        outcome.rider_days += len(route["crew"])
        outcome.idle_rider_days += sum(person not in busy for person in route["crew"])


def _record_outcomes(db: Session, plan: Plan, overrides: Overrides, rng: random.Random,
                     outcome: WeekOutcome) -> None:
    """Draw each stop's outcome, record it at the end of its day, and count the curators' routine visits."""
    stops = db.scalars(select(Stop).join(Route).where(Route.plan_id == plan.id)
                       .order_by(Route.date, Route.vehicle_id, Stop.seq)
                       .options(selectinload(Stop.route),
                                selectinload(Stop.visit_request).selectinload(VisitRequest.family)
                                .selectinload(Family.settlement).selectinload(Settlement.territory)
                                .selectinload(Territory.curator))).all()
    catalogue = _catalogue(db)
    for stop in stops:
        request = stop.visit_request
        if request.purpose == "routine":
            curator = request.family.case_curator
            outcome.routine_served += 1
            outcome.routine_by_curator += curator is not None and curator.code in stop.staff
        draw = rng.random()
        result = ("absent" if draw < overrides.absent_share
                  else "refused" if draw < overrides.absent_share + overrides.refused_share else "done")
        at = dt.datetime.combine(stop.route.date, dt.time(OUTCOME_HOUR), dt.UTC)
        given = _what_was_given(rng, request, catalogue) if result == "done" else {}
        with clock.use(clock.FixedClock(at)):
            record_outcome(db, stop.id, result, at=at.replace(tzinfo=None), **given)
        outcome.outcomes[result] = outcome.outcomes.get(result, 0) + 1


REFERRAL_SHARE = 0.2
"""Share of visits made that also refer the family to another agency (a service of no role)."""


def _catalogue(db: Session) -> dict[str, list[str]]:
    """Active service codes by the role that gives them (``""``: anyone)."""
    by_role: dict[str, list[str]] = {}
    for code, role in db.execute(select(Service.code, Service.role).where(Service.active).order_by(Service.code)):
        by_role.setdefault(role, []).append(code)
    return by_role


def _what_was_given(rng: random.Random, request: VisitRequest, catalogue: dict[str, list[str]]) -> dict:
    """The services and people of a visit made: a service per role asked for, the household met.

    One or two adults (never more than the household less a child) and some
    of the children are met; a household of one is one adult.
    """
    services = [rng.choice(catalogue[role]) for role in dict.fromkeys(request.roles) if catalogue.get(role)]
    if catalogue.get("") and rng.random() < REFERRAL_SHARE:
        services.append(rng.choice(catalogue[""]))
    people = max(1, request.family.people)
    adults = 1 if people == 1 else rng.randint(1, min(2, people - 1))
    return {"services": list(dict.fromkeys(services)), "adults": adults,
            "children": rng.randint(0, people - adults)}


def totals(weeks: list[WeekOutcome]) -> dict:
    """The season's figures the issue asks for, over the simulated weeks."""
    routine = sum(w.routine_served for w in weeks)
    riders = sum(w.rider_days for w in weeks)
    return {
        "weeks": len(weeks),
        "min_mandatory_served_share_from_week_3": round(min(
            (w.mandatory_served_share for w in weeks[2:]), default=1.0), 4),
        "overdue_families_weeks_4_to_12": [w.overdue_families for w in weeks[3:12]],
        "curator_share": round(sum(w.routine_by_curator for w in weeks) / routine, 4) if routine else 1.0,
        "idle_share": round(sum(w.idle_rider_days for w in weeks) / riders, 4) if riders else 0.0,
        "km_per_visit": round(sum(w.km for w in weeks) / max(1, sum(w.served for w in weeks)), 2),
    }
