"""Human names of the domain's codes (roles, categories, statuses, reasons, purposes, kinds).

Codes stay English in the database and the JSON formats; people read these.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

ROLES = {
    "social_worker": _l("social worker"), "psychologist": _l("psychologist"),
    "social_pedagogue": _l("social pedagogue"), "pedagogue": _l("pedagogue"), "lawyer": _l("lawyer"),
    "nurse": _l("nurse"), "narcologist": _l("narcologist"), "police_inspector": _l("juvenile police inspector"),
    "guardianship_officer": _l("guardianship officer"), "employment_specialist": _l("employment specialist"),
    "culture_worker": _l("culture worker"), "department_head": _l("department head"),
    "coordinator": _l("coordinator"), "volunteer": _l("volunteer"),
}
CATEGORIES = {
    "sop": _l("socially dangerous position (SOP)"), "tzhs": _l("difficult life situation (TZhS)"),
    "risk": _l("risk of child removal"), "foster": _l("foster family"), "other": _l("other"),
}
CURATOR_RULES = {
    "required": _l("required when working that week"), "preferred": _l("preferred"), "none": _l("not needed"),
}
WEEKDAYS = {
    "mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"), "thu": _l("Thursday"),
    "fri": _l("Friday"), "sat": _l("Saturday"), "sun": _l("Sunday"),
}
PLAN_STATUSES = {
    "draft": _l("draft"), "published": _l("published"), "superseded": _l("superseded"), "failed": _l("failed"),
}
REASONS = {
    "NO_STAFF_WITH_ROLE": _l("nobody with the needed role is free"),
    "NO_VEHICLE": _l("no vehicle is free"),
    "TIME_WINDOW": _l("cannot be reached within the family's hours"),
    "SHIFT_LENGTH": _l("the working day is too short for the trip"),
    "DRIVE_LIMIT": _l("the driving limit of the day would be exceeded"),
    "CAPACITY": _l("the vehicle has no room for the load"),
    "PINNED_CONFLICT": _l("the pinned day or brigade cannot serve it"),
    "OUTCOMPETED": _l("possible, but the time went to more urgent visits"),
    "NO_CAPACITY": _l("the brigades that could serve it are full or lack the needed people"),
    "ROAD_CLOSED": _l("the road to the settlement is closed"),
    "REQUIRED_STAFF": _l("the person it needs is not at work"),
    "NO_DATE": _l("none of its days is in this week"),
    "REMOVED_BY_HEAD": _l("removed from the plan by hand"),
}
PURPOSES = {
    "first_visit": _l("first visit"), "assessment": _l("assessment"), "monitoring": _l("monitoring"),
    "diagnostics": _l("diagnostics"), "followup": _l("follow-up"), "routine": _l("routine visit"),
    "urgent": _l("urgent visit"), "consultation": _l("specialist's consultation"),
}
PROGRAMME_KINDS = {
    "art_therapy": _l("art therapy"), "parent_school": _l("school for parents"), "club": _l("club"),
    "training": _l("training"), "video_lecture": _l("video lecture"), "case_method": _l("case method"),
    "supervision": _l("supervision"), "animation_studio": _l("animation studio"), "camp": _l("camp"),
    "planning_meeting": _l("planning meeting with the partners"),
}
OUTCOMES = {
    "done": _l("done"), "absent": _l("nobody at home"), "refused": _l("refused"), "moved": _l("moved"),
}


def full_address(family) -> str:
    """The settlement and the address, without repeating the settlement the address names."""
    name, address = family.settlement.name, family.address
    return address if name in address else ", ".join(part for part in (name, address) if part)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["full_address"] = full_address
    for name, table in (("role_label", ROLES), ("category_label", CATEGORIES),
                        ("status_label", PLAN_STATUSES), ("reason_label", REASONS),
                        ("purpose_label", PURPOSES), ("kind_label", PROGRAMME_KINDS),
                        ("outcome_label", OUTCOMES)):
        app.jinja_env.filters[name] = lambda code, table=table: table.get(code, code)
