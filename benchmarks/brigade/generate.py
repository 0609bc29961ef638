"""Realistic weekly brigade requests (spec section 1) at three sizes, deterministic per seed.

Modelled on the Tula practice of DOMAIN.md: a base serving four rural
districts (real district centres, invented villages around them), a centre's
staff with a few interagency part-timers (a narcologist of the district
hospital on Tuesdays and Thursdays, a police juvenile inspector, nurses),
vehicles from a Lada Largus to a GAZelle. Visits carry roles, windows,
priorities by family category, aid parcels, a curator as preferred staff, a
few mandatory and pinned visits. Demand is 15-30 % above what the fleet can
serve in the week (checked in ``docs/benchmarks.md``: visits / visits served
by the best plan found). The sizes fix visits per vehicle (20 on S, 42 on M,
56 on L), so each size is its own setting: S a remote centre (villages far
out, long visits), M a centre like the Tula one, L a region's bases in denser
districts (villages near the bases, shorter monitoring visits).

    S: 60 visits, 3 vehicles, 12 staff, 1 depot
    M: 250 visits, 6 vehicles, 30 staff, 1 depot (a centre like the Tula one)
    L: 1000 visits, 18 vehicles, 90 staff, 3 depots
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

DATES = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]
TUE_THU = [DATES[1], DATES[3]]
MON_WED_FRI = [DATES[0], DATES[2], DATES[4]]

# Bases and the real centres of the districts each one serves (lat, lon).
BASES = [
    ("gvardeysky", (54.112, 37.042), [(54.1564, 36.9575), (53.6333, 37.5833), (53.45, 36.9167), (54.0, 37.5167)]),
    ("plavsk", (53.7083, 37.2917), [(53.7083, 37.2917), (53.3567, 37.4847), (53.5217, 37.0561)]),
    ("kimovsk", (53.9697, 38.5375), [(53.9697, 38.5375), (53.8936, 38.0842), (53.6961, 38.3239)]),
]

RADIUS_KM = 12

# (roles, share, minutes) of visit kinds; most are a social worker's home visit.
KINDS = [
    (["social_worker"], 0.50, (30, 50)),
    (["social_worker", "psychologist"], 0.12, (45, 60)),
    (["psychologist"], 0.08, (40, 60)),
    (["social_pedagogue"], 0.06, (30, 45)),
    (["social_worker", "narcologist"], 0.05, (30, 45)),
    (["social_worker", "police_inspector"], 0.05, (20, 40)),
    (["nurse"], 0.05, (20, 30)),
    (["lawyer"], 0.04, (30, 45)),
    (["social_worker", "social_pedagogue"], 0.05, (40, 60)),
]

ABBREV = {"social_worker": "sw", "psychologist": "psy", "social_pedagogue": "ped", "lawyer": "law",
          "narcologist": "narc", "police_inspector": "pdn", "nurse": "nurse"}

# Category of the family: (share, priority range).
CATEGORIES = [(0.35, (60, 95)), (0.35, (30, 65)), (0.2, (40, 80)), (0.1, (10, 40))]


@dataclass(frozen=True)
class Size:
    visits: int
    vehicles: int
    staff: int
    depots: int
    villages: int  # per depot
    pull: float  # where villages lie between the base (0) and their district centre (1)
    minutes: float  # scale of the visits' durations


SIZES = {
    "S": Size(60, 3, 12, 1, 18, 0.8, 1.5),  # a remote centre: far villages, long and rare visits
    "M": Size(250, 6, 30, 1, 70, 0.4, 1.0),  # a centre like the Tula one
    "L": Size(1000, 18, 90, 3, 80, 0.3, 0.8),  # a region's bases in denser districts, monitoring visits
}


def instance(size: str, seed: int = 0, time_limit: float = 30) -> dict:
    """A plan request of ``size`` ("S", "M", "L"); the same seed gives the same request."""
    spec = SIZES[size]
    rng = random.Random(f"brigade-{size}-{seed}")
    bases = BASES[: spec.depots]
    villages = {name: _villages(rng, base, centres, spec.villages, spec.pull) for name, base, centres in bases}
    staff = [p for i, (name, _, _) in enumerate(bases) for p in _staff(rng, name, _share(spec.staff, spec.depots, i))]
    vehicles = [v for i, (name, _, _) in enumerate(bases)
                for v in _vehicles(rng, name, _share(spec.vehicles, spec.depots, i))]
    visits = []
    for i, (name, _, _) in enumerate(bases):
        curators = [p["id"] for p in staff if p["depot"] == name and p["roles"] == ["social_worker"]]
        count = _share(spec.visits, spec.depots, i)
        mine = _visits(rng, villages[name], curators, count, len(visits), spec.minutes)
        _pin_some(rng, mine, [v for v in vehicles if v["depot"] == name])
        visits += mine
    slow = [v for vs in villages.values() for v in vs[: len(vs) // 5]]
    return {
        "version": 1, "timezone": "Europe/Moscow", "dates": DATES,
        "depots": [{"id": name, "location": list(loc)} for name, loc, _ in bases],
        "staff": staff, "vehicles": vehicles, "visits": visits,
        "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 45},
        "travel": {"speed_kmh": 45, "detour": 1.35,
                   "overrides": [{"location": list(p), "speed_kmh": 35, "detour": 1.5} for p in slow]},
        "options": {"time_limit": time_limit, "seed": seed},
    }


def with_fixed_crews(request: dict) -> dict:
    """The same request with every crew fixed the way a coordinator would roster them by habit.

    Each vehicle gets a standing team for the week: social workers in pairs, then
    the specialists in turn; part-timers ride the first vehicle of their depot
    on their days. Nobody rides twice a day; people off that day are skipped.
    """
    out = dict(request, vehicles=[dict(v) for v in request["vehicles"]])
    for date in request["dates"]:
        riding: set[str] = set()
        for v in out["vehicles"]:
            crews = dict(v.get("crews", {}))
            pool = [p for p in request["staff"] if p["depot"] == v["depot"] and date in p["availability"]
                    and p["id"] not in riding]
            centre = [p for p in pool if p["agency"] == "centre"]
            guests = [p for p in pool if p["agency"] != "centre"]
            crew = _roster(centre, guests, v["seats"], v["id"])
            if crew:
                crews[date] = crew
                riding.update(crew)
            v["crews"] = crews
    return out


def _roster(centre: list[dict], guests: list[dict], seats: int, vehicle: str) -> list[str]:
    workers = [p["id"] for p in centre if "social_worker" in p["roles"]]
    others = [p["id"] for p in centre if "social_worker" not in p["roles"]]
    crew = workers[:2] + others[:1] + [g["id"] for g in guests[:1]]
    return crew[:seats]


def _share(total: int, parts: int, i: int) -> int:
    return total // parts + (1 if i < total % parts else 0)


def _villages(rng: random.Random, base, centres, count: int, pull: float) -> list[tuple[float, float]]:
    """Villages scattered around the districts' centres, drawn towards the base (``pull`` of the way out)."""
    out = []
    for i in range(count):
        clat, clon = centres[i % len(centres)]
        lat, lon = base[0] + pull * (clat - base[0]), base[1] + pull * (clon - base[1])
        dist, bearing = RADIUS_KM * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        out.append((round(lat + dist / 111 * math.cos(bearing), 5),
                    round(lon + dist / (111 * math.cos(math.radians(lat))) * math.sin(bearing), 5)))
    return out


