"""Reading a plan request (spec section 1) into the dataclasses of ``domain``.

Every refusal is a ``SpecError`` whose JSON path points at the offending field,
so the person who wrote the request can find it. Unknown fields are ignored,
as the spec promises. References must resolve (a crew naming an unknown
person is an error); a visit whose allowed dates all fall outside the week is
not an error, it simply cannot be served this week.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace

from planner.optimize.brigade.domain import (
    ANY_TIME, BasePlan, BaseStop, Depot, Lunch, Options, Pin, Problem, Staff, Vehicle, Visit, Window,
)
from planner.optimize.errors import SpecError
from planner.optimize.numbers import is_real
from planner.optimize.travel import TravelModel, parse_point

DAY = 24 * 60
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def parse(request) -> Problem:
    """The problem a request describes, or ``SpecError`` naming the bad field."""
    req = _obj(request, "$")
    if "version" in req and req["version"] != 1:
        raise SpecError("$.version", "only version 1 is understood")
    dates = _dates(req.get("dates"), "$.dates")
    depots = _by_id(req.get("depots"), "$.depots", lambda o, p: Depot(o["id"], parse_point(o.get("location"), f"{p}.location")))
    if not depots:
        raise SpecError("$.depots", "at least one depot is needed")
    staff = _by_id(req.get("staff", []), "$.staff", lambda o, p: _staff(o, p, dates, depots))
    vehicles = _by_id(req.get("vehicles", []), "$.vehicles", lambda o, p: _vehicle(o, p, dates, depots, staff))
    visits = _by_id(req.get("visits", []), "$.visits", lambda o, p: _visit(o, p, dates, staff, vehicles))
    travel = TravelModel.from_request(req)
    _check_matrix_covers(travel, depots, visits)
    options = _options(req.get("options"), dates)
    if options.free_crews:
        vehicles = {k: replace(v, crews={}, roster=v.crews) for k, v in vehicles.items()}
    return Problem(
        dates=dates, depots=depots, staff=staff, vehicles=vehicles, visits=visits,
        lunch=_lunch(req.get("lunch")), options=options,
        travel=travel, timezone=_str(req.get("timezone", "Europe/Moscow"), "$.timezone"),
    )


def clock(minutes: int) -> str:
    """``HH:MM`` of a minute of the day."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_clock(value, path: str) -> int:
    """Minutes after midnight of an ``HH:MM`` string (``24:00`` is the day's end)."""
    match = _CLOCK.match(value) if isinstance(value, str) else None
    minutes = int(match[1]) * 60 + int(match[2]) if match else -1
    if not 0 <= minutes <= DAY:
        raise SpecError(path, f"expected a clock time HH:MM, got {value!r}")
    return minutes


def _staff(o: Mapping, path: str, dates, depots) -> Staff:
    roles = _str_list(o.get("roles"), f"{path}.roles")
    if not roles:
        raise SpecError(f"{path}.roles", "a person needs at least one role")
    return Staff(o["id"], frozenset(roles), _str(o.get("agency", ""), f"{path}.agency"),
                 _ref(o.get("depot"), depots, f"{path}.depot"),
                 _availability(o.get("availability", {}), f"{path}.availability", dates))


def _vehicle(o: Mapping, path: str, dates, depots, staff) -> Vehicle:
    crews = _obj(o.get("crews", {}), f"{path}.crews")
    fixed = {}
    for date, ids in crews.items():
        cpath = f'{path}.crews["{date}"]'
        _date(date, cpath)
        names = _str_list(ids, cpath)
        for i, sid in enumerate(names):
            _ref(sid, staff, f"{cpath}[{i}]")
        if len(set(names)) != len(names):
            raise SpecError(cpath, "a person is listed twice")
        if date in dates:
            fixed[date] = tuple(names)
    return Vehicle(
        id=o["id"], depot=_ref(o.get("depot"), depots, f"{path}.depot"),
        seats=_int(o.get("seats"), f"{path}.seats", 1, 100),
        capacity=_int(o.get("capacity", 10**6), f"{path}.capacity", 0, 10**9),
        availability=_availability(o.get("availability", {}), f"{path}.availability", dates),
        max_drive_minutes=_int(o.get("max_drive_minutes", DAY), f"{path}.max_drive_minutes", 0, DAY),
        cost_per_km=_num(o.get("cost_per_km", 1.0), f"{path}.cost_per_km"),
        fixed_cost=_num(o.get("fixed_cost", 0.0), f"{path}.fixed_cost"),
        crews=fixed,
    )


