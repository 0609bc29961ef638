"""Generate the demo region: a centre modelled on SRC No. 4 of Tula oblast.

The centre's base is at p. Gvardeysky (Dubensky district) and it serves the
Dubensky, Teplo-Ogaryovsky, Chernsky and Shchekinsky districts (DOMAIN.md,
seed 003). District centres carry their real coordinates; every village,
family, address and person is INVENTED and marked as demo. The same seed gives
byte-identical files, which double as examples of the import format
(``data/FORMAT.md``).

Usage: ``python data/generate_demo.py [--seed 2026] [--out data]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
from pathlib import Path

from planner.services.cadence import DEFAULT_RULES

REFERENCE_DAY = dt.date(2026, 11, 20)
"""The Friday the visit history ends on; the demo plans the weeks after it."""

SEASON_START = dt.date(2026, 9, 28)
"""The Monday of 2026-W40: from here to REFERENCE_DAY the home visits are the brigades' own,
planned, published and recorded by ``planner demo`` (``planner/services/demo_season.py``),
so the files keep only the home visits before it (and the online contacts of any day)."""

TERM_START, TERM_END = dt.date(2026, 11, 23), dt.date(2027, 5, 28)
AUTUMN_START = dt.date(2026, 9, 1)
"""The autumn term runs from here to REFERENCE_DAY: ``planner demo`` timetables it, and records its
group sessions held and the expedition trips made as the season's other work."""
AUTUMN_TRIPS = 8
"""The autumn expedition: a trip every week of the recorded season (SEASON_START..REFERENCE_DAY)."""

DISTRICTS = [
    # code, name, centre (real coordinates of the district centre), speed, detour
    ("dubensky", "Дубенский район", "п. Дубна", 54.1564, 36.9575, 42.0, 1.40),
    ("teplo-ogaryovsky", "Тёпло-Огарёвский район", "п. Тёплое", 53.6333, 37.5833, 45.0, 1.35),
    ("chernsky", "Чернский район", "п. Чернь", 53.4500, 36.9167, 45.0, 1.35),
    ("shchekinsky", "Щёкинский район", "г. Щёкино", 54.0000, 37.5167, 50.0, 1.30),
]

GVARDEYSKY = (54.1120, 37.0420)
"""Approximate position of the centre's base (demo: not surveyed)."""

BRANCHES = {
    # district -> depot: the base serves Dubensky, a department in each other district centre
    "dubensky": "gvardeysky", "teplo-ogaryovsky": "branch-teploye", "chernsky": "branch-chern",
    "shchekinsky": "branch-shchekino",
}
"""Where each district's staff start from: an hour's drive from the base to Tyoploye or Chern
would eat half the day, so each department works from its district centre (demo)."""

VILLAGES = [
    # 20 invented villages per district, in the order of DISTRICTS
    "Берёзовка", "Ольховка", "Сосновка", "Дубки", "Липовка", "Кленовое", "Рябиновка", "Калиновка",
    "Малиновка", "Покровское", "Воскресенское", "Никольское", "Михайловка", "Петровское", "Ивановка",
    "Александровка", "Григорьевка", "Знаменка", "Троицкое", "Успенское",
    "Красное", "Каменка", "Песочное", "Луговое", "Поляна", "Озёрки", "Ключи", "Боровое", "Горки",
    "Долгое", "Берёзки", "Ольшанка", "Сосновый Бор", "Дубрава", "Липки", "Клёновка", "Рябинки",
    "Калиново", "Малое Полянино", "Покровка",
    "Никольское-Вяземское", "Михайловское", "Петровка", "Ивановское", "Алексеевка", "Григорово",
    "Знаменское", "Троицкое-Озёрки", "Успенка", "Красная Поляна", "Каменное", "Песочня", "Лужки",
    "Полянки", "Озерское", "Ключевое", "Бобрики", "Горелово", "Долгоруково", "Большая Берёзовка",
    "Новоольховка", "Сосенки", "Дубовое", "Липицы", "Кленово", "Рябинино", "Калинино", "Малиново",
    "Покровские Выселки", "Воскресенка", "Никольские Дворики", "Михалково", "Петрищево", "Иваньково",
    "Александровские Выселки", "Григорьевское", "Знаменские Дворы", "Троицкие Выселки", "Успенские Дворы",
    "Красный Луч",
]
"""Invented villages (no real place is meant); each a plain Russian village name."""
STREETS = ["Садовая", "Центральная", "Школьная", "Полевая", "Молодёжная", "Лесная",
           "Луговая", "Советская", "Мира", "Зелёная", "Колхозная", "Новая"]
SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов",
            "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев",
            "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов",
            "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов",
            "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов"]
FIRST_NAMES = ["Анна", "Елена", "Ольга", "Наталья", "Ирина", "Татьяна", "Светлана", "Мария",
               "Юлия", "Екатерина", "Марина", "Галина", "Людмила", "Оксана", "Алексей",
               "Сергей", "Андрей", "Дмитрий", "Игорь", "Николай"]

