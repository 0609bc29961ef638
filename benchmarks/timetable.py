"""Term timetable benchmark: generated centres, solved with the planner's CP-SAT model.

    python -m benchmarks.timetable                  # seeds 0-4, 30 s each, 2 workers
    python -m benchmarks.timetable --seeds 3 --write /tmp/req.json

Each seed generates one centre modelled on DOMAIN.md: 14 programmes drawn from
the "Group formats" table (art-therapy cycles, monthly schools, animation
studio, "mature parenthood" groups, video lectures with the hospital's
narcologist, case method, parent club online and offline, staff supervision, a
5-day family camp), 28 staff of the centre and the district hospital with
vacations and busy days, 6 venues (one online), 80 families in four districts,
and the Russian production calendar's holidays of the term 2027-01-11..05-29.
The same seed always gives the same request. Every answer is re-checked by
the independent validator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from planner.optimize.timetable import timetable_term, validate_timetable
from planner.services.timetable import russian_holidays

TERM = (dt.date(2027, 1, 11), dt.date(2027, 5, 29))
CENTRE = (54.112, 37.042)
DISTRICTS = {"dubensky": (54.10, 37.05), "teplo": (53.63, 37.58),
             "chern": (53.45, 36.92), "shchekino": (54.00, 37.52)}
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")

VENUES = [
    ("centre-hall", "dubensky", 30, {d: [["09:00", "19:00"]] for d in WORKDAYS}),
    ("dk-dubna", "dubensky", 60, {d: [["12:00", "20:00"]] for d in ("tue", "wed", "thu", "fri", "sat")}),
    ("dk-teploye", "teplo", 40, {d: [["13:00", "20:00"]] for d in WORKDAYS}),
    ("school-chern", "chern", 35, {**{d: [["15:00", "19:00"]] for d in WORKDAYS},
                                   "sat": [["10:00", "15:00"]]}),
    ("library-shchekino", "shchekino", 25, {d: [["10:00", "18:00"]] for d in ("tue", "wed", "thu", "fri", "sat")}),
]

# id, sessions, cadence, minutes, roles, same_staff, same_slot, venues, families, preferred
FORMATS = [
    ("art-therapy-dubna", 12, {"weekly": 1}, 90, ["psychologist", "social_pedagogue"], True, True,
     ["centre-hall", "dk-dubna"], ("dubensky", 6), {"weekdays": ["tue", "wed"], "start_between": ["15:00", "17:00"]}),
    ("art-therapy-chern", 12, {"weekly": 1}, 90, ["psychologist", "social_pedagogue"], True, True,
     ["school-chern"], ("chern", 5), {"weekdays": ["thu"], "start_between": ["15:00", "17:00"]}),
    ("school-parenthood", 5, {"monthly": 1}, 120, ["psychologist"], True, False,
     ["dk-dubna", "dk-teploye"], ("teplo", 8), {"weekdays": ["thu"], "start_between": ["14:00", "16:00"]}),
    ("school-young-mothers", 5, {"monthly": 1}, 120, ["psychologist", "nurse"], False, False,
     ["centre-hall"], ("dubensky", 7), {"weekdays": ["wed"], "start_between": ["10:00", "12:00"]}),
    ("school-dads", 5, {"monthly": 1}, 120, ["social_pedagogue"], True, False,
     ["library-shchekino"], ("shchekino", 6), {"weekdays": ["fri"], "start_between": ["15:00", "16:00"]}),
    ("animation-studio", 9, {"min_gap_days": 12, "max_gap_days": 16}, 90, ["social_pedagogue"], False, False,
     ["school-chern", "centre-hall"], ("chern", 5), {"weekdays": ["thu"], "start_between": ["15:30", "17:00"]}),
    ("mature-parenthood", 8, {"weekly": 1}, 240, ["psychologist", "social_worker"], True, True,
     ["centre-hall", "dk-dubna"], ("dubensky", 6), {"weekdays": ["sat", "fri"]}),
    ("tree-of-understanding", 6, {"weekly": 1}, 120, ["psychologist", "social_pedagogue"], True, True,
     ["dk-teploye", "dk-dubna"], ("teplo", 12), {"weekdays": ["thu"], "start_between": ["15:00", "16:00"]}),
    ("video-lecture-1", 6, {"weekly": 1}, 90, ["psychologist", "narcologist"], True, True,
     ["centre-hall"], ("dubensky", 4), {"weekdays": ["tue", "thu"], "start_between": ["10:00", "13:00"]}),
    ("video-lecture-2", 6, {"weekly": 1}, 90, ["psychologist", "narcologist"], True, True,
     ["library-shchekino"], ("shchekino", 4), {"weekdays": ["tue", "thu"]}),
    ("life-scenarios", 6, {"weekly": 1}, 90, ["psychologist"], True, True,
     ["library-shchekino"], ("shchekino", 5), {"weekdays": ["wed"], "start_between": ["14:00", "16:00"]}),
    ("parent-club", 14, {"min_gap_days": 7, "max_gap_days": 12}, 90, ["social_worker"], False, False,
     ["online-room", "centre-hall"], ("any", 10), {"weekdays": ["mon", "thu"], "start_between": ["15:00", "16:30"]}),
    ("supervision", 14, {"min_gap_days": 7, "max_gap_days": 12}, 120, ["psychologist"], True, False,
     ["centre-hall"], ("none", 0), {"weekdays": ["fri"], "start_between": ["14:00", "17:00"]}),
]


def generate(seed: int) -> dict:
    """One centre's term request; the same ``seed`` gives the same request."""
    rng = random.Random(seed)
    families = _families(rng)
    staff, busy = _staff(rng)
    programmes = [_programme(rng, f, families) for f in FORMATS] + [_camp(rng, families)]
    return {
        "version": 1, "timezone": "Europe/Moscow",
        "term": {"start": TERM[0].isoformat(), "end": TERM[1].isoformat()},
        "closed_dates": [d.isoformat() for d in russian_holidays(*TERM)],
        "staff": staff, "busy": busy, "venues": _venues(),
        "families": [{"id": f["id"], "location": f["location"], "people": f["people"]}
                     for f in families],
        "programmes": programmes,
        "options": {"time_limit": 30, "seed": 0, "workers": 2},
    }


