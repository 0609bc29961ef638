"""The OSRM-compatible table client, against a small fake server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from planner.optimize.travel import TravelModel
from planner.services.road_router import RoadRouterError, table, with_road_matrix


class FakeOsrm(BaseHTTPRequestHandler):
    """Answers /table/v1/driving/ with 100 s and 1 km per 0.01° of latitude apart."""

    calls: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        FakeOsrm.calls.append(url.path)
        coords = url.path.rsplit("/", 1)[1].split(";")
        query = parse_qs(url.query)
        src = [int(i) for i in query["sources"][0].split(";")]
        dst = [int(i) for i in query["destinations"][0].split(";")]
        lat = [float(c.split(",")[1]) for c in coords]
        rank = [round(x * 100) for x in lat]
        island = [x >= 60 for x in lat]  # no road to or from these
        body = {"code": "Ok",
                "durations": [[None if island[i] != island[j] else abs(rank[i] - rank[j]) * 100.0
                               for j in dst] for i in src],
                "distances": [[abs(rank[i] - rank[j]) * 1000.0 for j in dst] for i in src]}
        self._send(200, body)

    def _send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def osrm_url():
    server = HTTPServer(("127.0.0.1", 0), FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOsrm.calls = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_table_in_blocks_gives_the_full_matrix(osrm_url):
    points = [(54.00 + i / 100, 37.0) for i in range(5)]
    result = table(points, osrm_url, block=2)
    assert len(FakeOsrm.calls) == 9  # 3 source blocks x 3 destination blocks
    assert result["locations"] == [list(p) for p in points]
    assert result["minutes"][0][4] == 7  # 400 s rounded up to whole minutes
    assert result["meters"][4][1] == 3000
    assert all(result["minutes"][i][i] == 0 for i in range(5))


def test_request_matrix_feeds_the_travel_model(osrm_url):
    request = {"depots": [{"id": "d", "location": [54.0, 37.0]}],
               "visits": [{"id": "v", "location": [54.03, 37.1]}]}
    routed = with_road_matrix(request, osrm_url)
    model = TravelModel.from_request(routed)
    assert model.minutes((54.0, 37.0), (54.03, 37.1)) == 5
    assert model.meters((54.03, 37.1), (54.0, 37.0)) == 3000


def test_url_from_environment(osrm_url, monkeypatch):
    monkeypatch.setenv("PLANNER_OSRM_URL", osrm_url)
    assert table([(54.0, 37.0), (54.01, 37.0)])["meters"][0][1] == 1000


def test_no_route_is_an_error(osrm_url):
    with pytest.raises(RoadRouterError, match="no road"):
        table([(54.0, 37.0), (60.5, 37.0)], osrm_url)


def test_unconfigured_or_down_router_is_an_error(monkeypatch):
    monkeypatch.delenv("PLANNER_OSRM_URL", raising=False)
    with pytest.raises(RoadRouterError, match="configured"):
        table([(54.0, 37.0)])
    with pytest.raises(RoadRouterError, match="did not answer"):
        table([(54.0, 37.0)], "http://127.0.0.1:9", timeout=2)
