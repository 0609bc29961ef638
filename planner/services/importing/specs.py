"""One declarative spec per file of the import format (data/FORMAT.md).

A spec names the file, its model, its natural key and its columns; the
importer and the exporter are driven by these alone, so a new file is one
more entry in ``SPECS`` (in import order: a file may refer to the files
before it). Whether a column must be filled follows from the model (a NOT
NULL column without a default, a key column) unless ``required`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from planner.models import (
    CATEGORIES,
    CLOSURE_REASONS,
    CONTACT_MODES,
    FOLLOW_UP_RESULTS,
    FOLLOW_UP_YEARS,
    CURATOR_RULES,
    WEEKDAYS,
    CadenceRule,
    ProtectedTime,
    Territory,
    OUTCOMES,
    PROGRAMME_KINDS,
    ROLES,
    Absence,
    Agency,
    AgencyContact,
    Depot,
    District,
    Enrolment,
    ExpeditionSeries,
    Family,
    FollowUp,
    Programme,
    Service,
    SessionRecord,
    Settlement,
    Staff,
    Term,
    Vehicle,
    VehicleUnavailability,
    Venue,
    VisitRecord,
)
from planner.models.demand import ANCHORS, PURPOSES
from planner.models.family import CASE_STATUSES, NOTICE_CHANNELS
from planner.services.importing import cells
from planner.services.importing.cells import (
    BOOL, CADENCE, COUNT, DATE, INTERVAL, LAT, LON, MAPPING, NUMBERS, POSITIVE, TEXT, TIME,
    WEEKDAYS_LIST, WEEKLY, WHOLE, Cell,
)


@dataclass(frozen=True)
class Column:
    """A column of a file.

    ``attr`` is the model attribute (default: the column's name); a pair
    ``(attr, key)`` stores the value under ``key`` of a JSON dict attribute.
    ``ref`` names the file whose natural key the cell holds: the attribute is
    then the relationship to that record, or with ``many`` a list of keys.
    """

    name: str
    cell: Cell = TEXT
    attr: str | tuple[str, str] | None = None
    ref: str | None = None
    many: bool = False
    required: bool = False

    @property
    def target(self) -> str | tuple[str, str]:
        return self.attr or self.name


@dataclass(frozen=True)
class FileSpec:
    """A file of the format: its rows become ``model`` records keyed by ``key``.

    ``checks`` see the parsed values of a valid row and return
    ``(column, reason)`` pairs for rules spanning several cells.
    """

    name: str
    model: type
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    checks: tuple[Callable[[dict[str, Any]], list[tuple[str, str]]], ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def key_of(self, record) -> tuple[str, ...]:
        """The natural key of a stored record, as the file writes it."""
        return tuple(str(text_of(self.column(name), record)) for name in self.key)


def text_of(column: Column, record) -> str | int | float:
    """A record's value of one column as the file writes it (the export's cell)."""
    if column.ref and not column.many:
        related = getattr(record, column.target)
        return "" if related is None else BY_NAME[column.ref].key_of(related)[0]
    target = column.target
    if isinstance(target, tuple):
        value = (getattr(record, target[0]) or {}).get(target[1])
    else:
        value = getattr(record, target)
    if value is None or (isinstance(value, (str, list, dict)) and not value):
        return ""
    return column.cell.format(value)


def ref(name: str, target: str, attr: str | None = None, **options) -> Column:
    return Column(name, attr=attr or name, ref=target, **options)


def refs(name: str, target: str) -> Column:
    return Column(name, cells.Cell(cells.listing(), cells.join, empty=[]), ref=target, many=True)


def ordered(first: str, last: str) -> Callable[[dict], list[tuple[str, str]]]:
    """``last`` is not before ``first`` (date spans, earliest/latest)."""
    def check(values: dict) -> list[tuple[str, str]]:
        if values.get(first) and values.get(last) and values[last] < values[first]:
            return [(last, f"{last} {values[last]} is before {first} {values[first]}")]
        return []
    return check


def paired(one: str, other: str) -> Callable[[dict], list[tuple[str, str]]]:
    """Both cells filled or both empty (a point needs lat and lon)."""
    def check(values: dict) -> list[tuple[str, str]]:
        if (values.get(one) is None) != (values.get(other) is None):
            return [(other if values.get(other) is None else one, f"give both {one} and {other}")]
        return []
    return check


def _lasts(values: dict) -> list[tuple[str, str]]:
    """A session lasts some minutes, a camp some days."""
    if values.get("minutes") == 0 and not values.get("days"):
        return [("minutes", "give minutes per session, or days for a camp")]
    return []


def _closure(values: dict) -> list[tuple[str, str]]:
    """A closure date or reason belongs to a closed case."""
    if values.get("status") != "closed":
        return [(name, f"{name} is given, but status is not closed")
                for name in ("closed_date", "closure_reason") if values.get(name)]
    return []


def _attended(values: dict) -> list[tuple[str, str]]:
    """Nobody attends a session that was not held."""
    if values.get("held") is False and any(values.get(n) for n in ("families", "adults", "children")):
        return [("held", "a session that was not held has no attendance")]
    return []


def _found(values: dict) -> list[tuple[str, str]]:
    """A follow-up made has a date and a result, one not made has neither."""
    if bool(values.get("date")) != bool(values.get("result")):
        return [("result" if values.get("date") else "date", "give both date and result")]
    return []


_YEARS = cells.one_of(str(years) for years in FOLLOW_UP_YEARS)
YEARS = Cell(lambda value: int(_YEARS(value)), str, number=True)
"""Years after closure: 1 or 3."""


def _given(values: dict) -> list[tuple[str, str]]:
    """Services and people belong to a visit made."""
    if values.get("outcome", "done") != "done":
        return [(name, f"{name} given, but the visit was {values['outcome']}")
                for name in ("services", "adults", "children") if values.get(name)]
    return []


def _reception_in_districts(values: dict) -> list[tuple[str, str]]:
    """Every reception point belongs to a district of the series."""
    outside = [d for d in values.get("reception") or {} if d not in (values.get("districts") or [])]
    return [("reception", f"{', '.join(outside)} is not one of the districts")] if outside else []


EVERY_CATEGORY = Cell(cells.one_of(CATEGORIES))
"""A rule's category; empty: every category."""


