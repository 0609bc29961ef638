"""A small valid region in the import format (data/FORMAT.md), written by tests."""

from __future__ import annotations

REGION = {
    "districts": """code,name,lat,lon,speed_kmh,detour
dubensky,Дубенский,54.2167,37.2431,45,1.35
chernsky,Чернский,53.4550,36.9050,40,1.4
""",
    "depots": """code,name,address,lat,lon,district
gvardeysky,СРЦН № 4,п. Гвардейский,54.0215,37.0123,dubensky
""",
    "agencies": """code,name,hours
centre,СРЦН № 4,mon-fri 09:00-18:00
crb,Районная больница,"tue,thu 09:00-13:00,14:00-17:00"
""",
    "settlements": """code,name,district,lat,lon,road_note,needs_4x4_in_thaw,demo
ivanovka,Ивановка,dubensky,54.10,37.30,грунтовка,да,yes
petrovo,Петрово,chernsky,53.50,36.95,,no,yes
""",
    "staff": """code,full_name,roles,agency,depot,weekly_hours,hours,email,phone
sw-01,Иванова А. А.,social_worker,centre,gvardeysky,40,,,
nar-01,Петров П. П.,narcologist,crb,gvardeysky,8,tue 09:00-13:00,,
""",
    "absences": """staff,start,end,reason
sw-01,2026-12-01,2026-12-05,отпуск
""",
    "vehicles": """code,name,depot,seats,capacity,cost_per_km,fixed_cost,max_drive_minutes,four_wd,start_time,end_time
uaz-1,УАЗ Патриот,gvardeysky,4,20,12.5,0,300,yes,08:30,18:00
""",
    "vehicle_unavailability": """vehicle,start,end,reason
uaz-1,2026-12-10,2026-12-11,ТО
""",
    "families": """case_code,display_name,settlement,address,lat,lon,category,curator,status,intake_date,agreement_date,consent_date,consent_withdrawn,dependence,legal_question,people,availability,contact_email,contact_phone,notice_channel
F-001,Семья 1,ivanovka,ул. Ленина 1,54.11,37.31,sop,sw-01,open,2026-01-10,2026-01-20,2026-01-20,no,no,no,4,,,,none
F-002,Семья 2,petrovo,ул. Мира 2,53.51,36.96,tzhs,,open,,,,no,yes,no,3,mon-fri 15:00-19:00,a@example.org,,email
""",
    "follow_ups": """case_code,years,due,date,result,note
F-001,1,2027-02-01,,,
""",
    "venues": """code,name,settlement,address,lat,lon,capacity,online,hours
dk-ivanovka,ДК Ивановка,ivanovka,ул. Ленина 5,54.10,37.30,30,no,tue-wed 14:00-20:00
online,Онлайн,,,,,0,yes,
""",
    "programmes": """code,name,kind,sessions,cadence,minutes,days,roles,staff_pool,venues,same_staff,same_slot,earliest,latest,preferred_weekdays,preferred_start_between,audience
art-1,Арт-терапия,art_therapy,12,weekly:1,90,0,social_worker;narcologist,sw-01;nar-01,dk-ivanovka,yes,yes,2027-01-18,2027-04-30,tue;wed,15:00-18:00,родители и дети
club,Семейный клуб,club,36,gap:7-14,120,0,social_worker,,online;dk-ivanovka,no,no,,,,,
""",
    "enrolments": """programme,case_code
art-1,F-001
art-1,F-002
""",
    "services": """code,name,role,active
legal,Консультация юриста,lawyer,yes
talk,Беседа,,yes
""",
    "session_records": """programme,date,held,families,adults,children,note
club,2026-11-12,yes,4,5,6,
club,2026-11-19,no,0,0,0,праздник
""",
    "visit_history": """case_code,date,purpose,outcome,staff,mode,services,adults,children
F-001,2026-11-10,routine,done,sw-01,home,legal;talk,2,1
F-001,2026-11-17,routine,absent,sw-01,home,,0,0
F-002,2026-11-18,routine,done,,online,talk,1,0
""",
}


def write_region(folder, replace: dict[str, str] | None = None, only: tuple[str, ...] = ()):
    """Write the small region (``only`` some files; some replaced or dropped via ``None``)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: text for name, text in {**REGION, **(replace or {})}.items()
             if not only or name in only}
    paths = []
    for name, text in files.items():
        if text is None:
            continue
        path = folder / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
