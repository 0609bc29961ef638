"""Feeds: RFC 5545 form, stable UIDs, SEQUENCE/STATUS across re-plans, privacy."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import pytest

from planner.models import Family, VisitRequest
from planner.services import feeds
from planner.services.publishing import publish
from tests.services.calendars import parse
from tests.services.world import BASE_LAYOUT, MONDAY, make_plan, make_world

MINUTE = __import__("datetime").timedelta(minutes=1)
DEMO_FAMILIES = Path(__file__).resolve().parents[2] / "data" / "families.csv"


@pytest.fixture()
def world(db):
    world = make_world(db)
    publish(db, make_plan(db, world, BASE_LAYOUT, 1))
    return world


def all_feeds(db, world) -> dict[str, feeds.Feed]:
    out = {f"staff:{c}": feeds.staff_feed(db, s) for c, s in world.staff.items()}
    out |= {f"vehicle:{c}": feeds.vehicle_feed(db, v) for c, v in world.vehicles.items()}
    out |= {f"programme:{c}": feeds.programme_feed(db, p) for c, p in world.programmes.items()}
    out |= {f"family:{c}": feeds.family_feed(db, f) for c, f in world.families.items()}
    return out


def test_every_feed_is_valid_for_both_parsers(db, world):
    rendered = all_feeds(db, world)
    for name, feed in rendered.items():
        assert parse(feed.body), name
    ps1 = parse(rendered["staff:ps1"].body)
    assert {"vr-1@planner.local", "vr-2@planner.local", "trip-van1-" + MONDAY.isoformat() + "@planner.local"} <= set(ps1)
    sessions = {uid for uid in ps1 if uid.startswith("session-")}
    assert len(sessions) == 3  # two club meetings and the supervision group
    assert set(parse(rendered["programme:club"].body)) < set(ps1)


def test_staff_visit_carries_case_code_address_crew_and_time(db, world):
    event = parse(feeds.staff_feed(db, world.staff["sw1"]).body)["vr-1@planner.local"]
    assert "F-001" in event["summary"] and "Красное" in event["summary"]
    assert "Петрова Анна" in event["description"] and "van1" in event["description"]
    assert event["start"].strftime("%H:%M") == "10:20"
    assert event["start"].utcoffset().total_seconds() == 3 * 3600


def test_family_sees_an_hour_window_and_roles(db, world):
    events = parse(feeds.family_feed(db, world.families["F-001"]).body)
    visit = events["vr-1@planner.local"]
    assert (visit["start"].strftime("%H:%M"), visit["end"].strftime("%H:%M")) == ("10:00", "11:00")
    assert "специалист по социальной работе, психолог" in visit["description"]
    assert "Петрова" not in visit["description"] and "F-001" not in visit["summary"]
    assert any(uid.startswith("session-") for uid in events)  # the club the family attends


def test_republishing_unchanged_plan_keeps_uid_sequence_and_etag(db, world):
    before = all_feeds(db, world)
    publish(db, make_plan(db, world, BASE_LAYOUT, 2))
    after = all_feeds(db, world)
    for name in before:
        assert after[name].etag == before[name].etag, name
        assert parse(after[name].body) == parse(before[name].body), name


def test_moved_visit_raises_sequence_and_last_modified(db, world):
    old = parse(feeds.staff_feed(db, world.staff["sw1"]).body)["vr-1@planner.local"]
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van1", 0)][0] = ("F-001", "14:10", "15:10", ["sw1", "ps1"])
    publish(db, make_plan(db, world, layout, 2), now=old["modified"].replace(tzinfo=None) + MINUTE)
    staff = parse(feeds.staff_feed(db, world.staff["sw1"]).body)
    family = parse(feeds.family_feed(db, world.families["F-001"]).body)
    for event in (staff["vr-1@planner.local"], family["vr-1@planner.local"]):
        assert event["sequence"] == old["sequence"] + 1
        assert event["modified"] > old["modified"]
    assert staff["vr-1@planner.local"]["start"].strftime("%H:%M") == "14:10"
    assert staff["vr-2@planner.local"]["sequence"] == 0


def test_removed_visit_comes_back_cancelled_everywhere(db, world):
    layout = copy.deepcopy(BASE_LAYOUT)
    del layout[("van2", 1)][1]  # F-004
    publish(db, make_plan(db, world, layout, 2))
    for feed in (feeds.staff_feed(db, world.staff["nar1"]), feeds.vehicle_feed(db, world.vehicles["van2"]),
                 feeds.family_feed(db, world.families["F-004"])):
        event = parse(feed.body)["vr-4@planner.local"]
        assert event["status"] == "CANCELLED" and event["sequence"] == 1


def test_specialist_taken_off_a_trip_sees_it_cancelled(db, world):
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van1", 0)] = [(case, s, e, ["sw1"]) for case, s, e, _ in layout[("van1", 0)]]
    publish(db, make_plan(db, world, layout, 2))
    ps1 = parse(feeds.staff_feed(db, world.staff["ps1"]).body)
    assert ps1["vr-1@planner.local"]["status"] == "CANCELLED"
    assert ps1["trip-van1-" + MONDAY.isoformat() + "@planner.local"]["status"] == "CANCELLED"
    sw1 = parse(feeds.staff_feed(db, world.staff["sw1"]).body)
    assert sw1["vr-1@planner.local"]["status"] == "CONFIRMED"


def test_drafts_are_not_in_feeds(db, world):
    layout = copy.deepcopy(BASE_LAYOUT)
    layout[("van1", 0)][0] = ("F-001", "16:00", "17:00", ["sw1", "ps1"])
    make_plan(db, world, layout, 2)  # not published
    assert parse(feeds.staff_feed(db, world.staff["sw1"]).body)["vr-1@planner.local"]["start"].hour == 10


def test_no_feed_names_a_demo_family(db, world):
    with DEMO_FAMILIES.open(encoding="utf-8") as handle:
        names = [row["display_name"] for row in csv.DictReader(handle)]
    assert len(names) > 100
    village = world.families["F-001"].settlement
    visits = []
    for n, name in enumerate(names):
        family = Family(case_code=f"D-{n}", display_name=name, settlement=village,
                        address=f"д. {n}", lat=54.1, lon=37.3)
        visits.append(VisitRequest(family=family, roles=["social_worker"]))
    db.add_all(visits)
    db.flush()
    world.visits |= {v.family.case_code: v for v in visits}
    world.families |= {v.family.case_code: v.family for v in visits}
    stops = [(f"D-{n}", "10:00", "10:30", ["sw1"]) for n in range(len(names))]
    publish(db, make_plan(db, world, {("van1", 3): stops}, 2))
    surnames = {name.split()[1] for name in names if len(name.split()) > 1} | set(names)
    for label, feed in all_feeds(db, world).items():
        text = feed.body.decode("utf-8")
        leaked = [s for s in surnames if s in text]
        assert not leaked, (label, leaked[:3])


def test_visit_moved_to_another_car_is_cancelled_in_the_old_cars_feed(db, world):
    layout = copy.deepcopy(BASE_LAYOUT)
    moved = layout[("van1", 0)].pop(1)  # F-002 rides van2 on Tuesday now
    layout[("van2", 1)].append((moved[0], "13:00", "14:00", ["nar1"]))
    publish(db, make_plan(db, world, layout, 2))
    old = parse(feeds.vehicle_feed(db, world.vehicles["van1"]).body)["vr-2@planner.local"]
    new = parse(feeds.vehicle_feed(db, world.vehicles["van2"]).body)["vr-2@planner.local"]
    assert old["status"] == "CANCELLED" and new["status"] == "CONFIRMED"
    assert old["sequence"] == new["sequence"] == 1


def test_programme_feed_names_roles_not_people(db, world):
    events = parse(feeds.programme_feed(db, world.programmes["club"]).body)
    assert len(events) == 2
    assert all("психолог" in e["description"] and "Сидоров" not in e["description"] for e in events.values())


def test_a_rider_gets_their_own_visits_of_a_split_trip_not_a_colleagues(db, world):
    """With the crew split up, a person's feed holds the trip and the visits they serve, at their times."""
    layout = {("van1", 0): [("F-001", "10:20", "11:20", ["sw1"]), ("F-002", "10:20", "11:05", ["ps1"])],
              ("van2", 1): BASE_LAYOUT[("van2", 1)]}
    publish(db, make_plan(db, world, layout, 2))
    sw1, ps1 = (parse(feeds.staff_feed(db, world.staff[c]).body) for c in ("sw1", "ps1"))
    trip = "trip-van1-" + MONDAY.isoformat() + "@planner.local"
    assert trip in sw1 and trip in ps1
    assert "vr-1@planner.local" in sw1 and "vr-2@planner.local" not in sw1
    assert "vr-2@planner.local" in ps1 and "vr-1@planner.local" not in ps1
    assert ps1["vr-2@planner.local"]["end"].strftime("%H:%M") == "11:05"


def test_names_with_newlines_commas_and_semicolons_are_escaped(db, world):
    world.vehicles["van1"].name = "УАЗ\n1, синий; с прицепом"
    world.programmes["club"].name = "Клуб;\r\nродителей, вечерний"
    db.flush()
    for feed in (feeds.vehicle_feed(db, world.vehicles["van1"]), feeds.programme_feed(db, world.programmes["club"])):
        lines = feed.body.decode().split("\r\n")
        name = next(line for line in lines if line.startswith("NAME:"))
        assert name in {r"NAME:Машина УАЗ 1\, синий\; с прицепом", r"NAME:Клуб\; родителей\, вечерний"}
        assert parse(feed.body)
