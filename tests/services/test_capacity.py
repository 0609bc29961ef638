"""The capacity statement: read from the plan's request and answer."""

from planner.services.capacity import capacity_statement


def staff(code, roles, availability):
    return {"id": code, "roles": roles, "availability": availability}


REQUEST = {
    "vehicles": [{"id": "uaz-1", "availability": {"2026-12-07": [], "2026-12-08": [], "2026-12-10": []}}],
    "staff": [staff("sw-01", ["social_worker"], {"2026-12-07": [["09:00", "18:00"]]}),
              staff("nar-01", ["narcologist"], {"2026-12-08": [["09:00", "13:00"]],
                                                "2026-12-10": [["09:00", "13:00"]]})],
    "visits": [{"id": f"vr-{n}", "roles": ["social_worker"], "mandatory": n == 5} for n in range(1, 6)]
    + [{"id": "vr-6", "roles": ["social_worker", "narcologist"], "mandatory": False},
       {"id": "vr-7", "roles": ["social_worker", "lawyer"], "mandatory": False},
       {"id": "vr-8", "roles": ["social_worker"], "required_staff": ["sw-01"]},
       {"id": "vr-9", "roles": ["social_worker"], "done": True}],
}
ANSWER = {
    "routes": [{"vehicle": "uaz-1", "date": "2026-12-07", "crew": ["sw-01"],
                "stops": [{"visit": "vr-1"}, {"visit": "vr-2"}, {"visit": "vr-9"}]}],
    "unassigned": [
        {"visit": "vr-3", "reasons": ["OUTCOMPETED"]}, {"visit": "vr-4", "reasons": ["OUTCOMPETED"]},
        {"visit": "vr-5", "reasons": ["OUTCOMPETED"]},
        {"visit": "vr-6", "reasons": ["NO_STAFF_WITH_ROLE"]}, {"visit": "vr-7", "reasons": ["NO_STAFF_WITH_ROLE"]},
        {"visit": "vr-8", "reasons": ["REQUIRED_STAFF"]}],
}


def test_a_full_plan_covers_the_week():
    request = {**REQUEST, "visits": REQUEST["visits"][:2]}
    statement = capacity_statement(request, {"routes": ANSWER["routes"], "unassigned": []})
    assert statement.covers and (statement.due, statement.served) == (2, 2)


def test_short_brigade_days_follow_the_plans_pace():
    statement = capacity_statement(REQUEST, ANSWER)
    assert not statement.covers
    assert (statement.due, statement.served, statement.left_out, statement.mandatory_left_out) == (8, 2, 6, 1)
    assert statement.waiting_for_time == 3 and statement.brigade_days_short == 2  # 3 visits at 2 a day
    assert statement.vehicle_days_unused == 2 and statement.curator_busy == 1


def test_visits_waiting_for_a_role_name_when_its_people_work():
    narcologist, lawyer = capacity_statement(REQUEST, ANSWER).roles
    assert (narcologist.role, narcologist.visits, narcologist.weekdays, narcologist.until) == \
        ("narcologist", 1, ("tue", "thu"), "13:00")
    assert (lawyer.role, lawyer.people, lawyer.until) == ("lawyer", 0, None)