def _families(rng: random.Random) -> list[dict]:
    out = []
    for i in range(80):
        district = rng.choice(list(DISTRICTS))
        lat, lon = DISTRICTS[district]
        out.append({"id": f"C-{i:04d}", "district": district, "people": rng.randint(2, 6),
                    "location": [round(lat + rng.uniform(-0.25, 0.25), 5),
                                 round(lon + rng.uniform(-0.35, 0.35), 5)]})
    return out


def _staff(rng: random.Random) -> tuple[list[dict], list[dict]]:
    full = {d: [["09:00", "18:00"]] for d in WORKDAYS}
    roster = ([(f"head-{i:02d}", ["social_worker", "department_head"]) for i in range(1, 5)]
              + [(f"sw-{i:02d}", ["social_worker"]) for i in range(1, 13)]
              + [(f"ped-{i:02d}", ["social_pedagogue"]) for i in range(1, 5)]
              + [(f"psy-{i:02d}", ["psychologist"]) for i in range(1, 5)]
              + [("law-01", ["lawyer"]), ("nurse-01", ["nurse"]), ("nurse-02", ["nurse"])])
    staff = [{"id": code, "roles": roles, "weekly": dict(full), "absent": _vacation(rng)}
             for code, roles in roster]
    staff[5]["weekly"] = {d: [["09:00", "13:00"]] for d in WORKDAYS}  # a part-time social worker
    staff[-3]["weekly"] = {**full, "sat": [["10:00", "16:00"]]}  # a psychologist who runs Saturday groups
    staff.append({"id": "narc-01", "roles": ["narcologist"], "absent": _vacation(rng),
                  "weekly": {"tue": [["09:00", "15:00"]], "thu": [["09:00", "15:00"]]}})
    busy = []
    days = [TERM[0] + dt.timedelta(days=i) for i in range((TERM[1] - TERM[0]).days + 1)]
    for person in staff:
        for day in rng.sample([d for d in days if d.weekday() < 5], 6):  # trips, case conferences
            busy.append({"staff": person["id"], "date": day.isoformat(),
                         "start": rng.choice(["09:00", "10:00", "13:00"]), "end": "17:00"})
    return staff, busy


