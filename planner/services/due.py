"""Which visits each family is due in an ISO week, and on which dates.

Due dates count from the last visit actually made (``VisitRecord`` with
outcome ``done`` before the week), never from what was planned: a family
that was absent or refused is still due, and more urgently. A visit's
priority rises from its rule's base at the due date to 100 at the hard
deadline. A week asks for what falls due before anyone works again (the
next working day after it: over the New Year holidays, the day they end),
and a visit is mandatory when its deadline comes before that day: this week
is its last chance to be made in time. Before a shorter week it also asks,
as optional, for what falls due by that week's end (``ask_ahead_until``),
and what falls due in a long break may be made before it (``WeekContext.earliest``);
the fortnight before a long break also asks for what falls due in it as far
as its rules allow (``long_break``).

The family's curator (set by hand or from its settlement's territory) goes
on the visit as its rule says: ``required`` makes the curator a required
person when the curator works on some of the visit's dates (which are then
narrowed to those dates), ``preferred`` asks the optimiser to prefer them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from planner.models import CadenceRule, Family, Settlement, Territory, VisitRecord, VisitRequest
from planner.services.availability import clock, weekly_intervals
from planner.services.cadence import required_roles, rules_for
from planner.services.production_calendar import is_working_day, parse_week, week_of, working_days

ANY_CONTACT = ("routine", "first_visit")
"""Purposes that any home visit satisfies; the others need a visit of their own purpose."""

HAND_ENTERED = ("urgent", "manual")
CURATOR_STRENGTH = ("required", "preferred", "none")


@dataclass
class DueVisit:
    """One visit a family is due this week, ready to become a spec visit."""

    family: Family
    purpose: str
    origin: str
    due: dt.date
    deadline: dt.date | None
    roles: list[str]
    duration: int
    priority: int
    mandatory: bool
    dates: list[dt.date]
    time_windows: list[list[str]] = field(default_factory=list)
    request: VisitRequest | None = None
    """The hand-entered request this visit serves (urgent, manual)."""
    required_staff: list[str] = field(default_factory=list)
    preferred_staff: list[str] = field(default_factory=list)

    @property
    def with_curator(self) -> str:
        """``required``, ``preferred`` or ``none``: how the family's curator is asked for."""
        return "required" if self.required_staff else "preferred" if self.preferred_staff else "none"


def escalate(base: int, due: dt.date, deadline: dt.date | None, day: dt.date) -> int:
    """Priority on ``day``: the base until due, rising linearly to 100 at the deadline."""
    late = (day - due).days
    if late <= 0 or deadline is None:
        return base
    span = max(1, (deadline - due).days)
    return min(100, round(base + (100 - base) * min(1.0, late / span)))


def last_visits(db: DbSession, before: dt.date) -> dict[int, dict[str, dt.date]]:
    """Per family, the date of the last visit made before ``before`` per purpose and "*" (any)."""
    last: dict[int, dict[str, dt.date]] = defaultdict(dict)
    rows = db.execute(select(VisitRecord.family_id, VisitRecord.purpose, VisitRecord.date)
                      .where(VisitRecord.outcome == "done", VisitRecord.date < before))
    for family_id, purpose, day in rows:
        for key in (purpose, "*"):
            if day > last[family_id].get(key, dt.date.min):
                last[family_id][key] = day
    return last


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after ``day`` (public holidays and weekends passed over)."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def ask_ahead_until(sunday: dt.date, working: int) -> dt.date:
    """The first day whose due visits the week no longer asks for.

    Normally the next working day. Before a break that leaves the coming
    week at least twice the usual days of due dates per working day (the
    three days before the New Year holidays answer for the fortnight to
    11 January), the week also asks, as optional, for what falls due until
    the break ends: a real centre does before the holidays some of the work
    that falls due over them, so the few days before them carry less. A
    single holiday (4 November) does not make such a break. What falls due
    in the days off may be made that many days before its rule's earliest
    day (``WeekContext.earliest``): otherwise a monthly contact due on
    8 January could only be made from 30 December.
    """
    usual = (next_working_day(sunday) - sunday + dt.timedelta(days=6)).days / max(1, working)
    coming = sunday + dt.timedelta(days=7)
    days = len(working_days(week_of(coming)))
    window = (next_working_day(coming) - coming + dt.timedelta(days=6)).days
    if days == 0 or window / days >= BREAK_LOAD * usual:
        return next_working_day(coming)
    return next_working_day(sunday)


BREAK_LOAD = 2.0
"""How many times the usual days of due dates per working day make the coming week a break."""
LONG_BREAK = 5
"""Days off in a row (the New Year holidays) before which what falls due in them may be done early."""