CENTRE_HOURS = "mon-fri 09:00-18:00"
AGENCIES = [
    ("centre", "ГУ ТО «Социально-реабилитационный центр для несовершеннолетних № 4» (демо)", CENTRE_HOURS),
    ("crb-dubensky", "ГУЗ «Дубенская центральная районная больница» (демо)", "mon-fri 08:00-16:00"),
    ("crb-teploye", "ГУЗ «Тёпло-Огарёвская центральная районная больница» (демо)", "mon-fri 08:00-16:00"),
    ("crb-chern", "ГУЗ «Чернская центральная районная больница» (демо)", "mon-fri 08:00-16:00"),
    ("crb-shchekino", "ГУЗ «Щёкинская районная больница» (демо)", "mon-fri 08:00-16:00"),
    ("police-pdn", "ОМВД, подразделение по делам несовершеннолетних (демо)", CENTRE_HOURS),
    ("guardianship", "Отдел опеки и попечительства (демо)", "mon-fri 09:00-17:00"),
    ("employment", "Центр занятости населения (демо)", "mon-fri 09:00-17:00"),
]

STAFF_PLAN = [
    # prefix, count, roles, agency, hours (empty: the agency's), weekly hours; the prefixes
    # of PER_DISTRICT work one in each district's department, the others at the base
    ("sw", 21, "social_worker", "centre", "", 40),
    ("ped", 4, "social_pedagogue", "centre", "", 40),
    ("psy", 4, "psychologist", "centre", "", 40),
    ("law", 1, "lawyer", "centre", "", 40),
    ("head", 4, "department_head;social_worker", "centre", "", 40),
    ("narc", 4, "narcologist", "crb", "tue,thu 09:00-16:00", 14),
    ("nurse", 2, "nurse", "crb-dubensky", "mon,wed,fri 08:00-16:00", 24),
    ("pdn", 1, "police_inspector", "police-pdn", "", 40),
    ("opeka", 1, "guardianship_officer", "guardianship", "", 40),
    ("czn", 1, "employment_specialist", "employment", "wed 09:00-17:00", 8),
]

VEHICLES = [
    # code, name, seats, capacity, cost/km, fixed, max drive, 4x4, depot
    ("uaz-1", "УАЗ «Патриот» (демо)", 4, 20, 14.0, 500.0, 300, True, "gvardeysky"),
    ("gazel-1", "ГАЗель Next (демо)", 7, 60, 18.0, 600.0, 330, False, "gvardeysky"),
    ("largus-1", "Лада Ларгус (демо)", 4, 15, 9.0, 400.0, 330, False, "branch-teploye"),
    ("uaz-2", "УАЗ-2206 «буханка» (демо)", 6, 40, 16.0, 500.0, 300, True, "branch-teploye"),
    ("niva-1", "Лада Нива (демо)", 3, 10, 10.0, 400.0, 300, True, "branch-chern"),
    ("niva-2", "Лада Нива (демо)", 3, 10, 10.0, 400.0, 300, True, "branch-chern"),
    ("uaz-3", "УАЗ «Патриот» (демо)", 4, 20, 14.0, 500.0, 300, True, "branch-shchekino"),
    ("largus-2", "Лада Ларгус (демо)", 4, 15, 9.0, 400.0, 330, False, "branch-shchekino"),
]
"""Two vehicles a department: one vehicle makes about four home visits a day, and a district's
five curators need about twenty a week, plus the visits to families not found at home."""

CATEGORY_SHARES = [("sop", 0.30), ("tzhs", 0.35), ("risk", 0.10), ("foster", 0.15), ("other", 0.10)]
ROUTINE_RULES = [
    # code, category, interval, earliest, deadline (days), priority: the centre's own routine contact
    ("routine-sop", "sop", 30, 21, 45, 50),
    ("routine-risk", "risk", 30, 21, 45, 50),
    ("routine-tzhs", "tzhs", 60, 42, 90, 40),
]
"""No seed gives a routine cadence (DOMAIN.md); this centre visits СОП and at-risk families
monthly and ТЖС families every two months, with the family's curator. Foster and other
families are seen at the quarterly monitoring."""
HISTORY_EVERY = {category: (interval - 6, interval + 4) for _c, category, interval, *_ in ROUTINE_RULES}
"""Days between past routine visits: about the rule's interval, some a little late."""

TEAM_MEETING = ("team-meeting", "Планёрка кураторов: разбор случаев", "mon", "09:00", "10:00")
"""The curators' weekly team meeting (001: protected time); supervision is a programme of the term."""

SERVICES = [
    # code, name, the role that gives it (the catalogue's demo entries; kinds after 442-FZ)
    ("living-conditions", "Обследование условий жизни семьи", "social_worker"),
    ("social-consultation", "Социально-бытовая консультация", "social_worker"),
    ("documents", "Помощь в оформлении документов и пособий", "social_worker"),
    ("urgent-aid", "Срочная социальная помощь (продукты, одежда)", "social_worker"),
    ("psychologist-consultation", "Консультация психолога", "psychologist"),
    ("child-diagnostics", "Психологическая диагностика ребёнка", "psychologist"),
    ("pedagogue-consultation", "Социально-педагогическая консультация", "social_pedagogue"),
    ("legal-consultation", "Консультация юриста", "lawyer"),
    ("medical-check", "Медицинский осмотр детей", "nurse"),
    ("narcologist-consultation", "Консультация врача-нарколога", "narcologist"),
    ("prevention-talk", "Профилактическая беседа инспектора ПДН", "police_inspector"),
    ("guardianship-check", "Посещение органом опеки", "guardianship_officer"),
    ("employment-consultation", "Консультация по трудоустройству", "employment_specialist"),
    ("referral", "Направление в другое ведомство", ""),
]
CURATOR_SERVICES = [code for code, _name, role in SERVICES if role in ("social_worker", "")]