def _coordinates(required: bool = False) -> tuple[Column, Column]:
    return Column("lat", LAT, required=required), Column("lon", LON, required=required)


SPECS: tuple[FileSpec, ...] = (
    FileSpec("services", Service, ("code",), (
        Column("code"), Column("name"), Column("role", cells.choice(ROLES)), Column("active", BOOL),
    )),
    FileSpec("districts", District, ("code",), (
        Column("code"), Column("name"), *_coordinates(),
        Column("speed_kmh", cells.Cell(cells.at_least(cells.number, 5), cells.format_number,
                                       number=True)),
        Column("detour", cells.Cell(cells.at_least(cells.number, 1), cells.format_number,
                                    number=True)),
    )),
    FileSpec("depots", Depot, ("code",), (
        Column("code"), Column("name"), Column("address"), *_coordinates(),
        ref("district", "districts"),
    )),
    FileSpec("agencies", Agency, ("code",), (
        Column("code"), Column("name"), Column("hours", WEEKLY, attr="weekly"),
    )),
    FileSpec("settlements", Settlement, ("code",), (
        Column("code"), Column("name"), ref("district", "districts"), *_coordinates(),
        Column("road_note"), Column("needs_4x4_in_thaw", BOOL), Column("demo", BOOL),
    )),
    FileSpec("staff", Staff, ("code",), (
        Column("code"), Column("full_name"),
        Column("roles", cells.choices(ROLES), required=True),
        ref("agency", "agencies"), ref("depot", "depots"),
        Column("weekly_hours", POSITIVE), Column("hours", WEEKLY, attr="weekly"),
        Column("email"), Column("phone"), Column("caseload_limit", COUNT),
    )),
    FileSpec("absences", Absence, ("staff", "start"), (
        ref("staff", "staff"), Column("start", DATE), Column("end", DATE), Column("reason"),
    ), checks=(ordered("start", "end"),)),
    FileSpec("vehicles", Vehicle, ("code",), (
        Column("code"), Column("name"), ref("depot", "depots"),
        Column("seats", WHOLE), Column("capacity", COUNT), Column("cost_per_km", POSITIVE),
        Column("fixed_cost", POSITIVE), Column("max_drive_minutes", WHOLE),
        Column("four_wd", BOOL), Column("start_time", TIME), Column("end_time", TIME),
    ), checks=(ordered("start_time", "end_time"),)),
    FileSpec("vehicle_unavailability", VehicleUnavailability, ("vehicle", "start"), (
        ref("vehicle", "vehicles"), Column("start", DATE), Column("end", DATE), Column("reason"),
    ), checks=(ordered("start", "end"),)),
    FileSpec("families", Family, ("case_code",), (
        Column("case_code"), Column("display_name"), ref("settlement", "settlements"),
        Column("address"), *_coordinates(),
        Column("category", cells.choice(CATEGORIES)), ref("curator", "staff"),
        Column("status", cells.choice(CASE_STATUSES)),
        Column("intake_date", DATE), Column("agreement_date", DATE), Column("consent_date", DATE),
        Column("consent_withdrawn", BOOL), Column("dependence", BOOL),
        Column("legal_question", BOOL), Column("people", WHOLE),
        Column("availability", WEEKLY), Column("contact_email"), Column("contact_phone"),
        Column("notice_channel", cells.choice(NOTICE_CHANNELS)),
        Column("closed_date", DATE), Column("closure_reason", cells.choice(CLOSURE_REASONS)),
    ), checks=(ordered("intake_date", "closed_date"), _closure)),
    FileSpec("follow_ups", FollowUp, ("case_code", "years"), (
        ref("case_code", "families", attr="family"), Column("years", YEARS),
        Column("due", DATE), Column("date", DATE),
        Column("result", cells.choice(FOLLOW_UP_RESULTS)), Column("note"),
    ), checks=(_found,)),
    FileSpec("territories", Territory, ("settlement",), (
        ref("settlement", "settlements"), ref("curator", "staff", required=True),
    )),
    FileSpec("protected_time", ProtectedTime, ("code",), (
        Column("code"), Column("name"), Column("weekday", cells.choice(WEEKDAYS), required=True),
        Column("start", TIME), Column("end", TIME), ref("agency", "agencies"), refs("staff", "staff"),
        Column("active", BOOL),
    ), checks=(ordered("start", "end"),)),
    FileSpec("cadence_rules", CadenceRule, ("code",), (
        Column("code"), Column("purpose", cells.choice(PURPOSES), required=True),
        Column("category", EVERY_CATEGORY), ref("case_code", "families", attr="family"),
        Column("anchor", cells.choice(ANCHORS)), Column("repeat", BOOL),
        Column("interval_days", COUNT, required=True), Column("min_days", COUNT, required=True),
        Column("max_days", COUNT, required=True), Column("roles", cells.choices(ROLES), required=True),
        Column("duration", WHOLE), Column("priority", COUNT),
        Column("add_narcologist", BOOL), Column("add_lawyer", BOOL),
        Column("curator", cells.choice(CURATOR_RULES)), Column("active", BOOL),
    ), checks=(ordered("min_days", "interval_days"), ordered("interval_days", "max_days"))),
    FileSpec("venues", Venue, ("code",), (
        Column("code"), Column("name"), ref("settlement", "settlements"), Column("address"),
        *_coordinates(), Column("capacity", COUNT), Column("online", BOOL),
        Column("hours", WEEKLY, attr="weekly"),
    ), checks=(paired("lat", "lon"),)),
    FileSpec("terms", Term, ("code",), (
        Column("code"), Column("start", DATE), Column("end", DATE),
    ), checks=(ordered("start", "end"),)),
    FileSpec("programmes", Programme, ("code",), (
        Column("code"), Column("name"), Column("kind", cells.choice(PROGRAMME_KINDS)),
        Column("sessions", WHOLE), Column("cadence", CADENCE), Column("minutes", COUNT),
        Column("days", COUNT), Column("roles", cells.choices(ROLES)),
        refs("staff_pool", "staff"), refs("venues", "venues"),
        Column("same_staff", BOOL), Column("same_slot", BOOL),
        Column("earliest", DATE), Column("latest", DATE),
        Column("preferred_weekdays", WEEKDAYS_LIST, attr=("preferred", "weekdays")),
        Column("preferred_start_between", INTERVAL, attr=("preferred", "start_between")),
        Column("audience"),
    ), checks=(ordered("earliest", "latest"), _lasts)),
    FileSpec("enrolments", Enrolment, ("programme", "case_code"), (
        ref("programme", "programmes"), ref("case_code", "families", attr="family"),
    )),
    FileSpec("session_records", SessionRecord, ("programme", "date"), (
        ref("programme", "programmes"), Column("date", DATE), Column("held", BOOL),
        Column("families", COUNT), Column("adults", COUNT), Column("children", COUNT),
        Column("note"),
    ), checks=(_attended,)),
    FileSpec("visit_history", VisitRecord, ("case_code", "date", "purpose"), (
        ref("case_code", "families", attr="family"), Column("date", DATE),
        Column("purpose", cells.choice(PURPOSES)), Column("outcome", cells.choice(OUTCOMES)),
        refs("staff", "staff"), Column("mode", cells.choice(CONTACT_MODES)),
        refs("services", "services"), Column("adults", COUNT), Column("children", COUNT),
    ), checks=(_given,)),
    FileSpec("agency_contacts", AgencyContact, ("agency",), (
        ref("agency", "agencies"), Column("name"), Column("email"),
    )),
    FileSpec("expeditions", ExpeditionSeries, ("code",), (
        Column("code"), Column("name"), ref("organiser", "agencies"), ref("vehicle", "vehicles"),
        refs("districts", "districts"), Column("trips", WHOLE), Column("cadence", CADENCE),
        Column("minutes", WHOLE), Column("roles", cells.choices(ROLES), required=True),
        refs("staff_pool", "staff"), Column("reception", MAPPING),
        Column("reception_minutes", WHOLE), Column("meeting_minutes", COUNT),
        Column("meeting_roles", cells.choices(ROLES)), Column("meeting_days_before", NUMBERS),
        refs("meeting_venues", "venues"), Column("earliest", DATE), Column("latest", DATE),
        Column("preferred_weekdays", WEEKDAYS_LIST, attr=("preferred", "weekdays")),
    ), checks=(ordered("earliest", "latest"), _reception_in_districts)),
)

BY_NAME = {spec.name: spec for spec in SPECS}
