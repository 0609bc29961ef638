"""The weekly brigade problem as plain data (spec section 1, parsed).

Clock times are whole minutes after midnight of their date; dates stay ISO
strings and keep the order of the request's ``dates``. A route is one vehicle
on one date, named by ``RouteKey``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from planner.optimize.travel import Point, TravelModel

Window = tuple[int, int]
RouteKey = tuple[str, str]  # (vehicle id, date)
ANY_TIME: tuple[Window, ...] = ((0, 24 * 60),)


@dataclass(frozen=True)
class Depot:
    """A base the brigades leave from and return to."""

    id: str
    location: Point


@dataclass(frozen=True)
class Staff:
    """A person who can ride a route; ``availability`` maps a date to its work intervals."""

    id: str
    roles: frozenset[str]
    agency: str
    depot: str
    availability: dict[str, tuple[Window, ...]]


@dataclass(frozen=True)
class Vehicle:
    """A vehicle of a depot; ``crews`` fixes the crew of some dates.

    ``roster`` holds the standing crews of a request with ``options.free_crews``:
    a start the planner may change, not a rule.
    """

    id: str
    depot: str
    seats: int
    capacity: int
    availability: dict[str, tuple[Window, ...]]
    max_drive_minutes: int
    cost_per_km: float
    fixed_cost: float
    crews: dict[str, tuple[str, ...]]
    roster: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Pin:
    """Where a pinned visit must be served; ``start`` is optional."""

    date: str
    vehicle: str
    start: int | None = None


@dataclass(frozen=True)
class Visit:
    """A home visit to serve at most once; ``roles`` is a multiset (a tuple)."""

    id: str
    location: Point
    duration: int
    roles: tuple[str, ...]
    dates: tuple[str, ...]
    time_windows: tuple[Window, ...]
    priority: int
    mandatory: bool = False
    amount: int = 0
    preferred_staff: tuple[str, ...] = ()
    required_staff: tuple[str, ...] = ()
    pinned: Pin | None = None
    done: bool = False
    outside_week: bool = False  # it named dates, none of them in the week
    place: str = ""  # the settlement (spec 1.1); empty: the visit's own location is its place

    @property
    def site(self) -> str:
        """The place its calls are grouped by: ``place``, or its own location when none is given."""
        return self.place or f"{self.location[0]:.6f},{self.location[1]:.6f}"

    def as_pinned(self) -> Visit:
        """This visit with its pinned start as its only window (none if the start breaks its windows)."""
        if self.pinned is None or self.pinned.start is None:
            return self
        slot = (self.pinned.start, self.pinned.start + self.duration)
        inside = any(a <= slot[0] and slot[1] <= b for a, b in self.time_windows)
        return replace(self, time_windows=(slot,) if inside else ())


@dataclass(frozen=True)
class Lunch:
    """A break of ``minutes`` starting between ``earliest`` and ``latest``."""

    earliest: int
    latest: int
    minutes: int


@dataclass(frozen=True)
class BaseStop:
    """A stop of the previous plan that re-planning starts from."""

    visit: str
    vehicle: str
    date: str
    start: int
    end: int
    staff: tuple[str, ...]


@dataclass(frozen=True)
class BasePlan:
    """The previous plan: its crews and its stops by visit."""

    crews: dict[RouteKey, tuple[str, ...]]
    stops: dict[str, BaseStop]


@dataclass(frozen=True)
class Options:
    """Solver settings and the re-planning inputs."""

    time_limit: float = 30.0
    seed: int = 0
    base_plan: BasePlan | None = None
    change_penalty: float = 0.0
    shift_tolerance: int = 30
    parallel_service: bool = False  # spec 1.1: the crew may split up inside a call
    walk_minutes: int = 5
    repeatable: bool = False  # bound work, not time (``engines.portfolio``)
    free_crews: bool = False  # ``vehicles[].crews`` are a start, not fixed (``Vehicle.roster``)


@dataclass(frozen=True)
class Problem:
    """A whole weekly plan request."""

    dates: tuple[str, ...]
    depots: dict[str, Depot]
    staff: dict[str, Staff]
    vehicles: dict[str, Vehicle]
    visits: dict[str, Visit]
    lunch: Lunch | None
    options: Options
    travel: TravelModel
    timezone: str = "Europe/Moscow"

    def day(self, date: str) -> int:
        """Index of ``date`` in the week (routing counts time from the first date)."""
        return self.dates.index(date)


@dataclass(frozen=True)
class CrewedRoute:
    """A route the solver may use: a vehicle on a date with its crew and working span."""

    vehicle: Vehicle
    date: str
    day: int
    crew: tuple[str, ...]
    span: Window

    @property
    def key(self) -> RouteKey:
        return (self.vehicle.id, self.date)