def _staff(rng: random.Random, depot: str, count: int) -> list[dict]:
    """A centre's team in Tula proportions plus interagency part-timers."""
    guests = [("narcologist", "crh", {d: [["09:00", "13:00"]] for d in TUE_THU}),
              ("police_inspector", "police", {d: [["10:00", "16:00"]] for d in MON_WED_FRI}),
              ("nurse", "crh", {d: [["09:00", "15:00"]] for d in DATES})]
    inside = count - len(guests)
    mix = [("psychologist", 0.15), ("social_pedagogue", 0.15), ("lawyer", 0.05)]
    roles = [r for r, share in mix for _ in range(max(1, round(inside * share)))]
    roles = ["social_worker"] * (inside - len(roles)) + roles
    out = []
    for i, role in enumerate(roles):
        days = {d: [["09:00", "18:00"]] for d in DATES if rng.random() > 0.1}
        out.append({"id": f"{depot}-{ABBREV[role]}-{i:02d}", "roles": [role], "agency": "centre",
                    "depot": depot, "availability": days})
    for i, (role, agency, days) in enumerate(guests):
        out.append({"id": f"{depot}-{ABBREV[role]}-g{i}", "roles": [role], "agency": agency,
                    "depot": depot, "availability": days})
    return out


def _vehicles(rng: random.Random, depot: str, count: int) -> list[dict]:
    models = [("uaz", 4, 20, 14, 500, 300), ("buhanka", 6, 40, 16, 500, 300),
              ("gazel", 7, 60, 18, 600, 330), ("largus", 4, 15, 9, 400, 330)]
    out = []
    for i in range(count):
        name, seats, cap, per_km, fixed, drive = models[i % len(models)]
        days = {d: [["08:30", "18:00"]] for d in DATES}
        if rng.random() < 0.25:
            days.pop(rng.choice(DATES))  # a day in the garage
        out.append({"id": f"{depot}-{name}-{i}", "depot": depot, "seats": seats, "capacity": cap,
                    "availability": days, "max_drive_minutes": drive, "cost_per_km": per_km,
                    "fixed_cost": fixed})
    return out