def _vacation(rng: random.Random) -> list[str]:
    if rng.random() > 0.3:
        return []
    first = TERM[0] + dt.timedelta(days=rng.randrange(0, 120))
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(rng.choice([7, 14]))]


def _venues() -> list[dict]:
    out = []
    for code, district, capacity, weekly in VENUES:
        lat, lon = DISTRICTS[district]
        out.append({"id": code, "location": [lat, lon], "capacity": capacity, "weekly": weekly})
    out.append({"id": "online-room", "online": True,
                "weekly": {d: [["09:00", "21:00"]] for d in (*WORKDAYS, "sat")}})
    return out


def _programme(rng: random.Random, fmt: tuple, families: list[dict]) -> dict:
    pid, sessions, cadence, minutes, roles, same_staff, same_slot, venues, (where, size), pref = fmt
    pool = [f for f in families if where in ("any", f["district"])]
    seats = min(c for code, _, c, _ in VENUES if code in venues) if "online-room" not in venues \
        else 10**6
    chosen, people = [], 0
    for family in rng.sample(pool, len(pool)):  # groups are sized to the room
        if len(chosen) < size and people + family["people"] <= seats:
            chosen.append(family["id"])
            people += family["people"]
    return {"id": pid, "kind": pid.split("-")[0], "sessions": sessions, "cadence": cadence,
            "minutes": minutes, "roles": roles, "same_staff": same_staff,
            "same_slot": same_slot, "venues": venues, "preferred": pref,
            "participants": sorted(chosen)}


def _camp(rng: random.Random, families: list[dict]) -> dict:
    return {"id": "camp-together", "kind": "camp", "sessions": 1, "days": 5,
            "roles": ["psychologist", "social_worker", "social_worker", "nurse"],
            "participants": sorted(rng.sample([f["id"] for f in families], 8)),
            "earliest": "2027-05-17", "latest": "2027-05-29"}


def run(seed: int, time_limit: float, workers: int) -> dict:
    request = generate(seed)
    request["options"].update(time_limit=time_limit, workers=workers)
    began = time.perf_counter()
    answer = timetable_term(request)
    wall = time.perf_counter() - began
    errors = validate_timetable(request, answer)
    s = answer["summary"]
    return {"seed": seed, "programmes": len(request["programmes"]), "sessions": s["sessions"],
            "placed": s["placed"], "preferred": f"{s['preferred_met']}/{s['preferred_total']}",
            "travel_km": s["travel_km"], "status": s["status"], "gap_pct": _pct(s["gap"]),
            "gaps": " ".join(f"{k}:{_pct(v)}" for k, v in s["gaps"].items()),
            "solve_s": s["solve_seconds"], "wall_s": round(wall, 1), "violations": len(errors)}


def _pct(gap):
    return None if gap is None else round(100 * gap, 3)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", help="only write the first seed's request to this file")
    args = parser.parse_args(argv)
    if args.write:
        with open(args.write, "w", encoding="utf-8") as fh:
            json.dump(generate(args.seeds[0]), fh, ensure_ascii=False, indent=1)
        return
    columns = ["seed", "programmes", "sessions", "placed", "preferred", "travel_km", "status",
               "gap_pct", "gaps", "solve_s", "wall_s", "violations"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for seed in args.seeds:
        row = run(seed, args.time_limit, args.workers)
        print("| " + " | ".join(str(row[c]) for c in columns) + " |", flush=True)


if __name__ == "__main__":
    main()
