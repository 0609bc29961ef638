"""A hand edit re-times only the routes it touches; the validator names what it breaks."""

from __future__ import annotations

import pytest

from planner.optimize.brigade import plan_week
from planner.services.retime import CannotPlace, HandEdit, breaks, edited, new_breaks

DAYS = ["2026-12-07", "2026-12-08"]


def _request() -> dict:
    hours = {day: [["08:00", "18:00"]] for day in DAYS}
    visits = [{"id": f"v{i}", "location": [54.1 + 0.02 * i, 37.2 + 0.01 * i], "duration": 60,
               "roles": ["social_worker"], "time_windows": [["09:00", "18:00"]], "priority": 50,
               "place": f"p{i // 2}", "dates": DAYS[:1] if i < 4 else DAYS} for i in range(6)]
    return {"version": 1, "timezone": "Europe/Moscow", "dates": DAYS,
            "depots": [{"id": "d", "location": [54.02, 37.01]}],
            "staff": [{"id": "sw-01", "roles": ["social_worker"], "depot": "d", "availability": hours},
                      {"id": "sw-02", "roles": ["social_worker"], "depot": "d", "availability": hours},
                      {"id": "psy-01", "roles": ["psychologist"], "depot": "d", "availability": hours}],
            "vehicles": [{"id": f"uaz-{n}", "depot": "d", "seats": 4, "capacity": 20, "max_drive_minutes": 300,
                          "availability": {day: [["08:00", "18:30"]] for day in DAYS}} for n in (1, 2)],
            "visits": visits, "lunch": {"earliest": "12:00", "latest": "14:00", "minutes": 45},
            "options": {"time_limit": 1, "seed": 0, "parallel_service": True}}


@pytest.fixture(scope="module")
def week() -> tuple[dict, dict]:
    request = _request()
    answer = plan_week(request)
    assert not answer["unassigned"] and not breaks(request, answer)
    return request, answer


def _key(route: dict) -> tuple[str, str]:
    return route["vehicle"], route["date"]


def _stop(answer: dict, visit: str) -> tuple[dict, dict]:
    return next((r, s) for r in answer["routes"] for s in r["stops"] if s["visit"] == visit)


def test_a_move_to_another_day_leaves_every_other_route_as_it_was(week):
    request, answer = week
    route, _ = _stop(answer, "v4")
    target = next(day for day in DAYS if day != route["date"])
    new_request, new_answer = edited(request, answer, HandEdit("move", "v4", target, route["vehicle"]))
    moved, _ = _stop(new_answer, "v4")
    assert _key(moved) == (route["vehicle"], target)
    untouched = [r for r in answer["routes"] if _key(r) not in (_key(route), _key(moved))]
    assert all(r in new_answer["routes"] for r in untouched)
    assert new_request["visits"][4]["pinned"] == {"date": target, "vehicle": route["vehicle"]}
    assert new_breaks(week, (new_request, new_answer)) == []
    assert [c["visit"] for c in new_answer["changes"]] == ["v4"]
    assert new_answer["summary"]["served"] == 6


def test_a_removal_keeps_the_other_stops_at_their_times(week):
    request, answer = week
    route, _ = _stop(answer, "v0")
    new_request, new_answer = edited(request, answer, HandEdit("remove", "v0"))
    after = next(r for r in new_answer["routes"] if _key(r) == _key(route))
    assert {s["visit"]: s["start"] for s in after["stops"]} == \
        {s["visit"]: s["start"] for s in route["stops"] if s["visit"] != "v0"}
    assert "v0" not in {v["id"] for v in new_request["visits"]} and new_answer["summary"]["visits"] == 5
    assert new_breaks(week, (new_request, new_answer)) == []


def test_a_move_against_the_rules_stands_and_the_validator_names_each_broken_rule(week):
    request, answer = week
    route, _ = _stop(answer, "v0")
    new_request, new_answer = edited(request, answer, HandEdit("move", "v0", route["date"], route["vehicle"], "07:00"))
    assert _stop(new_answer, "v0")[1]["start"] == "07:00"
    broken = new_breaks(week, (new_request, new_answer))
    assert any("outside its time windows" in sentence for sentence in broken)
    assert any("not available for the whole route" in sentence for sentence in broken)


def test_a_move_to_a_day_the_family_cannot_is_said_too(week):
    request, answer = week
    route, _ = _stop(answer, "v0")
    other = next(day for day in DAYS if day != route["date"])
    new_request, new_answer = edited(request, answer, HandEdit("move", "v0", other, route["vehicle"]))
    assert any(f"{other} is not one of its dates" in s for s in new_breaks(week, (new_request, new_answer)))


def test_a_visit_nobody_can_serve_is_refused():
    request = _request()
    request["visits"][0]["roles"] = ["lawyer"]
    answer = plan_week(request)
    assert [e["visit"] for e in answer["unassigned"]] == ["v0"]
    with pytest.raises(CannotPlace):
        edited(request, answer, HandEdit("move", "v0", DAYS[0], "uaz-1"))