def _visits(rng: random.Random, villages, curators, count: int, offset: int, scale: float) -> list[dict]:
    out = []
    for i in range(count):
        roles, _, (lo, hi) = rng.choices(KINDS, weights=[k[1] for k in KINDS])[0]
        _, (plo, phi) = rng.choices(CATEGORIES, weights=[c[0] for c in CATEGORIES])[0]
        lat, lon = rng.choice(villages)
        visit = {"id": f"v{offset + i:04d}",
                 "location": [round(lat + rng.uniform(-0.004, 0.004), 5), round(lon + rng.uniform(-0.006, 0.006), 5)],
                 "duration": 5 * round(scale * rng.randint(lo, hi) / 5), "roles": list(roles),
                 "priority": rng.randint(plo, phi), "amount": rng.choice([0, 0, 1, 1, 2, 3])}
        _dates_and_windows(rng, visit)
        if "social_worker" in roles and curators and rng.random() < 0.7:
            visit["preferred_staff"] = [rng.choice(curators)]
        if rng.random() < 0.02:
            visit["mandatory"] = True
        out.append(visit)
    return out


def _dates_and_windows(rng: random.Random, visit: dict) -> None:
    if "narcologist" in visit["roles"]:
        visit["dates"] = TUE_THU
    elif "police_inspector" in visit["roles"]:
        visit["dates"] = MON_WED_FRI
    else:
        r = rng.random()
        if r < 0.15:
            visit["dates"] = [rng.choice(DATES)]
        elif r < 0.4:
            visit["dates"] = sorted(rng.sample(DATES, rng.randint(2, 3)))
    r = rng.random()
    if r < 0.3:
        visit["time_windows"] = [rng.choice([["09:30", "13:00"], ["10:00", "12:30"], ["14:00", "17:30"]])]
    elif r < 0.45:
        visit["time_windows"] = [["10:00", "12:00"], ["14:00", "17:00"]]


def _pin_some(rng: random.Random, visits: list[dict], vehicles: list[dict]) -> None:
    """About 1 % of visits are pinned (agreed with the family), half with a start time."""
    plain = [v for v in visits if v["roles"] == ["social_worker"] and "time_windows" not in v]
    for visit in rng.sample(plain, max(1, len(visits) // 100)):
        vehicle = rng.choice(vehicles)
        date = rng.choice(sorted(vehicle["availability"]))
        visit["pinned"] = {"date": date, "vehicle": vehicle["id"]}
        visit["dates"] = [date]
        if rng.random() < 0.5:
            visit["pinned"]["start"] = rng.choice(["10:00", "11:00", "15:00"])
        visit.pop("preferred_staff", None)