CLOSURE_SHARES = [("improved", 0.60), ("goals_met", 0.10), ("moved_away", 0.10), ("refused", 0.10),
                  ("child_removed", 0.05), ("other", 0.05)]
FOLLOW_UP_SHARES = [("child_in_family", 0.85), ("child_removed", 0.05), ("not_reached", 0.10)]
ONLINE_SHARE = 0.05
"""Share of routine contacts held online (seed 003: 284 online consultations a year)."""

VENUES = [
    # code, name, district index (None: the base), capacity, online, hours
    ("centre-hall", "Актовый зал центра, п. Гвардейский", None, 30, False, "mon-fri 09:00-19:00"),
    ("dk-dubna", "Дом культуры, п. Дубна", 0, 60, False, "tue-sat 12:00-20:00"),
    ("dk-teploye", "Дом культуры, п. Тёплое", 1, 40, False, "mon-fri 13:00-20:00"),
    ("school-chern", "Средняя школа, п. Чернь (спортзал)", 2, 35, False, "mon-fri 15:00-19:00; sat 10:00-15:00"),
    ("library-shchekino", "Центральная библиотека, г. Щёкино", 3, 25, False, "tue-sat 10:00-18:00"),
    ("online-room", "Онлайн-комната центра", None, 0, True, "mon-sat 09:00-21:00"),
]

PROGRAMMES = [
    # code, name, kind, sessions, cadence, minutes, days, roles, venues, same staff/slot,
    # earliest, latest, preferred weekdays, preferred start, audience, group size
    ("art-therapy", "Арт-терапевтический цикл «Мы вместе»", "art_therapy", 12, "weekly:1", 90, 0,
     "psychologist;social_pedagogue", "centre-hall;dk-dubna", True, True, "2026-12-01", "2027-03-31",
     "tue;wed", "15:00-16:30", "родители и дети", 6),
    ("school-parenthood", "Школа осознанного родительства (дети 4–14 лет)", "parent_school", 6, "monthly:1",
     120, 0, "psychologist", "dk-dubna;dk-teploye", True, False, "", "", "thu", "14:00-16:00",
     "родители детей 4–14 лет", 8),
    ("school-young-mothers", "Школа молодых мам (дети до 3 лет)", "parent_school", 6, "monthly:1", 120, 0,
     "psychologist;nurse", "centre-hall", False, False, "", "", "wed", "10:00-12:00",
     "мамы детей до 3 лет", 5),
    ("school-dads", "Школа отцов", "parent_school", 6, "monthly:1", 120, 0, "social_pedagogue",
     "library-shchekino", True, False, "", "", "fri", "15:00-16:00", "отцы", 5),
    ("animation-studio", "Мультстудия «Вместе с мамой»", "animation_studio", 12, "gap:12-16", 90, 0,
     "social_pedagogue", "school-chern", False, False, "", "", "thu", "15:30-17:30",
     "родитель и ребёнок", 5),
    ("tree-of-understanding", "Программа «Дерево взаимопонимания»", "training", 6, "weekly:1", 120, 0,
     "psychologist;social_pedagogue", "dk-teploye", True, True, "2027-01-12", "2027-03-31", "thu",
     "15:00-16:00", "20 родителей и 30 детей", 8),
    ("video-lecture-alcohol", "Видеолекторий «Пьянство разрушает семью»", "video_lecture", 6, "weekly:1",
     90, 0, "psychologist;narcologist", "centre-hall", True, True, "2027-02-01", "2027-04-30", "tue;thu",
     "10:00-14:00", "8 родителей", 6),
    ("life-scenarios", "Кейс-метод «Жизненные сценарии»", "case_method", 6, "weekly:1", 90, 0,
     "psychologist", "library-shchekino", True, True, "2027-03-01", "2027-05-14", "wed", "14:00-16:00",
     "10 родителей", 5),
    ("parent-club", "Родительский клуб (онлайн и очно)", "club", 18, "gap:7-12", 90, 0, "social_worker",
     "online-room;centre-hall", False, False, "", "", "mon;thu", "15:00-16:30", "родители", 8),
    ("supervision", "Супервизия специалистов", "supervision", 18, "gap:7-12", 120, 0, "psychologist",
     "centre-hall", True, False, "", "", "fri", "14:00-17:00", "специалисты центра", 0),
    ("camp-together", "Палаточный семейный лагерь «Мы вместе!»", "camp", 1, "", 0, 5,
     "psychologist;social_worker;social_worker;nurse", "", False, False, "2027-05-17",
     "2027-05-28", "", "", "семьи с детьми и 4 специалиста", 12),
]
"""The half-year's cycles: six monthly schools, twelve studio meetings a fortnight apart, eighteen club
and supervision meetings a week or so apart do not fit into the 12-week autumn term (the timetabler
placed 55 of 82 sessions and said CADENCE for each); the cycles without dates run in the winter-spring
term (``term_cycles``), and the autumn runs its own shorter ones (``AUTUMN_CYCLES``)."""

AUTUMN_CYCLES = {
    # programme -> sessions of its autumn cycle (what its cadence fits into AUTUMN_START..REFERENCE_DAY)
    "school-parenthood": 3, "school-young-mothers": 3, "school-dads": 3, "animation-studio": 6,
    "parent-club": 10, "supervision": 10,
}


