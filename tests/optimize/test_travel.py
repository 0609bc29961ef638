"""The travel model: geodesic road model, per-place profiles, explicit matrix."""

from __future__ import annotations

import itertools
import random

import pytest
from geopy.distance import geodesic

from planner.optimize.errors import SpecError
from planner.optimize.travel import RoadProfile, TravelModel, geodesic_meters

# District centres of the Tula oblast (Wikipedia coordinates).
DUBNA = (54.1817, 36.9647)
PLAVSK = (53.7083, 37.2917)
CHERN = (53.4500, 36.9167)
SHCHYOKINO = (54.0000, 37.5167)


def test_district_centres_within_one_percent_of_geopy():
    pairs = [(DUBNA, PLAVSK), (CHERN, SHCHYOKINO), (DUBNA, CHERN)]
    for a, b in pairs:
        ours = geodesic_meters([a], [b])[0][0]
        assert ours == pytest.approx(geodesic(a, b).meters, rel=0.01)
    # Dubna - Plavsk is about 56.8 km as the crow flies.
    assert 56_000 < geodesic_meters([DUBNA], [PLAVSK])[0][0] < 57_600


def test_road_metres_and_minutes_follow_detour_and_speed():
    model = TravelModel(RoadProfile(speed_kmh=60, detour=1.5))
    crow = geodesic(DUBNA, PLAVSK).meters
    assert model.meters(DUBNA, PLAVSK) == pytest.approx(crow * 1.5, rel=0.001)
    assert model.minutes(DUBNA, PLAVSK) == pytest.approx(crow * 1.5 / 1000, abs=1)


def test_symmetric_and_zero_on_the_diagonal():
    rng = random.Random(1)
    points = [(53.4 + rng.random(), 36.8 + rng.random()) for _ in range(30)]
    m = TravelModel().matrix(points)
    for i, j in itertools.product(range(30), repeat=2):
        assert m.minutes[i][j] == m.minutes[j][i]
        assert m.meters[i][j] == m.meters[j][i]
    assert all(m.minutes[i][i] == 0 and m.meters[i][i] == 0 for i in range(30))


def test_triangle_inequality_holds_after_rounding():
    rng = random.Random(2)
    points = [(53.4 + rng.random(), 36.8 + rng.random()) for _ in range(25)]
    m = TravelModel().matrix(points)
    for i, j, k in itertools.product(range(25), repeat=3):
        assert m.minutes[i][k] <= m.minutes[i][j] + m.minutes[j][k]
        assert m.meters[i][k] <= m.meters[i][j] + m.meters[j][k] + 1


def test_slow_district_slows_trips_touching_it():
    slow = TravelModel(profiles={CHERN: RoadProfile(speed_kmh=30, detour=1.6)})
    plain = TravelModel()
    assert slow.minutes(DUBNA, CHERN) > plain.minutes(DUBNA, CHERN)
    assert slow.minutes(CHERN, DUBNA) == slow.minutes(DUBNA, CHERN)
    assert slow.minutes(DUBNA, PLAVSK) == plain.minutes(DUBNA, PLAVSK)


def test_request_travel_and_overrides():
    model = TravelModel.from_request({"travel": {
        "speed_kmh": 50, "detour": 1.2,
        "overrides": [{"location": list(CHERN), "speed_kmh": 25}]}})
    assert model.default == RoadProfile(50, 1.2)
    assert model.profiles[CHERN] == RoadProfile(25, 1.2)


def test_explicit_matrix_is_used_as_given():
    model = TravelModel.from_request({"matrix": {
        "locations": [list(DUBNA), list(PLAVSK)],
        "minutes": [[0, 70], [75, 0]], "meters": [[0, 71000], [72000, 0]]}})
    assert model.minutes(PLAVSK, DUBNA) == 75
    assert model.meters(DUBNA, PLAVSK) == 71000
    assert not model.knows(CHERN)
    assert model.matrix([PLAVSK, DUBNA]).minutes == [[0, 75], [70, 0]]


def test_matrix_is_computed_once_per_point_set():
    model = TravelModel()
    assert model.matrix([DUBNA, PLAVSK]) is model.matrix([DUBNA, PLAVSK])


@pytest.mark.parametrize("request_, path", [
    ({"travel": {"speed_kmh": 0}}, "$.travel.speed_kmh"),
    ({"travel": {"detour": "x"}}, "$.travel.detour"),
    ({"travel": {"overrides": [{"location": [91, 0]}]}}, "$.travel.overrides[0].location"),
    ({"matrix": {"locations": [[54, 37]], "minutes": [[0, 1]], "meters": [[0]]}}, "$.matrix.minutes[0]"),
    ({"matrix": {"locations": [[54, 37]], "minutes": [[0]], "meters": [[-1]]}}, "$.matrix.meters[0][0]"),
    ({"matrix": {"locations": [[54, 37], [54, 37]], "minutes": [], "meters": []}}, "$.matrix.locations"),
])
def test_malformed_travel_names_the_path(request_, path):
    with pytest.raises(SpecError) as err:
        TravelModel.from_request(request_)
    assert err.value.path == path