AHEAD_OF_BREAK = 14
"""Days after a week within which a long break that begins makes the week ask for what falls due in it."""


def long_break(sunday: dt.date, within: int) -> tuple[dt.date, dt.date] | None:
    """The first day off and the first working day after a long break (``LONG_BREAK`` days off
    or more) that begins within ``within`` days after ``sunday`` (None when none does).

    The weeks before the New Year holidays ask, as optional and at half
    weight (``WeekContext.priority``), for what falls due in them, as far as
    their rules let it be made early: the psychologists' monitoring and
    diagnostics falling due over the holidays did not fit into the one week
    before them (every visit left out of 2026-W52 needed a psychologist while
    the fortnight before it had people to spare); a centre spreads them over
    the weeks before. What falls due between such a week and the break is
    the following weeks' own work and is not asked (asked too, it crowded
    the week); only the week just before the break also brings a rule's
    earliest day forward (``WeekContext.earliest``).
    """
    day, last = sunday + dt.timedelta(days=1), sunday + dt.timedelta(days=within)
    while day <= last:
        if is_working_day(day):
            day += dt.timedelta(days=1)
            continue
        end = next_working_day(day - dt.timedelta(days=1))
        if (end - day).days >= LONG_BREAK:
            return day, end
        day = end
    return None


def days_off_before(day: dt.date) -> list[dt.date]:
    """The days off in a row just before ``day``, when they make a long break (else none)."""
    run = []
    while not is_working_day(day - dt.timedelta(days=len(run) + 1)):
        run.append(day - dt.timedelta(days=len(run) + 1))
    return sorted(run) if len(run) >= LONG_BREAK else []