def _visit(o: Mapping, path: str, dates, staff, vehicles) -> Visit:
    roles = _str_list(o.get("roles", []), f"{path}.roles")
    named = _dates(o["dates"], f"{path}.dates") if "dates" in o else dates
    allowed = tuple(d for d in dates if d in named)
    windows = _windows(o["time_windows"], f"{path}.time_windows") if "time_windows" in o else ANY_TIME
    if not windows:
        raise SpecError(f"{path}.time_windows", "give at least one window or leave the field out")
    required = _str_list(o.get("required_staff", []), f"{path}.required_staff")
    for i, sid in enumerate(required):
        _ref(sid, staff, f"{path}.required_staff[{i}]")
    return Visit(
        id=o["id"], location=parse_point(o.get("location"), f"{path}.location"),
        duration=_int(o.get("duration"), f"{path}.duration", 1, DAY),
        roles=tuple(roles), dates=allowed, time_windows=windows,
        priority=_int(o.get("priority", 1), f"{path}.priority", 1, 100),
        mandatory=_bool(o.get("mandatory", False), f"{path}.mandatory"),
        amount=_int(o.get("amount", 0), f"{path}.amount", 0, 10**9),
        preferred_staff=tuple(_str_list(o.get("preferred_staff", []), f"{path}.preferred_staff")),
        required_staff=tuple(required),
        pinned=_pin(o["pinned"], f"{path}.pinned", dates, vehicles) if o.get("pinned") else None,
        done=_bool(o.get("done", False), f"{path}.done"),
        outside_week=not allowed,
        place=_str(o.get("place", ""), f"{path}.place"),
    )


def _pin(o, path: str, dates, vehicles) -> Pin:
    o = _obj(o, path)
    date = _date(o.get("date"), f"{path}.date")
    if date not in dates:
        raise SpecError(f"{path}.date", f"{date} is not one of $.dates")
    start = parse_clock(o["start"], f"{path}.start") if o.get("start") is not None else None
    return Pin(date, _ref(o.get("vehicle"), vehicles, f"{path}.vehicle"), start)


def _lunch(o) -> Lunch | None:
    if o is None:
        return None
    o = _obj(o, "$.lunch")
    earliest = parse_clock(o.get("earliest"), "$.lunch.earliest")
    latest = parse_clock(o.get("latest"), "$.lunch.latest")
    if latest < earliest:
        raise SpecError("$.lunch.latest", "is before earliest")
    return Lunch(earliest, latest, _int(o.get("minutes"), "$.lunch.minutes", 1, 240))


def _options(o, dates) -> Options:
    if o is None:
        return Options()
    o = _obj(o, "$.options")
    limit = _num(o.get("time_limit", 30), "$.options.time_limit")
    if limit <= 0:
        raise SpecError("$.options.time_limit", "expected a positive number of seconds")
    base = o.get("base_plan")
    return Options(
        time_limit=float(limit), seed=_int(o.get("seed", 0), "$.options.seed", 0, 2**31 - 1),
        base_plan=_base_plan(base, "$.options.base_plan", dates) if base is not None else None,
        change_penalty=_num(o.get("change_penalty", 0), "$.options.change_penalty"),
        shift_tolerance=_int(o.get("shift_tolerance", 30), "$.options.shift_tolerance", 0, DAY),
        parallel_service=_bool(o.get("parallel_service", False), "$.options.parallel_service"),
        walk_minutes=_int(o.get("walk_minutes", 5), "$.options.walk_minutes", 0, 240),
        repeatable=_bool(o.get("repeatable", False), "$.options.repeatable"),
        free_crews=_bool(o.get("free_crews", False), "$.options.free_crews"),
    )


