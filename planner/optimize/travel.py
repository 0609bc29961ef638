"""Travel between points: minutes and metres, behind one interface.

Two sources, as the spec allows:

- the **road model**: ellipsoidal (WGS-84) geodesic distance × a detour factor,
  driven at a speed. Rural roads wind and are slow, so the defaults are 45 km/h
  and 1.35; a district (or any single location) may carry its own speed and
  detour, and a trip between two places uses the mean of their two profiles so
  that travel stays symmetric;
- an **explicit matrix** (the request's ``matrix``: a road router's table, a
  spreadsheet of measured times), looked up by location.

The geodesic uses the Andoyer-Lambert formula vectorised with numpy: it agrees
with geopy's Karney geodesic to a few metres over a region (tests check it), and
a 1,000-point matrix takes milliseconds instead of the minute that 500,000 calls
to geopy would take. Matrices are cached per point set, so one plan computes
each one once.

Minutes are rounded up (a stop never gets less time than the road needs, and
the triangle inequality survives rounding); metres are rounded to the nearest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from planner.optimize.errors import SpecError
from planner.optimize.numbers import is_real

Point = tuple[float, float]

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563


@dataclass(frozen=True)
class RoadProfile:
    """How fast and how winding the roads of a place are."""

    speed_kmh: float = 45.0
    detour: float = 1.35


@dataclass(frozen=True)
class TravelMatrix:
    """Minutes and metres between every pair of ``points`` (row = from)."""

    points: tuple[Point, ...]
    minutes: list[list[int]]
    meters: list[list[int]]

    @cached_property
    def rows(self) -> dict[Point, int]:
        """Row of each point."""
        return {p: i for i, p in enumerate(self.points)}

    def index(self, point: Point) -> int:
        """Row of ``point`` (KeyError when it is not in the matrix)."""
        return self.rows[key(point)]


def key(point: Sequence[float]) -> Point:
    """A hashable location; 7 decimals of a degree are about a centimetre."""
    return (round(float(point[0]), 7), round(float(point[1]), 7))


def geodesic_meters(origins: Sequence[Point], targets: Sequence[Point]) -> np.ndarray:
    """Ellipsoidal distances in metres, ``len(origins) × len(targets)``."""
    lat1, lon1 = _radians(origins)
    lat2, lon2 = _radians(targets)
    b1 = np.arctan((1 - WGS84_F) * np.tan(lat1))[:, None]
    b2 = np.arctan((1 - WGS84_F) * np.tan(lat2))[None, :]
    dlon = lon2[None, :] - lon1[:, None]
    hav = np.sin((b2 - b1) / 2) ** 2 + np.cos(b1) * np.cos(b2) * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(hav, 0.0, 1.0)))
    p, q = (b1 + b2) / 2, (b2 - b1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * np.sin(p) ** 2 * np.cos(q) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * np.cos(p) ** 2 * np.sin(q) ** 2 / np.sin(sigma / 2) ** 2
        dist = WGS84_A * (sigma - WGS84_F / 2 * (x + y))
    return np.where(sigma > 0, dist, 0.0)


class TravelModel:
    """Minutes and metres between points, from the road model or a matrix."""

    def __init__(self, default: RoadProfile = RoadProfile(),
                 profiles: Mapping[Point, RoadProfile] | None = None,
                 table: TravelMatrix | None = None) -> None:
        self.default = default
        self.profiles = {key(p): prof for p, prof in (profiles or {}).items()}
        self.table = table
        self._cache: dict[tuple[Point, ...], TravelMatrix] = {}

    @classmethod
    def from_request(cls, request: Mapping) -> TravelModel:
        """The model a request asks for: its ``matrix`` if any, else its ``travel``."""
        default, profiles = _profiles_from_spec(request.get("travel"))
        table = _table_from_spec(request["matrix"]) if request.get("matrix") is not None else None
        return cls(default, profiles, table)

    def knows(self, point: Point) -> bool:
        """False only when an explicit matrix lacks ``point``."""
        return self.table is None or key(point) in self.table.rows

    def matrix(self, points: Sequence[Point]) -> TravelMatrix:
        """The matrix over ``points`` (in that order), computed once per point set."""
        pts = tuple(key(p) for p in points)
        if pts not in self._cache:
            self._cache[pts] = self._sub_table(pts) if self.table else self._road_matrix(pts)
        return self._cache[pts]

    def minutes(self, a: Point, b: Point) -> int:
        """Driving minutes from ``a`` to ``b``."""
        return self.matrix((a, b)).minutes[0][1]

    def meters(self, a: Point, b: Point) -> int:
        """Road metres from ``a`` to ``b``."""
        return self.matrix((a, b)).meters[0][1]

    def _road_matrix(self, pts: tuple[Point, ...]) -> TravelMatrix:
        profs = [self.profiles.get(p, self.default) for p in pts]
        detour = np.array([pr.detour for pr in profs])
        speed = np.array([pr.speed_kmh for pr in profs])
        road = geodesic_meters(pts, pts) * (detour[:, None] + detour[None, :]) / 2
        mps = (speed[:, None] + speed[None, :]) / 2 / 3.6
        minutes = np.ceil(road / mps / 60 - 1e-9).astype(int)
        return TravelMatrix(pts, _rows(minutes), _rows(np.rint(road).astype(int)))

    def _sub_table(self, pts: tuple[Point, ...]) -> TravelMatrix:
        idx = [self.table.index(p) for p in pts]
        minutes = [[self.table.minutes[i][j] for j in idx] for i in idx]
        meters = [[self.table.meters[i][j] for j in idx] for i in idx]
        return TravelMatrix(pts, minutes, meters)


def parse_point(value, path: str) -> Point:
    """A ``[lat, lon]`` pair of the spec, or SpecError naming ``path``."""
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(is_real(v) for v in value)):
        raise SpecError(path, "expected [lat, lon] as two numbers")
    lat, lon = float(value[0]), float(value[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise SpecError(path, f"coordinates out of range: [{lat}, {lon}]")
    return key((lat, lon))


def _profiles_from_spec(travel) -> tuple[RoadProfile, dict[Point, RoadProfile]]:
    """``travel`` = {speed_kmh, detour, overrides: [{location, speed_kmh, detour}]}."""
    if travel is None:
        return RoadProfile(), {}
    if not isinstance(travel, Mapping):
        raise SpecError("$.travel", "expected an object")
    default = _profile(travel, "$.travel", RoadProfile())
    overrides = travel.get("overrides", [])
    if not isinstance(overrides, list):
        raise SpecError("$.travel.overrides", "expected a list")
    profiles = {}
    for i, item in enumerate(overrides):
        path = f"$.travel.overrides[{i}]"
        if not isinstance(item, Mapping):
            raise SpecError(path, "expected an object")
        profiles[parse_point(item.get("location"), f"{path}.location")] = _profile(item, path, default)
    return default, profiles


def _profile(obj: Mapping, path: str, base: RoadProfile) -> RoadProfile:
    speed = obj.get("speed_kmh", base.speed_kmh)
    detour = obj.get("detour", base.detour)
    if not _number(speed) or not 1 <= speed <= 200:
        raise SpecError(f"{path}.speed_kmh", "expected a speed between 1 and 200 km/h")
    if not _number(detour) or not 1 <= detour <= 5:
        raise SpecError(f"{path}.detour", "expected a detour factor between 1 and 5")
    return RoadProfile(float(speed), float(detour))


def _table_from_spec(matrix) -> TravelMatrix:
    if not isinstance(matrix, Mapping):
        raise SpecError("$.matrix", "expected an object")
    locs = matrix.get("locations")
    if not isinstance(locs, list) or not locs:
        raise SpecError("$.matrix.locations", "expected a non-empty list of [lat, lon]")
    points = tuple(parse_point(p, f"$.matrix.locations[{i}]") for i, p in enumerate(locs))
    if len(set(points)) != len(points):
        raise SpecError("$.matrix.locations", "a location is listed twice")
    return TravelMatrix(points, _square(matrix, "minutes", len(points)),
                        _square(matrix, "meters", len(points)))


def _square(matrix: Mapping, name: str, n: int) -> list[list[int]]:
    rows = matrix.get(name)
    path = f"$.matrix.{name}"
    if not isinstance(rows, list) or len(rows) != n:
        raise SpecError(path, f"expected {n} rows, one per location")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != n:
            raise SpecError(f"{path}[{i}]", f"expected {n} numbers")
        for j, v in enumerate(row):
            if not _number(v) or v < 0:
                raise SpecError(f"{path}[{i}][{j}]", "expected a number >= 0")
        out.append([int(math.ceil(v)) if name == "minutes" else int(round(v)) for v in row])
    return out


def _number(v) -> bool:
    return is_real(v)


def _radians(points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
    arr = np.radians(np.asarray(points, dtype=float).reshape(-1, 2))
    return arr[:, 0], arr[:, 1]


def _rows(arr: np.ndarray) -> list[list[int]]:
    return arr.tolist()