class WeekContext:
    """The week's working days and which of them have staff for which roles."""

    def __init__(self, week: str, staff_roles: dict[str, list[str]],
                 availability: dict[str, dict], depots: dict[str, str] | None = None) -> None:
        self.week = week
        self.days = working_days(week)
        self.monday = parse_week(week)
        self.sunday = self.monday + dt.timedelta(days=6)
        self.next_working_day = next_working_day(self.sunday)
        until = ask_ahead_until(self.sunday, len(self.days))
        self.days_off = days_off_before(until)
        self.ask_until, self.gap = until, None
        coming = long_break(self.sunday, AHEAD_OF_BREAK)
        if coming and coming[1] > until:
            self.ask_until, self.gap = coming[1], (until, coming[0], coming[1])
        self.roles = staff_roles
        self.depots = depots or {}
        self.staffed: dict[dt.date, Counter] = {day: Counter() for day in self.days}
        self.staffed_at: dict[tuple[str, dt.date], Counter] = defaultdict(Counter)
        self.working: dict[str, set[dt.date]] = defaultdict(set)
        for code, by_date in availability.items():
            for day in self.days:
                if by_date.get(day.isoformat()):
                    self.staffed[day].update(staff_roles.get(code, []))
                    self.staffed_at[self.depots.get(code, ""), day].update(staff_roles.get(code, []))
                    self.working[code].add(day)

    def asks(self, due: dt.date) -> bool:
        """Whether the week asks for a visit falling due on ``due``: before ``ask_until``, and
        outside the days between the week and a long break it asks ahead for (``long_break``;
        a copy asking until another day, an expedition trip's, has no such days)."""
        if self.gap is not None and self.ask_until == self.gap[2] and self.gap[0] <= due < self.gap[1]:
            return False
        return due < self.ask_until

    def crew_days(self, person: str, roles: list[str], dates: list[dt.date], *,
                  mandatory: bool = False) -> list[dt.date]:
        """``dates`` on which ``person`` works and their depot has the rest of the visit's crew.

        Everyone of a brigade rides from the vehicle's depot (spec section 1),
        so a curator at a branch cannot be required on a visit that needs a
        role only the base holds (the centre's one lawyer): the visit would
        never be served. A mandatory visit also needs a spare person of each
        other role at the depot: where one person holds it (a branch's only
        psychologist, the base's narcologist) that person is the depot's
        bottleneck, and requiring the curator would lock the visit to them;
        preferred, a crew of another depot with the role (the base's
        psychologist riding to the branch's district) can make it in time.
        Without depots (no staff data) every working day counts.
        """
        spare = 1 if mandatory else 0
        need = Counter(roles)
        mine = next((role for role in roles if role in self.roles.get(person, ())), None)
        if mine is not None:
            need[mine] -= 1
        own = Counter(self.roles.get(person, ()))
        days = [day for day in dates if day in self.working.get(person, ())]
        if person not in self.depots:
            return days
        return [day for day in days
                if all((self.staffed_at[self.depots[person], day] - own)[role] >= count + spare
                       for role, count in need.items() if count > 0)]

    def earliest(self, base: dt.date, earliest: dt.date, due: dt.date) -> dt.date:
        """The first day a visit due on ``due`` may be made: its rule's, or before a long break.

        A visit falling due in the New Year holidays would otherwise wait for
        its rule's earliest day, which often lies in them too: before a break
        of N days off it may be made up to N days sooner (never on the day
        of the last visit), so the days before the break do what falls due in it.
        """
        if self.days_off and self.days_off[0] <= due <= self.days_off[-1]:
            return max(base + dt.timedelta(days=1), earliest - dt.timedelta(days=len(self.days_off)))
        return earliest

    def priority(self, base: int, due: dt.date, deadline: dt.date | None) -> int:
        """A visit's priority this week: escalated from its due date, or half its base asked ahead.

        Before a break, a visit asked ahead whose deadline lies beyond the
        break weighs half its base: the week's own due visits, and those the
        break's few working days would have to make in time, come first, and
        work merely early fills what is left (at full weight, the work ahead
        took the place of 15 visits due in 2026-W52).
        """
        if due >= self.next_working_day and (deadline is None or deadline >= self.ask_until):
            return max(1, base // 2)
        return escalate(base, due, deadline, self.days[0])

    def dates_for(self, roles: list[str], allowed: list[dt.date]) -> list[dt.date]:
        """``allowed`` dates on which enough people of each role work.

        A role nobody can fill this week narrows nothing, so the optimiser
        still sees the visit and reports the missing role.
        """
        dates = allowed
        for role, need in Counter(roles).items():
            dates = [d for d in dates if self.staffed[d][role] >= need] or dates
        return dates


def ask_curator(visit: DueVisit, how: str, ctx: WeekContext) -> DueVisit:
    """Put the family's curator on ``visit`` as ``how`` (a rule's ``curator``) says.

    A required curator who works none of the visit's dates this week (leave,
    sickness), or whose depot lacks the visit's other roles on those dates
    (a spare of each for a mandatory visit, ``WeekContext.crew_days``), is
    only preferred: the visit is not left to wait for them.
    """
    curator = visit.family.case_curator
    if curator is None or not curator.active or how == "none":
        return visit
    on_duty = ctx.crew_days(curator.code, visit.roles, visit.dates, mandatory=visit.mandatory)
    if how == "required" and on_duty:
        visit.required_staff, visit.preferred_staff, visit.dates = [curator.code], [], on_duty
    elif curator.code not in visit.required_staff:
        visit.preferred_staff = [curator.code]
    return visit


def family_windows(family: Family, dates: list[dt.date]) -> tuple[list[dt.date], list[list[str]]]:
    """The dates the family can be visited and its time windows on them (empty: any time).

    A spec visit has one window list, so when a family's hours differ by
    weekday the dates sharing the most common window list are kept.
    """
    avail = family.availability
    if not avail:
        return dates, []
    if not isinstance(avail, dict):
        return dates, [list(span) for span in avail]
    groups: dict[tuple, list[dt.date]] = defaultdict(list)
    for day in dates:
        spans = tuple((clock(s), clock(e)) for s, e in weekly_intervals(avail, day))
        if spans:
            groups[spans].append(day)
    if not groups:
        return [], []
    spans, best = max(groups.items(), key=lambda item: (len(item[1]), -item[1][0].toordinal()))
    return best, [list(span) for span in spans]


def _from_rule(family: Family, rule: CadenceRule, last: dict[str, dt.date],
               ctx: WeekContext) -> DueVisit | None:
    anchor = family.intake_date if rule.anchor == "intake" else family.agreement_date
    made = last.get("*" if rule.purpose in ANY_CONTACT else rule.purpose)
    if rule.repeat and rule.purpose in ANY_CONTACT:
        base = made or anchor or ctx.monday - dt.timedelta(days=rule.interval_days)
    elif rule.repeat:
        base = made or anchor
        if base is None:
            return None
    elif anchor is None or (made is not None and made >= anchor):
        return None
    else:
        base = anchor
    due = base + dt.timedelta(days=rule.interval_days)
    if not ctx.asks(due):
        return None
    earliest = ctx.earliest(base, base + dt.timedelta(days=rule.min_days), due)
    deadline = base + dt.timedelta(days=rule.max_days)
    roles = required_roles(rule, family)
    dates, windows = family_windows(family, [d for d in ctx.days if d >= earliest])
    if not dates:
        return None
    visit = DueVisit(
        family=family, purpose=rule.purpose,
        origin="cadence" if rule.purpose == "routine" else "milestone",
        due=due, deadline=deadline, roles=roles, duration=rule.duration,
        priority=ctx.priority(rule.priority, due, deadline),
        mandatory=deadline < ctx.next_working_day, dates=ctx.dates_for(roles, dates),
        time_windows=windows,
    )
    return ask_curator(visit, rule.curator, ctx)


def _fold_routine(visits: list[DueVisit], ctx: WeekContext) -> list[DueVisit]:
    """A milestone visit is also the week's routine contact: one trip, not two.

    The most urgent milestone takes over the routine visit's urgency, roles
    and its call for the curator, as far as the curator can ride on it
    (``WeekContext.crew_days``: a needs assessment with the base's lawyer
    takes a branch's curator as preferred only).
    """
    routine = [v for v in visits if v.purpose == "routine"]
    milestones = [v for v in visits if v.origin == "milestone"]
    if not routine or not milestones:
        return visits
    host = max(milestones, key=lambda v: (v.mandatory, v.priority))
    host.priority = max(host.priority, routine[0].priority)
    host.mandatory = host.mandatory or routine[0].mandatory
    host.roles += [r for r in routine[0].roles if r not in host.roles]
    if CURATOR_STRENGTH.index(routine[0].with_curator) < CURATOR_STRENGTH.index(host.with_curator):
        host.required_staff, host.preferred_staff = routine[0].required_staff, routine[0].preferred_staff
        host.dates = [d for d in host.dates if d in routine[0].dates] or host.dates
    for person in host.required_staff:
        days = ctx.crew_days(person, host.roles, host.dates, mandatory=host.mandatory)
        if not days:
            host.required_staff, host.preferred_staff = [], [person]
            break
        host.dates = days
    return [v for v in visits if v.purpose != "routine"]


def _from_request(request: VisitRequest, ctx: WeekContext) -> DueVisit | None:
    """An urgent or manual request entered by hand, on the week's dates it allows."""
    family = request.family
    wanted = {dt.date.fromisoformat(d) for d in request.dates}
    allowed = [d for d in ctx.days if not wanted or d in wanted]
    if request.deadline is not None:
        allowed = [d for d in allowed if d <= request.deadline] or allowed
    if request.time_windows:
        dates, windows = allowed, [list(w) for w in request.time_windows]
    else:
        dates, windows = family_windows(family, allowed)
    if not dates:
        return None
    roles = list(request.roles) or ["social_worker"]
    created = request.created_at.date() if request.created_at else ctx.monday
    visit = DueVisit(
        family=family, purpose=request.purpose or request.origin, origin=request.origin,
        due=created, deadline=request.deadline, roles=roles, duration=request.duration,
        priority=escalate(request.priority, created, request.deadline, ctx.days[0]),
        mandatory=request.mandatory or (request.deadline is not None
                                        and request.deadline < ctx.next_working_day),
        dates=ctx.dates_for(roles, dates), time_windows=windows, request=request,
    )
    return ask_curator(visit, "preferred", ctx)


def family_due(family: Family, rules: list[CadenceRule], last: dict[str, dt.date],
               ctx: WeekContext) -> list[DueVisit]:
    """The cadence and milestone visits ``family`` is due in ``ctx`` (``last``: its ``last_visits``)."""
    found = [v for rule in rules_for(family, rules) if (v := _from_rule(family, rule, last, ctx))]
    return _fold_routine(found, ctx)


def due_visits(db: DbSession, ctx: WeekContext) -> list[DueVisit]:
    """Every visit due in the week: cadences and milestones of active families, hand-entered requests."""
    if not ctx.days:
        return []
    rules = list(db.scalars(select(CadenceRule)))
    history = last_visits(db, ctx.monday)
    families = db.scalars(select(Family).where(Family.status == "open", ~Family.consent_withdrawn)
                          .options(selectinload(Family.curator),
                                   selectinload(Family.settlement).selectinload(Settlement.district),
                                   selectinload(Family.settlement).selectinload(Settlement.territory)
                                   .selectinload(Territory.curator))
                          .order_by(Family.case_code))
    result: list[DueVisit] = []
    for family in families:
        result += family_due(family, rules, history.get(family.id, {}), ctx)
    hand = db.scalars(select(VisitRequest).where(VisitRequest.origin.in_(HAND_ENTERED),
                                                 VisitRequest.status == "open",
                                                 VisitRequest.week.is_(None)))
    result += [v for r in hand if r.family.is_active and (v := _from_request(r, ctx))]
    return result


def overdue_days(due: list[DueVisit], day: dt.date) -> dict[int, int]:
    """Family id -> days its most overdue visit is past its due date on ``day`` (overdue families only)."""
    late: dict[int, int] = {}
    for visit in due:
        days = (day - visit.due).days
        if days > 0:
            late[visit.family.id] = max(days, late.get(visit.family.id, 0))
    return late