def term_cycles() -> list[tuple]:
    """Every programme as a cycle of one term: the undated ones in the winter-spring term, and their
    autumn cycles (code ``…-autumn``, fewer sessions) in the autumn term."""
    rows = []
    for code, name, kind, sessions, cadence, minutes, days, roles, venues, same_staff, same_slot, \
            earliest, latest, *rest in PROGRAMMES:
        if code in AUTUMN_CYCLES:
            rows.append((f"{code}-autumn", f"{name}, осенний цикл", kind, AUTUMN_CYCLES[code], cadence, minutes,
                         days, roles, venues, same_staff, same_slot, AUTUMN_START.isoformat(),
                         REFERENCE_DAY.isoformat(), *rest))
            earliest, latest = TERM_START.isoformat(), TERM_END.isoformat()
        rows.append((code, name, kind, sessions, cadence, minutes, days, roles, venues, same_staff, same_slot,
                     earliest, latest, *rest))
    return rows


def write(out: Path, name: str, header: list[str], rows: list[list]) -> None:
    """Write one CSV file with Unix line ends (stable bytes across platforms)."""
    with open(out / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([[_cell(value) for value in row] for row in rows])


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return "" if value is None else str(value)


def offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """A point ``km`` away from (lat, lon) on ``bearing`` radians (flat-earth, fine at 30 km)."""
    dlat = km * math.cos(bearing) / 111.2
    dlon = km * math.sin(bearing) / (111.2 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def person(rng: random.Random) -> str:
    surname, first = rng.choice(SURNAMES), rng.choice(FIRST_NAMES)
    female = first.endswith("а") or first.endswith("я")
    return f"{surname}{'а' if female else ''} {first} (демо)"


def settlements(rng: random.Random) -> list[list]:
    """20 invented villages around each district centre, plus the centres themselves.

    Rows carry the village's bearing from the district centre last (not
    written), so precincts can be cut as sectors.
    """
    rows = []
    for index, (code, _name, centre, lat, lon, _speed, _detour) in enumerate(DISTRICTS):
        rows.append([f"{code}-centre", centre, code, lat, lon, "", False, False, -1.0])
        for n, name in enumerate(VILLAGES[20 * index: 20 * index + 20], start=1):
            bearing = rng.uniform(0, 2 * math.pi)
            vlat, vlon = offset(lat, lon, rng.uniform(4, 24), bearing)
            thaw = rng.random() < 0.2
            note = "грунтовая дорога, в распутицу только полный привод" if thaw else ""
            rows.append([f"{code}-{n:02d}", f"д. {name}", code, vlat, vlon, note, thaw, True, bearing])
    return rows


def territories(villages: list[list], precincts: dict[str, list[str]]) -> dict[str, str]:
    """Settlement code -> curator: each district cut into sectors around its centre, one per curator.

    The district centre goes to the district's first curator.
    """
    assigned = {}
    for district, curators in precincts.items():
        ordered = sorted((v for v in villages if v[2] == district), key=lambda v: v[8])
        for i, village in enumerate(ordered):
            assigned[village[0]] = curators[min(len(curators) - 1, i * len(curators) // len(ordered))]
    return assigned


PER_DISTRICT = ("sw", "ped", "psy", "head", "narc")
HOSPITALS = {"dubensky": "crb-dubensky", "teplo-ogaryovsky": "crb-teploye", "chernsky": "crb-chern",
             "shchekinsky": "crb-shchekino"}
"""Each district's hospital lends its narcologist to the department of its district (agency "crb")."""
CASELOAD = 15
"""Open families a curator carries at most (seed 001); every social worker is a curator."""


def staff(rng: random.Random) -> tuple[list[list], dict[str, list[str]]]:
    """Staff rows and the social workers' precincts (district -> curators)."""
    rows, precincts = [], {code: [] for code, *_ in DISTRICTS}
    for prefix, count, roles, agency, hours, weekly in STAFF_PLAN:
        for n in range(1, count + 1):
            code = f"{prefix}-{n:02d}"
            email = f"{code}@centre4.example.org" if agency == "centre" else ""
            caseload = CASELOAD if prefix == "sw" else 0
            district = DISTRICTS[(n - 1) % len(DISTRICTS)][0]
            depot = BRANCHES[district] if prefix in PER_DISTRICT else "gvardeysky"
            employer = HOSPITALS[district] if agency == "crb" else agency
            rows.append([code, person(rng), roles, employer, depot, weekly, hours, email, "", caseload])
            if prefix == "sw":
                precincts[district].append(code)
    return rows, precincts


def families(rng: random.Random, villages: list[list], precincts: dict[str, list[str]],
             territory: dict[str, str]) -> list[list]:
    """Per curator 14–15 open cases in the villages of their precinct, and a closed case or two.

    About 2 % of the open cases have withdrawn their consent. The curator
    column stays empty: the curator comes from the settlement's territory.
    """
    plan = []
    for curators in precincts.values():
        for curator in curators:
            own = [v for v in villages if territory[v[0]] == curator and v[7]]
            plan += [(rng.choice(own), "open") for _ in range(CASELOAD - (rng.random() < 0.4))]
            plan += [(rng.choice(own), "closed") for _ in range(rng.randint(0, 2))]
    rng.shuffle(plan)
    rows = []
    for n, (village, status) in enumerate(plan, start=1):
        category = rng.choices([c for c, _ in CATEGORY_SHARES], [w for _, w in CATEGORY_SHARES])[0]
        intake = REFERENCE_DAY - dt.timedelta(days=rng.randint(3, 700))
        agreement = intake + dt.timedelta(days=rng.randint(1, 10))
        channel = rng.choices(["sms", "email", "print"], [0.55, 0.25, 0.20])[0]
        surname = rng.choice(SURNAMES)
        lat, lon = offset(village[3], village[4], rng.uniform(0, 0.8), rng.uniform(0, 2 * math.pi))
        rows.append([
            f"C-{n:04d}", f"Семья {surname}ых (демо)", village[0],
            f"{village[1]}, ул. {rng.choice(STREETS)}, д. {rng.randint(1, 60)}", lat, lon, category,
            "", status, intake,
            agreement if agreement <= REFERENCE_DAY else "", agreement if agreement <= REFERENCE_DAY else "",
            status == "open" and rng.random() < 0.02, category == "sop" and rng.random() < 0.35,
            rng.random() < 0.12,
            rng.randint(2, 7), rng.choice(["", "", "mon-fri 13:00-17:00", "mon-fri 09:00-13:00"]),
            f"family{n:04d}@example.org" if channel == "email" else "",
            f"+7 900 {n // 100:03d}-{n % 100:02d}-00" if channel == "sms" else "", channel,
        ])
    return rows


def closures(rng: random.Random, family_rows: list[list]) -> None:
    """Give each closed case a closure date after its intake and a reason (appended to its row)."""
    for row in family_rows:
        if row[8] != "closed":
            row += ["", ""]
            continue
        latest = max(row[9] + dt.timedelta(days=30), REFERENCE_DAY - dt.timedelta(days=7))
        closed = row[9] + dt.timedelta(days=rng.randint(30, max(30, (latest - row[9]).days)))
        row += [min(closed, latest), _pick(rng, CLOSURE_SHARES)]


def follow_ups(rng: random.Random, family_rows: list[list]) -> list[list]:
    """The follow-ups 1 and 3 years after each closure; those due by REFERENCE_DAY were made."""
    rows = []
    for row in family_rows:
        closed = row[FAMILY_HEADER.index("closed_date")]
        for years in (1, 3):
            if not closed:
                break
            due = closed.replace(year=closed.year + years, day=min(closed.day, 28))
            made = due + dt.timedelta(days=rng.randint(0, 20))
            found = made <= REFERENCE_DAY
            rows.append([row[0], years, due, made if found else "",
                         _pick(rng, FOLLOW_UP_SHARES) if found else "", ""])
    return rows


def _pick(rng: random.Random, shares: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in shares], [weight for _, weight in shares])[0]


def details(rng: random.Random, family_rows: list[list], history_rows: list[list]) -> list[list]:
    """The history of open and closed cases up to their closure, with what each visit made gave.

    A visit made gives one to three of the curator's services and meets one
    or two adults and some of the children; a few routine contacts are
    online. A separate random stream keeps the visits themselves unchanged.
    Home visits from SEASON_START on are left to the demo's recorded season.
    """
    by_case = {row[0]: row for row in family_rows}
    rows = []
    for case_code, day, purpose, outcome, staff in history_rows:
        family = by_case[case_code]
        closed = family[FAMILY_HEADER.index("closed_date")]
        if closed and day > closed:
            continue
        if outcome != "done":
            if day < SEASON_START:
                rows.append([case_code, day, purpose, outcome, staff, "home", "", 0, 0])
            continue
        mode = "online" if purpose == "routine" and rng.random() < ONLINE_SHARE else "home"
        services = rng.sample(CURATOR_SERVICES, rng.randint(1, 3))
        adults = rng.randint(1, min(2, family[15] - 1))
        children = rng.randint(0, family[15] - adults) if mode == "home" else 0
        if mode == "online" or day < SEASON_START:
            rows.append([case_code, day, purpose, outcome, staff, mode, ";".join(services), adults,
                         children])
    return rows


def history(rng: random.Random, family_rows: list[list], territory: dict[str, str]) -> list[list]:
    """Past visits by the family's curator up to REFERENCE_DAY at its category's routine cadence,
    a few missed, and the milestones on time; new cases have none."""
    rows = []
    for family in family_rows:
        row = dict(zip(FAMILY_HEADER, family))
        case_code, intake = row["case_code"], row["intake_date"]
        curator = territory[row["settlement"]]
        if intake > REFERENCE_DAY - dt.timedelta(days=14):
            continue  # a new case: its first visit is still due
        rows.append([case_code, intake, "first_visit", "done", curator])
        if row["category"] in HISTORY_EVERY:
            rows += routine_visits(rng, case_code, intake, curator, *HISTORY_EVERY[row["category"]])
        rows += milestones(row, curator)
    return rows


def routine_visits(rng: random.Random, case_code: str, intake: dt.date, curator: str,
                   low: int, high: int) -> list[list]:
    """Routine visits back from a last one within the last cadence interval, on weekdays.

    Counting back from a last visit spread over the interval puts the
    families' next due dates evenly over the coming weeks (a steady state).
    """
    rows = []
    day = REFERENCE_DAY - dt.timedelta(days=rng.randint(0, high - 5))
    while day >= intake + dt.timedelta(days=low):
        made = day - dt.timedelta(days=max(0, day.weekday() - 4))
        outcome = rng.choices(["done", "absent", "refused"], [0.9, 0.07, 0.03])[0]
        rows.append([case_code, made, "routine", outcome, curator])
        day -= dt.timedelta(days=rng.randint(low, high))
    return rows[::-1]


MILESTONES = [
    # purpose, days after the agreement, repeated every (days; 0: once)
    ("assessment", 14, 0), ("monitoring", 84, 84), ("diagnostics", 182, 182), ("followup", 365, 0),
]
"""Case milestones made on time (DOMAIN.md, "Cadences"), so the demo week has only those
that fall due now, not every milestone of every case at once."""


def milestones(row: dict, curator: str) -> list[list]:
    """The milestone visits a case agreed on ``agreement_date`` has had, on working days."""
    agreement = row["agreement_date"]
    if not agreement:
        return []
    rows = []
    for purpose, first, every in MILESTONES:
        day = agreement + dt.timedelta(days=first)
        while day <= REFERENCE_DAY:
            made = day - dt.timedelta(days=max(0, day.weekday() - 4))  # a weekend: the Friday before
            rows.append([row["case_code"], made, purpose, "done", curator])
            if not every:
                break
            day += dt.timedelta(days=every)
    return rows


def depots() -> list[list]:
    """The base at Gvardeysky and a department in each other district centre."""
    rows = [["gvardeysky", "СРЦН № 4, база в п. Гвардейский (демо)", "п. Гвардейский, ул. Центральная, д. 1",
             *GVARDEYSKY, "dubensky"]]
    for code, _name, centre, lat, lon, _speed, _detour in DISTRICTS:
        if BRANCHES[code] != "gvardeysky":
            rows.append([BRANCHES[code], f"СРЦН № 4, отделение в {centre} (демо)", f"{centre}, ул. Советская, д. 5",
                         lat, lon, code])
    return rows


def venues() -> list[list]:
    rows = []
    for code, name, district, capacity, online, hours in VENUES:
        if online:
            rows.append([code, name, "", "", "", "", capacity, True, hours])
            continue
        if district is None:
            settlement, lat, lon = "dubensky-centre", *GVARDEYSKY
        else:
            settlement, lat, lon = f"{DISTRICTS[district][0]}-centre", *DISTRICTS[district][3:5]
        rows.append([code, name, settlement, name.split(", ")[-1], lat, lon, capacity, False, hours])
    return rows


def programmes(staff_rows: list[list]) -> list[list]:
    by_role = {}
    for code, _name, roles, *_ in staff_rows:
        for role in roles.split(";"):
            by_role.setdefault(role, []).append(code)
    rows = []
    for (code, name, kind, sessions, cadence, minutes, days, roles, venue_codes, same_staff, same_slot,
         earliest, latest, weekdays, start_between, audience, _size) in term_cycles():
        pool = sorted({member for role in set(roles.split(";")) for member in by_role[role]})
        rows.append([code, name, kind, sessions, cadence, minutes, days, roles, ";".join(pool), venue_codes,
                     same_staff, same_slot, earliest, latest, weekdays, start_between, audience])
    return rows


def enrolments(rng: random.Random, family_rows: list[list], cycles: list[tuple] = PROGRAMMES) -> list[list]:
    """Open families enrolled in each programme's group, within its smallest venue's capacity."""
    open_cases = [(row[0], row[15]) for row in family_rows if row[8] == "open" and not row[12]]
    capacity = {code: cap for code, _name, _d, cap, online, _h in VENUES if not online}
    rows = []
    for code, *_rest, venue_codes, _ss, _sl, _e, _l, _w, _s, _a, size in cycles:
        room = min([capacity[v] for v in venue_codes.split(";") if v in capacity], default=10**6)
        chosen, people = [], 0
        for case_code, members in rng.sample(open_cases, len(open_cases)):
            if len(chosen) == size:
                break
            if people + members <= room:
                chosen.append(case_code)
                people += members
        rows.extend([code, case_code] for case_code in sorted(chosen))
    return rows


CADENCE_HEADER = ["code", "purpose", "category", "case_code", "anchor", "repeat", "interval_days", "min_days",
                  "max_days", "roles", "duration", "priority", "add_narcologist", "add_lawyer", "curator",
                  "active"]


def cadence_rules() -> list[list]:
    """The practices' milestones (the planner's defaults) and this centre's routine contact."""
    rows = [[r.code, r.purpose, r.category, "", r.anchor, r.repeat, r.interval_days, r.min_days, r.max_days,
             ";".join(r.roles), r.duration, r.priority, r.add_narcologist, r.add_lawyer, r.curator, True]
            for r in DEFAULT_RULES]
    rows += [[code, "routine", category, "", "intake", True, interval, earliest, deadline, "social_worker", 60,
              priority, False, False, "required", True]
             for code, category, interval, earliest, deadline, priority in ROUTINE_RULES]
    return rows


FAMILY_HEADER = ["case_code", "display_name", "settlement", "address", "lat", "lon", "category", "curator",
                 "status", "intake_date", "agreement_date", "consent_date", "consent_withdrawn", "dependence",
                 "legal_question", "people", "availability", "contact_email", "contact_phone", "notice_channel",
                 "closed_date", "closure_reason"]


def generate(out: Path, seed: int) -> None:
    """Write every demo file into ``out``."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    write(out, "districts.csv", ["code", "name", "lat", "lon", "speed_kmh", "detour"],
          [[code, name, lat, lon, speed, detour] for code, name, _c, lat, lon, speed, detour in DISTRICTS])
    write(out, "depots.csv", ["code", "name", "address", "lat", "lon", "district"], depots())
    write(out, "agencies.csv", ["code", "name", "hours"], [list(a) for a in AGENCIES])
    villages = settlements(rng)
    write(out, "settlements.csv",
          ["code", "name", "district", "lat", "lon", "road_note", "needs_4x4_in_thaw", "demo"],
          [village[:8] for village in villages])
    staff_rows, precincts = staff(rng)
    staff_rows += district_inspectors(random.Random(seed + 3))
    write(out, "staff.csv", ["code", "full_name", "roles", "agency", "depot", "weekly_hours", "hours", "email",
                             "phone", "caseload_limit"], staff_rows)
    write(out, "absences.csv", ["staff", "start", "end", "reason"], [
        ["sw-03", "2026-11-30", "2026-12-13", "ежегодный отпуск"],
        ["psy-02", "2026-12-09", "2026-12-11", "курсы повышения квалификации"],
        ["sw-11", "2026-12-01", "2026-12-04", "больничный"],
    ])
    write(out, "vehicles.csv", ["code", "name", "depot", "seats", "capacity", "cost_per_km", "fixed_cost",
                                "max_drive_minutes", "four_wd", "start_time", "end_time"],
          [[code, name, depot, seats, cap, cost, fixed, drive, wd, "08:00", "18:00"]
           for code, name, seats, cap, cost, fixed, drive, wd, depot in VEHICLES])
    write(out, "vehicle_unavailability.csv", ["vehicle", "start", "end", "reason"],
          [["gazel-1", "2026-12-07", "2026-12-09", "плановое ТО"]])
    territory = territories(villages, precincts)
    write(out, "territories.csv", ["settlement", "curator"], sorted(territory.items()))
    curators = sorted(code for codes in precincts.values() for code in codes)
    write(out, "protected_time.csv", ["code", "name", "weekday", "start", "end", "agency", "staff", "active"],
          [[*TEAM_MEETING, "", ";".join(curators), True]])
    family_rows = families(rng, villages, precincts, territory)
    detail = random.Random(seed + 1)
    closures(detail, family_rows)
    write(out, "services.csv", ["code", "name", "role", "active"],
          [[code, name, role, True] for code, name, role in SERVICES])
    write(out, "families.csv", FAMILY_HEADER, family_rows)
    write(out, "follow_ups.csv", ["case_code", "years", "due", "date", "result", "note"],
          follow_ups(detail, family_rows))
    points, contacts, series = expedition_rows(villages, family_rows, territory, staff_rows)
    write(out, "venues.csv", ["code", "name", "settlement", "address", "lat", "lon", "capacity", "online",
                              "hours"], venues() + points)
    write(out, "terms.csv", ["code", "start", "end"], [["2026-autumn", AUTUMN_START, REFERENCE_DAY],
                                                       ["2026-27-winter-spring", TERM_START, TERM_END]])
    write(out, "programmes.csv", ["code", "name", "kind", "sessions", "cadence", "minutes", "days", "roles",
                                  "staff_pool", "venues", "same_staff", "same_slot", "earliest", "latest",
                                  "preferred_weekdays", "preferred_start_between", "audience"],
          programmes(staff_rows))
    autumn = [cycle for cycle in term_cycles() if cycle[0].endswith("-autumn")]
    write(out, "enrolments.csv", ["programme", "case_code"],
          enrolments(rng, family_rows) + enrolments(random.Random(seed + 4), family_rows, autumn))
    write(out, "cadence_rules.csv", CADENCE_HEADER, cadence_rules())
    write(out, "visit_history.csv", ["case_code", "date", "purpose", "outcome", "staff", "mode",
                                     "services", "adults", "children"],
          details(detail, family_rows, history(rng, family_rows, territory)))
    write(out, "agency_contacts.csv", ["agency", "name", "email"], contacts)
    write(out, "expeditions.csv", EXPEDITION_HEADER, series)


EXPEDITION_HEADER = ["code", "name", "organiser", "vehicle", "districts", "trips", "cadence", "minutes",
                     "roles", "staff_pool", "reception", "reception_minutes", "meeting_minutes",
                     "meeting_roles", "meeting_days_before", "meeting_venues", "earliest", "latest",
                     "preferred_weekdays"]
RECEPTION_KM = 12.0
"""As ``planner.services.expedition_week``: families this near a reception point are received there."""


EXPEDITION_TEAMS = {
    # district -> the branch's car (its seats bound the team), the team's roles, the planning
    # meeting's roles and venue (at the branch)
    "dubensky": ("gazel-1", "narcologist;police_inspector;psychologist;social_worker;social_worker;lawyer",
                 "social_worker;lawyer", "centre-hall"),
    "teplo-ogaryovsky": ("uaz-2", "narcologist;police_inspector;psychologist;social_worker;social_worker",
                         "social_worker;psychologist", "dk-teploye"),
    "chernsky": ("niva-1", "narcologist;police_inspector;social_worker;social_worker;social_worker",
                 "social_worker", "school-chern"),
    "shchekinsky": ("uaz-3", "narcologist;police_inspector;psychologist;social_worker;social_worker",
                    "social_worker", "library-shchekino"),
}
"""Each district's trip of the term leaves from its own branch: 105 km each way from the base left the
far districts' trips about 80 minutes at the district (docs/expeditions.md). Chern's team is larger than
a Niva's seats and takes the branch's second Niva too (``expedition_week``), Shchekino's takes the
Largus for its psychologist (the quarterly monitoring needs one)."""
EXPEDITION_TRIPS = 6
"""Trips per district in the term: every fourth week, the districts in turn (24 in all, seed 003)."""


def district_inspectors(rng: random.Random) -> list[list]:
    """The police juvenile inspector of each district's police department (pdn-01 is the base's).

    Drawn from their own random stream so that the rest of the region stays as it was.
    """
    return [[f"pdn-{n:02d}", person(rng), "police_inspector", "police-pdn", BRANCHES[code], 40, "", "", "", 0]
            for n, (code, *_) in enumerate(DISTRICTS[1:], start=2)]


def expedition_rows(villages: list[list], family_rows: list[list], territory: dict[str, str],
                    staff_rows: list[list]) -> tuple[list, list, list]:
    """The family expedition (seed 003): a trip every week into one district after another.

    In the term each district's series leaves from its own branch with its car,
    the district hospital's narcologist, the district's police inspector and
    psychologist and the curators of the families around its reception point,
    every fourth week, one week after the district before it; the autumn's
    recorded series went from the base into all four in turn. The reception
    point is a house of culture in the demo village with the most families
    within ``RECEPTION_KM``, open on the narcologist's days (Tue/Thu); each
    district's hospital and the police have a contact who agrees the dates
    (the narcologists have no e-mail of their own). Returns venue rows, agency
    contact rows and the series rows (the autumn's and the term's).
    """
    points, series = [], []
    for i, (code, name, *_rest) in enumerate(DISTRICTS):
        candidates = [v for v in villages if v[2] == code and v[7]]
        best = max(candidates, key=lambda v: (_families_near(v, family_rows), v[0]))
        point = [f"dk-{best[0]}", f"Дом культуры, {best[1]} (пункт приёма, демо)", best[0], best[1],
                 best[3], best[4], 40, False, "tue,thu 10:00-16:00"]
        points.append(point)
        vehicle, roles, meeting_roles, meeting_venue = EXPEDITION_TEAMS[code]
        series.append([f"expedition-{code}", f"Семейная экспедиция: {name} (демо)", "centre", vehicle, code,
                       EXPEDITION_TRIPS, f"weekly:{len(DISTRICTS)}", 420, roles,
                       ";".join(_expedition_pool(code, roles, point, family_rows, territory, staff_rows)),
                       f"{code}={point[0]}", 120, 60, meeting_roles, "1;3", meeting_venue,
                       TERM_START + dt.timedelta(days=7 * i), TERM_END, ""])
    contacts = [[HOSPITALS[code], "Заместитель главного врача ЦРБ (демо)", f"zam@{HOSPITALS[code]}.example.org"]
                for code, *_ in DISTRICTS] + [["police-pdn", "Начальник ПДН ОМВД (демо)", "pdn@omvd.example.org"]]
    return points, contacts, [autumn_series(points), *series]


def _expedition_pool(district: str, roles: str, point: list, family_rows: list[list],
                     territory: dict[str, str], staff_rows: list[list]) -> list[str]:
    """Who may go: the branch's people of the team's roles other than social workers, and the
    curators of the most of the district's families near the point (one more than the team takes)."""
    depot = BRANCHES[district]
    wanted = set(roles.split(";")) - {"social_worker"}
    pool = [row[0] for row in staff_rows if row[4] == depot and set(row[2].split(";")) & wanted
            and "department_head" not in row[2]]
    if "lawyer" in wanted:
        pool += [row[0] for row in staff_rows if row[2] == "lawyer"]
    near = {}
    for family in family_rows:
        if family[8] == "open" and family[2].startswith(f"{district}-") \
                and _km(point[4], point[5], family[4], family[5]) <= RECEPTION_KM:
            curator = territory[family[2]]
            near[curator] = near.get(curator, 0) + 1
    curators = sorted(near, key=lambda c: (-near[c], c))[:roles.split(";").count("social_worker") + 1]
    return sorted(set(pool)) + sorted(curators)


def autumn_series(points: list[list]) -> list:
    """The expedition of the recorded season: from the base into each district in turn, a trip a week."""
    return ["family-expedition-autumn", "Семейная экспедиция, осень (демо)", "centre", "gazel-1",
            ";".join(code for code, *_ in DISTRICTS), AUTUMN_TRIPS, "weekly:1", 420,
            "narcologist;police_inspector;psychologist;social_worker;social_worker;lawyer",
            "narc-01;pdn-01;psy-01;sw-01;sw-05;sw-09;law-01",
            ";".join(f"{code}={p[0]}" for (code, *_), p in zip(DISTRICTS, points)), 120, 60,
            "social_worker;lawyer", "1;3", "centre-hall", SEASON_START, REFERENCE_DAY, ""]


def _families_near(village: list, family_rows: list[list]) -> int:
    return sum(1 for f in family_rows if _km(village[3], village[4], f[4], f[5]) <= RECEPTION_KM)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), enough to pick a village."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent)
    args = parser.parse_args()
    generate(args.out, args.seed)


if __name__ == "__main__":
    main()