def _base_plan(o, path: str, dates) -> BasePlan:
    """The previous answer; routes of dates outside the week are dropped."""
    routes = _list(_obj(o, path).get("routes", []), f"{path}.routes")
    crews, stops = {}, {}
    for i, r in enumerate(routes):
        rpath = f"{path}.routes[{i}]"
        r = _obj(r, rpath)
        vehicle, date = _str(r.get("vehicle"), f"{rpath}.vehicle"), _date(r.get("date"), f"{rpath}.date")
        crews[(vehicle, date)] = tuple(_str_list(r.get("crew", []), f"{rpath}.crew"))
        for j, s in enumerate(_list(r.get("stops", []), f"{rpath}.stops")):
            spath = f"{rpath}.stops[{j}]"
            s = _obj(s, spath)
            visit = _str(s.get("visit"), f"{spath}.visit")
            stops[visit] = BaseStop(visit, vehicle, date, parse_clock(s.get("start"), f"{spath}.start"),
                                    parse_clock(s.get("end"), f"{spath}.end"),
                                    tuple(_str_list(s.get("staff", []), f"{spath}.staff")))
    return BasePlan({k: v for k, v in crews.items() if k[1] in dates},
                    {k: v for k, v in stops.items() if v.date in dates})


def _check_matrix_covers(travel: TravelModel, depots, visits) -> None:
    for kind, items in (("depots", depots), ("visits", visits)):
        for i, item in enumerate(items.values()):
            if not travel.knows(item.location):
                raise SpecError(f"$.{kind}[{i}].location", "is not one of $.matrix.locations")


def _by_id(items, path: str, make) -> dict:
    out = {}
    for i, o in enumerate(_list(items, path)):
        ipath = f"{path}[{i}]"
        o = _obj(o, ipath)
        oid = _str(o.get("id"), f"{ipath}.id")
        if not oid:
            raise SpecError(f"{ipath}.id", "expected a non-empty id")
        if oid in out:
            raise SpecError(f"{ipath}.id", f"duplicate id {oid!r}")
        out[oid] = make(o, ipath)
    return out


def _availability(o, path: str, dates) -> dict[str, tuple[Window, ...]]:
    o = _obj(o, path)
    out = {}
    for date, windows in o.items():
        _date(date, f'{path}["{date}"]')
        parsed = _windows(windows, f'{path}["{date}"]')
        if date in dates and parsed:
            out[date] = parsed
    return out


def _windows(value, path: str) -> tuple[Window, ...]:
    out = []
    for i, w in enumerate(_list(value, path)):
        if not isinstance(w, list) or len(w) != 2:
            raise SpecError(f"{path}[{i}]", 'expected ["HH:MM", "HH:MM"]')
        start, end = parse_clock(w[0], f"{path}[{i}][0]"), parse_clock(w[1], f"{path}[{i}][1]")
        if end <= start:
            raise SpecError(f"{path}[{i}][1]", "ends before it starts")
        out.append((start, end))
    return tuple(sorted(out))


def _dates(value, path: str) -> tuple[str, ...]:
    out = tuple(_date(d, f"{path}[{i}]") for i, d in enumerate(_list(value, path)))
    if len(set(out)) != len(out):
        raise SpecError(path, "a date is listed twice")
    if path == "$.dates" and not out:
        raise SpecError(path, "at least one date is needed")
    return out


def _date(value, path: str) -> str:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise SpecError(path, f"expected a date YYYY-MM-DD, got {value!r}")


def _ref(value, table: Mapping, path: str) -> str:
    if not isinstance(value, str) or value not in table:
        raise SpecError(path, f"unknown id {value!r}")
    return value


def _obj(value, path: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise SpecError(path, "expected an object")
    return value


def _list(value, path: str) -> list:
    if not isinstance(value, list):
        raise SpecError(path, "expected a list")
    return value


def _str(value, path: str) -> str:
    if not isinstance(value, str):
        raise SpecError(path, "expected a string")
    return value


def _str_list(value, path: str) -> list[str]:
    return [_str(v, f"{path}[{i}]") for i, v in enumerate(_list(value, path))]


def _int(value, path: str, lo: int, hi: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise SpecError(path, f"expected a whole number from {lo} to {hi}, got {value!r}")
    return value


def _num(value, path: str) -> float:
    if not is_real(value) or value < 0:
        raise SpecError(path, f"expected a number >= 0, got {value!r}")
    return float(value)


def _bool(value, path: str) -> bool:
    if not isinstance(value, bool):
        raise SpecError(path, "expected true or false")
    return value
