"""The figures a centre reports to its region, counted from one ``History``.

Planned figures come from published plans and the term's timetable (group
sessions, expedition trips and their planning meetings), done figures from
what was recorded (``services/outcomes.py``, ``attendance.py``,
``cases.py``); an expedition (and the planning meeting before it) was made
when its vehicle's brigade of that day recorded a visit. People reached are counted once per family: the adults and
the children of its fullest contact in the period. Group attendance is a
count of attendances (a family coming to six sessions counts six times).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from planner.models import CLOSURE_REASONS, FOLLOW_UP_RESULTS, FOLLOW_UP_YEARS, VisitRecord
from planner.services.reports.history import History
from planner.services.reports.tables import N_, Table

PLANNED, DONE = N_("Planned"), N_("Done")
CLOSURES = {
    "improved": N_("the situation improved"), "goals_met": N_("the plan's goals were met"),
    "moved_away": N_("the family moved away"), "refused": N_("refused or withdrew consent"),
    "child_removed": N_("a child was placed outside the family"),
    "child_adult": N_("the child came of age"), "transferred": N_("handed to another service"),
    "other": N_("other reason"), "": N_("reason not recorded"),
}
RESULTS = {"child_in_family": N_("Child lives in the family"),
           "child_removed": N_("Child removed"), "not_reached": N_("No news")}


def made(records: list[VisitRecord], mode: str | None = None) -> list[VisitRecord]:
    """Visits made (of one ``mode``: home, reception, online)."""
    return [r for r in records if r.outcome == "done" and (mode is None or r.mode == mode)]


def reached(records: list[VisitRecord]) -> tuple[int, int, int]:
    """Families, people and children reached by the visits made, each family once."""
    adults, children = defaultdict(int), defaultdict(int)
    for record in made(records):
        adults[record.family_id] = max(adults[record.family_id], record.adults)
        children[record.family_id] = max(children[record.family_id], record.children)
    return len(adults), sum(adults.values()) + sum(children.values()), sum(children.values())


def services(records: list[VisitRecord]) -> int:
    return sum(len(record.services) for record in made(records))


def summary(history: History) -> Table:
    """Every figure of the period in one table, planned against done where both exist."""
    records, trips = history.records, history.trips
    trips_made = [trip for trip in trips if trip.made]
    on_trips = {stop.id for trip in trips_made for stop in trip.stops}
    services_on_trips = services([r for r in records if r.stop_id in on_trips])
    urgent = [r for r in made(records) if r.purpose == "urgent"]
    families, people, children = reached(records)
    sessions, held = history.group_sessions(), history.group_records()
    attended = [r for r in held if r.held]
    period = history.period
    brigades = {(trip.route.date, trip.route.vehicle_id) for trip in trips_made}
    rows = [
        [N_("Brigade trips"), len(trips), len(trips_made)],
        [N_("Interagency expeditions"), len(history.expeditions),
         sum((e.date, e.series.vehicle_id) in brigades for e in history.expeditions)],
        [N_("Planning meetings"),
         len(history.group_sessions(planning=True)) + len(history.meetings),
         sum(r.held for r in history.group_records(planning=True))
         + sum((e.date, e.series.vehicle_id) in brigades for e in history.meetings)],
        [N_("Home visits"), sum(len(trip.stops) for trip in trips), len(made(records, "home"))],
        [N_("Visits not made (family absent or refused)"), None,
         sum(r.outcome in ("absent", "refused") for r in records)],
        [N_("Services given"), None, services(records)],
        [N_("Services per trip"), None,
         round(services_on_trips / len(trips_made), 1) if trips_made else 0],
        [N_("Services at planned visits"), None, services(records) - services(urgent)],
        [N_("Services at urgent visits"), None, services(urgent)],
        [N_("Urgent visits"), None, len(urgent)],
        [N_("Online consultations"), None, len(made(records, "online"))],
        [N_("Families received at reception points"), None, len(made(records, "reception"))],
        [N_("Families reached"), None, families],
        [N_("People reached"), None, people],
        [N_("Children reached"), None, children],
        [N_("Group sessions"), len(sessions), len(attended)],
        [N_("Group sessions cancelled"), None, len(held) - len(attended)],
        [N_("Attendance: families"), None, sum(r.families for r in attended)],
        [N_("Attendance: adults"), None, sum(r.adults for r in attended)],
        [N_("Attendance: children"), None, sum(r.children for r in attended)],
        [N_("Cases opened"), None, sum(f.intake_date in period for f in history.cases)],
        [N_("Cases closed"), None, sum(f.closed_date in period for f in history.cases)],
        [N_("Cases open at the end of the period"), None,
         sum(_open_on(f, period.end) for f in history.cases)],
        [N_("Follow-ups after closure"), sum(f.due in period for f in history.follow_ups),
         sum(f.date in period for f in history.follow_ups)],
    ]
    return Table("summary", N_("Summary"), [N_("Figure"), PLANNED, DONE], rows)


def _open_on(family, day: dt.date) -> bool:
    """Whether a case was open on ``day`` (taken in, not yet closed)."""
    if family.intake_date is None or family.intake_date > day:
        return False
    if family.status == "closed":
        return family.closed_date is not None and family.closed_date > day
    return True


def by_month(history: History) -> Table:
    """Trips, visits, services and sessions month by month (the trips and services charts)."""
    def month(day: dt.date) -> dt.date:
        return day.replace(day=1)
    planned = Counter(month(trip.route.date) for trip in history.trips)
    trips = Counter(month(trip.route.date) for trip in history.trips if trip.made)
    visits, given, online = Counter(), Counter(), Counter()
    for record in made(history.records):
        key = month(record.date)
        visits[key] += record.mode == "home"
        online[key] += record.mode == "online"
        given[key] += len(record.services)
    sessions, people = Counter(), Counter()
    for record in history.group_records():
        if record.held:
            sessions[month(record.date)] += 1
            people[month(record.date)] += record.adults + record.children
    rows = [[first.strftime("%Y-%m"), planned[first], trips[first], visits[first], given[first],
             online[first], sessions[first], people[first]] for first in history.period.months()]
    return Table("months", N_("By month"), [
        N_("Month"), N_("Trips planned"), N_("Trips made"), N_("Home visits"),
        N_("Services given"), N_("Online consultations"), N_("Group sessions held"),
        N_("Attendance: people")], rows)


def by_district(history: History, districts: dict[int, str], family_district: dict[int, int]) -> Table:
    """Coverage by district: families, people and children reached, visits, services, open cases."""
    rows = []
    for district_id, name in districts.items():
        records = [r for r in history.records if family_district.get(r.family_id) == district_id]
        families, people, children = reached(records)
        cases = [f for f in history.cases if family_district.get(f.id) == district_id]
        if not records and not cases:
            continue
        rows.append([name, families, people, children, len(made(records, "home")),
                     services(records), sum(_open_on(f, history.period.end) for f in cases)])
    return Table("districts", N_("By district"), [
        N_("District"), N_("Families reached"), N_("People reached"), N_("Children reached"),
        N_("Home visits"), N_("Services given"), N_("Open cases")], rows)


def by_programme(history: History) -> Table:
    """Group programmes: sessions planned and held, and who attended (the attendance chart)."""
    names, planned = {}, Counter()
    for session in history.group_sessions():
        names[session.programme.code] = session.programme.name
        planned[session.programme.code] += 1
    held, counts = Counter(), defaultdict(lambda: [0, 0, 0])
    for record in history.group_records():
        names[record.programme.code] = record.programme.name
        if record.held:
            held[record.programme.code] += 1
            total = counts[record.programme.code]
            total[0] += record.families
            total[1] += record.adults
            total[2] += record.children
    rows = [[names[code], planned[code], held[code], *counts[code]]
            for code in sorted(names, key=names.get)]
    return Table("programmes", N_("Group programmes"), [
        N_("Programme"), N_("Sessions planned"), N_("Sessions held"), N_("Attendance: families"),
        N_("Attendance: adults"), N_("Attendance: children")], rows)


def closures(history: History) -> Table:
    """Cases closed in the period by reason."""
    reasons = Counter(f.closure_reason for f in history.cases if f.closed_date in history.period)
    order = [*CLOSURE_REASONS, ""]
    rows = [[CLOSURES[reason], reasons[reason]] for reason in order if reasons[reason]]
    return Table("closures", N_("Cases closed, by reason"), [N_("Reason"), N_("Cases")], rows)


def services_given(history: History, catalogue: dict[str, str]) -> Table:
    """How often each service of the catalogue was given."""
    given = Counter(code for record in made(history.records) for code in record.services)
    rows = [[catalogue.get(code, code), count] for code, count in
            sorted(given.items(), key=lambda item: (-item[1], catalogue.get(item[0], item[0])))]
    return Table("services", N_("Services given"), [N_("Service"), N_("Times given")], rows)


def follow_ups(history: History) -> Table:
    """Follow-ups after closure: due and made in the period, and what they found."""
    rows = []
    for years in FOLLOW_UP_YEARS:
        ours = [f for f in history.follow_ups if f.years == years]
        found = Counter(f.result for f in ours if f.date in history.period)
        rows.append([years, sum(f.due in history.period for f in ours), sum(found.values()),
                     *(found[result] for result in FOLLOW_UP_RESULTS)])
    return Table("follow_ups", N_("Follow-ups after closure"), [
        N_("Years after closure"), N_("Due"), N_("Made"),
        *(RESULTS[result] for result in FOLLOW_UP_RESULTS)], rows)

