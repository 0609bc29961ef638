"""Parse a term timetable request (spec section 2) into ``domain`` dataclasses.

Every refusal is a ``SpecError`` whose path (``$.programmes[2].cadence``) lets a
person find the field; unknown fields are ignored, as the spec says.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

from planner.optimize.errors import SpecError
from planner.optimize.numbers import is_real
from planner.optimize.travel import TravelModel, parse_point
from planner.optimize.timetable.domain import (
    WEEKDAY_NAMES,
    EXPEDITION,
    PLANNING_MEETING,
    Busy,
    Cadence,
    Expedition,
    Family,
    Meeting,
    Options,
    Pin,
    Preferred,
    Programme,
    Staff,
    TermRequest,
    Vehicle,
    Venue,
    Weekly,
    Window,
)


def parse_request(doc: Any) -> TermRequest:
    """The request as dataclasses, or ``SpecError`` naming the first bad field."""
    obj = _object(doc, "$")
    if obj.get("version", 1) != 1:
        raise SpecError("$.version", "only version 1 is understood")
    timezone = _timezone(obj.get("timezone", "Europe/Moscow"))
    term = _object(obj.get("term"), "$.term")
    start, end = _date(term.get("start"), "$.term.start"), _date(term.get("end"), "$.term.end")
    if end < start:
        raise SpecError("$.term.end", "the term ends before it starts")
    closed = frozenset(_items(obj, "closed_dates", "$", _date))
    staff = _by_id(obj, "staff", _staff)
    venues = _by_id(obj, "venues", _venue)
    families = _by_id(obj, "families", _family)
    busy = tuple(_items(obj, "busy", "$", lambda v, p: _busy(v, p, staff)))
    refs = {"staff": staff, "venues": venues, "families": families, "term": (start, end)}
    refs["vehicles"] = _by_id(obj, "vehicles", _vehicle)
    programmes = tuple(_items(obj, "programmes", "$", lambda v, p: _programme(v, p, refs)))
    _unique([p.id for p in programmes], "$.programmes", ".id")
    expeditions = _items(obj, "expeditions", "$", lambda v, p: _expedition(v, p, refs))
    taken = {p.id for p in programmes}
    for i, (_, progs) in enumerate(expeditions):
        for prog in progs:
            if prog.id in taken:
                raise SpecError(f"$.expeditions[{i}].id", f"{prog.id!r} is listed twice")
            taken.add(prog.id)
    programmes += tuple(p for _, ps in expeditions for p in ps)
    by_id = {p.id: p for p in programmes}
    pins = tuple(_items(obj, "pinned", "$", lambda v, p: _pin(v, p, by_id, staff, venues)))
    _unique([(p.programme, p.n) for p in pins], "$.pinned")
    options = _options(obj.get("options", {}))
    travel = TravelModel.from_request(obj)
    _known_to(travel, venues, families)
    previous = dict(_items(obj, "previous", "$", lambda v, p: _previous(v, p, by_id)))
    return TermRequest(timezone, start, end, closed, staff, busy, venues, families,
                       programmes, pins, options, travel,
                       {k: v for k, v in previous.items() if k is not None},
                       refs["vehicles"], tuple(e for e, _ in expeditions))


def _known_to(travel: TravelModel, venues: Mapping[str, Venue],
              families: Mapping[str, Family]) -> None:
    """With an explicit ``matrix``, every place of the request must be one of its locations."""
    for name, items in (("venues", venues), ("families", families)):
        for i, item in enumerate(items.values()):
            if item.location is not None and not travel.knows(item.location):
                raise SpecError(f"$.{name}[{i}].location", "not one of $.matrix.locations")


# --- the parts of the request ------------------------------------------------


def _staff(v: Any, path: str) -> Staff:
    obj = _object(v, path)
    roles = _strings(obj.get("roles"), f"{path}.roles", allow_empty=False)
    weekly = _weekly(obj.get("weekly"), f"{path}.weekly")
    absent = frozenset(_items(obj, "absent", path, _date))
    return Staff(_id(obj, path), frozenset(roles), weekly, absent)


def _venue(v: Any, path: str) -> Venue:
    obj = _object(v, path)
    online = _bool(obj.get("online", False), f"{path}.online")
    location = None if online and obj.get("location") is None else parse_point(
        obj.get("location"), f"{path}.location")
    if online and obj.get("capacity") is None:
        capacity = 0
    else:
        capacity = _int(obj.get("capacity"), f"{path}.capacity", 0)
    return Venue(_id(obj, path), location, capacity,
                 _weekly(obj.get("weekly"), f"{path}.weekly"), online)


def _family(v: Any, path: str) -> Family:
    obj = _object(v, path)
    people = _int(obj.get("people", 1), f"{path}.people", 1)
    return Family(_id(obj, path), parse_point(obj.get("location"), f"{path}.location"), people)


def _busy(v: Any, path: str, staff: Mapping[str, Staff]) -> Busy:
    obj = _object(v, path)
    who = _ref(obj.get("staff"), f"{path}.staff", staff, "staff member")
    start, end = _window([obj.get("start"), obj.get("end")], path, names=("start", "end"))
    return Busy(who, _date(obj.get("date"), f"{path}.date"), start, end)


def _programme(v: Any, path: str, refs: Mapping[str, Any]) -> Programme:
    obj = _object(v, path)
    kind = obj.get("kind", "programme")
    if not isinstance(kind, str):
        raise SpecError(f"{path}.kind", "expected a string")
    days = _int(obj.get("days", 0), f"{path}.days", 0, 60)
    if kind == "camp" and days == 0:
        raise SpecError(f"{path}.days", "a camp needs days >= 1 (consecutive whole days)")
    sessions = _int(obj.get("sessions"), f"{path}.sessions", 1, 400)
    minutes = days * 24 * 60 if days else _int(obj.get("minutes"), f"{path}.minutes", 1, 24 * 60)
    roles = tuple(_strings(obj.get("roles"), f"{path}.roles", allow_empty=False))
    pool = tuple(_ref(s, f"{path}.staff_pool[{i}]", refs["staff"], "staff member")
                 for i, s in enumerate(_list(obj.get("staff_pool", []), f"{path}.staff_pool")))
    participants = tuple(
        _ref(f, f"{path}.participants[{i}]", refs["families"], "family")
        for i, f in enumerate(_list(obj.get("participants", []), f"{path}.participants")))
    _unique(list(participants), f"{path}.participants")
    venues = tuple(_ref(x, f"{path}.venues[{i}]", refs["venues"], "venue")
                   for i, x in enumerate(_list(obj.get("venues", []), f"{path}.venues")))
    earliest, latest = _range(obj, path, refs["term"])
    return Programme(
        id=_id(obj, path), kind=kind, sessions=sessions,
        cadence=_cadence(obj.get("cadence"), f"{path}.cadence", sessions),
        minutes=minutes, days=days, roles=roles, staff_pool=pool,
        same_staff=_bool(obj.get("same_staff", False), f"{path}.same_staff"),
        same_slot=_bool(obj.get("same_slot", False), f"{path}.same_slot"),
        participants=participants, venues=venues, earliest=earliest, latest=latest,
        preferred=_preferred(obj.get("preferred", {}), f"{path}.preferred"))


def _vehicle(v: Any, path: str) -> Vehicle:
    obj = _object(v, path)
    return Vehicle(_id(obj, path), frozenset(_items(obj, "absent", path, _date)))


def _expedition(v: Any, path: str, refs: Mapping[str, Any]) -> tuple[Expedition, list[Programme]]:
    """A series of trips and the two programmes it becomes: its trips, its planning meetings.

    The trips' fields are a programme's (``trips`` counts them; no venue, no
    participants); the meetings share the trips' staff pool and come
    ``days_before`` the trip they prepare.
    """
    obj = _object(v, path)
    trips = _int(obj.get("trips"), f"{path}.trips", 1, 400)
    districts = tuple(_strings(obj.get("districts"), f"{path}.districts", allow_empty=False))
    vehicle = _ref(obj.get("vehicle"), f"{path}.vehicle", refs["vehicles"], "vehicle")
    reception = _object(obj.get("reception", {}), f"{path}.reception")
    for district, venue in reception.items():
        if district not in districts:
            raise SpecError(f"{path}.reception.{district}", "not one of the expedition's districts")
        _ref(venue, f"{path}.reception.{district}", refs["venues"], "venue")
    fields = {k: obj[k] for k in ("id", "cadence", "minutes", "roles", "staff_pool", "same_staff",
                                  "earliest", "latest", "preferred") if k in obj}
    trip = _programme(dict(fields, kind=EXPEDITION, sessions=trips), path, refs)
    meeting, progs = None, [trip]
    if obj.get("meeting") is not None:
        meeting = _meeting(obj["meeting"], f"{path}.meeting", trip, refs)
        progs.append(_meeting_programme(trip, meeting, refs["term"]))
    expedition = Expedition(trip.id, districts, vehicle, dict(reception),
                            _int(obj.get("reception_minutes", 120),
                                 f"{path}.reception_minutes", 1, 24 * 60), meeting)
    return expedition, progs


def _meeting(v: Any, path: str, trip: Programme, refs: Mapping[str, Any]) -> Meeting:
    obj = _object(v, path)
    roles = _strings(obj.get("roles"), f"{path}.roles", allow_empty=False)
    for i, role in enumerate(roles):
        if role not in trip.roles:
            raise SpecError(f"{path}.roles[{i}]", f"{role!r} is not one of the trip's roles")
    before = _list(obj.get("days_before", [1, 7]), f"{path}.days_before")
    if len(before) != 2:
        raise SpecError(f"{path}.days_before", "expected [fewest, most] days before the trip")
    low = _int(before[0], f"{path}.days_before[0]", 0, 60)
    high = _int(before[1], f"{path}.days_before[1]", low, 60)
    venues = tuple(_ref(x, f"{path}.venues[{i}]", refs["venues"], "venue")
                   for i, x in enumerate(_list(obj.get("venues", []), f"{path}.venues")))
    return Meeting(_int(obj.get("minutes", 60), f"{path}.minutes", 1, 24 * 60),
                   frozenset(roles), (low, high), venues)


def _meeting_programme(trip: Programme, meeting: Meeting,
                       term: tuple[dt.date, dt.date]) -> Programme:
    """One meeting per trip, in order, with the trip's people of the meeting's roles."""
    low, high = meeting.days_before
    return Programme(
        id=f"{trip.id}.meeting", kind=PLANNING_MEETING, sessions=trip.sessions,
        cadence=Cadence("none"), minutes=meeting.minutes, days=0,
        roles=tuple(r for r in trip.roles if r in meeting.roles), staff_pool=trip.staff_pool,
        same_staff=False, same_slot=False, participants=(), venues=meeting.venues,
        earliest=max(term[0], trip.earliest - dt.timedelta(days=high)),
        latest=max(term[0], trip.latest - dt.timedelta(days=low)))


def _range(obj: Mapping, path: str, term: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    earliest = _date(obj["earliest"], f"{path}.earliest") if obj.get("earliest") else term[0]
    latest = _date(obj["latest"], f"{path}.latest") if obj.get("latest") else term[1]
    if latest < earliest:
        raise SpecError(f"{path}.latest", "latest is before earliest")
    return max(earliest, term[0]), min(latest, term[1])


def _cadence(v: Any, path: str, sessions: int) -> Cadence:
    if v is None:
        return Cadence("none")
    obj = _object(v, path)
    forms = [name for name in ("weekly", "monthly", "min_gap_days") if name in obj]
    if len(forms) != 1:
        raise SpecError(path, 'expected {"weekly": k}, {"monthly": k} or '
                              '{"min_gap_days": a, "max_gap_days": b}')
    if forms[0] == "min_gap_days":
        low = _int(obj["min_gap_days"], f"{path}.min_gap_days", 1, 366)
        high = _int(obj.get("max_gap_days"), f"{path}.max_gap_days", low, 366)
        return Cadence("gap", 1, low, high)
    return Cadence(forms[0], _int(obj[forms[0]], f"{path}.{forms[0]}", 1, 52))


def _preferred(v: Any, path: str) -> Preferred:
    obj = _object(v, path)
    days = _strings(obj.get("weekdays", []), f"{path}.weekdays")
    for i, day in enumerate(days):
        if day not in WEEKDAY_NAMES:
            raise SpecError(f"{path}.weekdays[{i}]", f"expected one of {', '.join(WEEKDAY_NAMES)}")
    between = obj.get("start_between")
    window = None if between is None else _window(between, f"{path}.start_between", strict=False)
    return Preferred(frozenset(WEEKDAY_NAMES.index(d) for d in days), window)


def _pin(v: Any, path: str, programmes: Mapping[str, Programme],
         staff: Mapping[str, Staff], venues: Mapping[str, Venue]) -> Pin:
    obj = _object(v, path)
    prog = programmes[_ref(obj.get("programme"), f"{path}.programme", programmes, "programme")]
    n = _int(obj.get("n"), f"{path}.n", 1, prog.sessions)
    start = 0 if prog.is_camp else _clock(obj.get("start"), f"{path}.start")
    venue = obj.get("venue")
    if venue is not None:
        _ref(venue, f"{path}.venue", venues, "venue")
    people = tuple(_ref(s, f"{path}.staff[{i}]", staff, "staff member")
                   for i, s in enumerate(_list(obj.get("staff", []), f"{path}.staff")))
    return Pin(prog.id, n, _date(obj.get("date"), f"{path}.date"), start, venue, people)


def _previous(v: Any, path: str, programmes: Mapping[str, Programme]):
    """A session of the timetable being re-solved; one of a programme since gone is ignored."""
    obj = _object(v, path)
    day = _date(obj.get("date"), f"{path}.date")
    prog = programmes.get(obj.get("programme"))
    if prog is None or not isinstance(obj.get("n"), int) or not 1 <= obj["n"] <= prog.sessions:
        return None, None
    start = 0 if prog.is_camp else _clock(obj.get("start"), f"{path}.start")
    return (prog.id, obj["n"]), (day, start)


def _options(v: Any) -> Options:
    obj = _object(v, "$.options")
    grid = _int(obj.get("grid_minutes", 30), "$.options.grid_minutes", 5, 120)
    if (24 * 60) % grid:
        raise SpecError("$.options.grid_minutes", "must divide a day (5, 10, 15, 30, 60, ...)")
    return Options(
        time_limit=_number(obj.get("time_limit", 30), "$.options.time_limit", 0.1),
        seed=_int(obj.get("seed", 0), "$.options.seed", 0),
        grid_minutes=grid,
        relative_gap=_number(obj.get("relative_gap", 0.0), "$.options.relative_gap", 0.0),
        workers=_int(obj.get("workers", 2), "$.options.workers", 1, 64))


# --- scalar fields ----------------------------------------------------------


def _weekly(v: Any, path: str) -> Weekly:
    if v is None:
        return None
    obj = _object(v, path)
    weekly: dict[int, tuple[Window, ...]] = {}
    for name, windows in obj.items():
        if name not in WEEKDAY_NAMES:
            raise SpecError(f"{path}.{name}", f"expected a weekday: {', '.join(WEEKDAY_NAMES)}")
        items = _list(windows, f"{path}.{name}")
        weekly[WEEKDAY_NAMES.index(name)] = tuple(
            _window(w, f"{path}.{name}[{i}]") for i, w in enumerate(items))
    return weekly


def _window(v: Any, path: str, names: tuple[str, str] | None = None,
            strict: bool = True) -> Window:
    """``["HH:MM", "HH:MM"]`` as minutes; ``strict`` wants start < end."""
    pair = _list(v, path)
    if len(pair) != 2:
        raise SpecError(path, 'expected ["HH:MM", "HH:MM"]')
    where = [f"{path}.{n}" for n in names] if names else [f"{path}[0]", f"{path}[1]"]
    start, end = _clock(pair[0], where[0]), _clock(pair[1], where[1])
    if end < start or (strict and end == start):
        raise SpecError(where[1], "the end is not after the start")
    return start, end


def _clock(v: Any, path: str) -> int:
    if not isinstance(v, str) or len(v) != 5 or v[2] != ":" or not (v[:2] + v[3:]).isdigit():
        raise SpecError(path, 'expected a clock time "HH:MM"')
    hours, minutes = int(v[:2]), int(v[3:])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise SpecError(path, f"not a clock time: {v}")
    return hours * 60 + minutes


def _date(v: Any, path: str) -> dt.date:
    if isinstance(v, str) and len(v) == 10:
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise SpecError(path, 'expected a date "YYYY-MM-DD"')


def _timezone(v: Any) -> str:
    try:
        zoneinfo.ZoneInfo(v)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise SpecError("$.timezone", "expected an IANA time zone such as Europe/Moscow") from None
    return v


def _int(v: Any, path: str, low: int = 0, high: int = 10**9) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
        raise SpecError(path, f"expected a whole number between {low} and {high}")
    return v


def _number(v: Any, path: str, low: float) -> float:
    if not _is_number(v) or v < low:
        raise SpecError(path, f"expected a number >= {low}")
    return float(v)


def _is_number(v: Any) -> bool:
    return is_real(v)


def _bool(v: Any, path: str) -> bool:
    if not isinstance(v, bool):
        raise SpecError(path, "expected true or false")
    return v


def _object(v: Any, path: str) -> Mapping:
    if not isinstance(v, Mapping):
        raise SpecError(path, "expected an object")
    return v


def _list(v: Any, path: str) -> list:
    if not isinstance(v, list):
        raise SpecError(path, "expected a list")
    return v


def _strings(v: Any, path: str, allow_empty: bool = True) -> list[str]:
    items = _list(v, path)
    if not items and not allow_empty:
        raise SpecError(path, "expected at least one entry")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise SpecError(f"{path}[{i}]", "expected a non-empty string")
    return items


def _id(obj: Mapping, path: str) -> str:
    value = obj.get("id")
    if not isinstance(value, str) or not value:
        raise SpecError(f"{path}.id", "expected a non-empty string")
    return value


def _ref(v: Any, path: str, known: Mapping[str, Any], what: str) -> str:
    if not isinstance(v, str) or v not in known:
        raise SpecError(path, f"unknown {what}: {v!r}")
    return v


def _items(obj: Mapping, name: str, path: str, parse: Callable[[Any, str], Any]) -> list:
    """Parse every entry of the optional list ``obj[name]``."""
    where = f"{path}.{name}"
    return [parse(v, f"{where}[{i}]") for i, v in enumerate(_list(obj.get(name, []), where))]


def _by_id(obj: Mapping, name: str, parse: Callable[[Any, str], Any]) -> dict:
    items = _items(obj, name, "$", parse)
    _unique([item.id for item in items], f"$.{name}", ".id")
    return {item.id: item for item in items}


def _unique(keys: list, path: str, suffix: str = "") -> None:
    seen = set()
    for i, k in enumerate(keys):
        if k in seen:
            raise SpecError(f"{path}[{i}]{suffix}", f"{k!r} is listed twice")
        seen.add(k)
