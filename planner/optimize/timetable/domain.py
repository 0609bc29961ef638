"""The term timetable problem as plain data (spec section 2, parsed).

Times are minutes after midnight, dates are ``datetime.date``; weekly hours map
a weekday number (Monday = 0) to its intervals. ``None`` for weekly hours means
"no restriction" (an online room, a person whose hours the request omits).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.optimize.travel import TravelModel

Window = tuple[int, int]
"""A clock interval in minutes after midnight, ``start < end``."""

Weekly = dict[int, tuple[Window, ...]] | None

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY = 24 * 60
EXPEDITION = "expedition"
"""The kind of the programme a series of expedition trips becomes (it needs no venue)."""
PLANNING_MEETING = "planning_meeting"


@dataclass(frozen=True)
class Cadence:
    """``weekly`` / ``monthly`` every ``k`` periods, ``gap`` in days, or ``none``."""

    kind: str
    k: int = 1
    min_gap: int = 1
    max_gap: int = 366


@dataclass(frozen=True)
class Staff:
    id: str
    roles: frozenset[str]
    weekly: Weekly
    absent: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Busy:
    """A block of a staff member's time taken by something else."""

    staff: str
    date: dt.date
    start: int
    end: int


@dataclass(frozen=True)
class Venue:
    id: str
    location: tuple[float, float] | None
    capacity: int
    weekly: Weekly
    online: bool = False


@dataclass(frozen=True)
class Family:
    id: str
    location: tuple[float, float]
    people: int


@dataclass(frozen=True)
class Preferred:
    weekdays: frozenset[int] = frozenset()
    start_between: Window | None = None

    @property
    def stated(self) -> bool:
        return bool(self.weekdays) or self.start_between is not None


@dataclass(frozen=True)
class Programme:
    """A cycle of ``sessions`` meetings; a camp (``days`` > 0) takes whole days."""

    id: str
    kind: str
    sessions: int
    cadence: Cadence
    minutes: int
    days: int
    roles: tuple[str, ...]
    staff_pool: tuple[str, ...]
    same_staff: bool
    same_slot: bool
    participants: tuple[str, ...]
    venues: tuple[str, ...]
    earliest: dt.date
    latest: dt.date
    preferred: Preferred = field(default_factory=Preferred)

    @property
    def is_camp(self) -> bool:
        return self.days > 0

    @property
    def is_trip(self) -> bool:
        """An expedition's trips: on the road all day, in no venue."""
        return self.kind == EXPEDITION

    def role_counts(self) -> dict[str, int]:
        """How many distinct people each role needs ("social_worker" twice -> 2)."""
        counts: dict[str, int] = {}
        for role in self.roles:
            counts[role] = counts.get(role, 0) + 1
        return counts


@dataclass(frozen=True)
class Vehicle:
    """A car an expedition takes; one trip at a time, never on an ``absent`` date."""

    id: str
    absent: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Meeting:
    """The planning meeting before each trip: the trip's people with ``roles`` meet
    ``days_before[0]``..``days_before[1]`` days before it, in one of ``venues``."""

    minutes: int
    roles: frozenset[str]
    days_before: tuple[int, int]
    venues: tuple[str, ...]


@dataclass(frozen=True)
class Expedition:
    """A series of interagency trips, one district after another in turn.

    Trip ``n`` goes to ``districts[(n - 1) % len(districts)]``; its programme
    (id ``id``, kind ``expedition``) carries dates, times and people, the
    meeting programme (``meeting_id``) the planning meeting before each trip.
    ``reception`` maps a district to the venue where families of nearby
    villages are received: a trip there must leave ``reception_minutes``
    inside the venue's hours.
    """

    id: str
    districts: tuple[str, ...]
    vehicle: str
    reception: dict[str, str]
    reception_minutes: int
    meeting: Meeting | None

    @property
    def meeting_id(self) -> str:
        return f"{self.id}.meeting"

    def district(self, n: int) -> str:
        return self.districts[(n - 1) % len(self.districts)]


@dataclass(frozen=True)
class Pin:
    """A session placed by hand: kept exactly as it is when the rest is re-solved."""

    programme: str
    n: int
    date: dt.date
    start: int
    venue: str | None
    staff: tuple[str, ...]


@dataclass(frozen=True)
class Options:
    time_limit: float = 30.0
    seed: int = 0
    grid_minutes: int = 30
    relative_gap: float = 0.0
    workers: int = 2


@dataclass(frozen=True)
class TermRequest:
    timezone: str
    start: dt.date
    end: dt.date
    closed_dates: frozenset[dt.date]
    staff: dict[str, Staff]
    busy: tuple[Busy, ...]
    venues: dict[str, Venue]
    families: dict[str, Family]
    programmes: tuple[Programme, ...]
    pins: tuple[Pin, ...] = ()
    options: Options = field(default_factory=Options)
    travel: TravelModel = field(default_factory=TravelModel)
    previous: dict[tuple[str, int], tuple[dt.date, int]] = field(default_factory=dict)
    """Where each session stood in the timetable being re-solved (kept when all else ties)."""
    vehicles: dict[str, Vehicle] = field(default_factory=dict)
    expeditions: tuple[Expedition, ...] = ()

    def days(self) -> list[dt.date]:
        """Every date of the term, closed or not."""
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=i) for i in range(count)]

    def people(self, programme: Programme) -> int:
        """Seats a programme needs: the ``people`` of all its participating families."""
        return sum(self.families[f].people for f in programme.participants)


@dataclass(frozen=True)
class Placement:
    """One placed session: what the answer reports per meeting."""

    programme: str
    n: int
    date: dt.date
    start: int
    venue: str | None
    staff: tuple[str, ...]
    preferred: bool | None = None
