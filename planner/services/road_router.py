"""An OSRM-compatible ``table`` service as the source of travel times.

The optimisers never do I/O, so a road router's answers reach them as the
request's ``matrix`` (spec section 1): this module asks the service and returns
that matrix; ``with_road_matrix`` puts it into a request. The URL comes from
``PLANNER_OSRM_URL`` (``planner.config``); without it the optimiser's own
geodesic road model applies.

OSRM servers cap the table size (``--max-table-size``, 100 by default), so large
point sets are asked for in blocks of sources × destinations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import requests

from planner import config
from planner.optimize.travel import Point, key

BLOCK = 100


class RoadRouterError(RuntimeError):
    """The road router could not give a usable table (down, refused, no route)."""


def table(points: Sequence[Point], url: str | None = None, *, timeout: float = 30.0,
          block: int = BLOCK) -> dict:
    """``{"locations", "minutes", "meters"}`` between distinct ``points`` by road."""
    base = (url or config.load().osrm_url).rstrip("/")
    if not base:
        raise RoadRouterError("no road router configured (PLANNER_OSRM_URL)")
    pts = list(dict.fromkeys(key(p) for p in points))
    n = len(pts)
    minutes = [[0] * n for _ in range(n)]
    meters = [[0] * n for _ in range(n)]
    with requests.Session() as http:
        for src in range(0, n, block):
            for dst in range(0, n, block):
                _fill(http, base, pts, range(src, min(src + block, n)),
                      range(dst, min(dst + block, n)), timeout, minutes, meters)
    return {"locations": [list(p) for p in pts], "minutes": minutes, "meters": meters}


def with_road_matrix(request: dict, url: str | None = None) -> dict:
    """A copy of a plan request whose ``matrix`` holds road times of all its places."""
    places = [d["location"] for d in request.get("depots", [])]
    places += [v["location"] for v in request.get("visits", [])]
    return {**request, "matrix": table(places, url)}


def _fill(http: requests.Session, base: str, pts: list[Point], src: range, dst: range,
          timeout: float, minutes: list[list[int]], meters: list[list[int]]) -> None:
    """Ask one block and write it into the full matrices."""
    ids = list(dict.fromkeys([*src, *dst]))
    at = {p: i for i, p in enumerate(ids)}
    coords = ";".join(f"{pts[i][1]:.6f},{pts[i][0]:.6f}" for i in ids)
    params = {"annotations": "duration,distance",
              "sources": ";".join(str(at[i]) for i in src),
              "destinations": ";".join(str(at[j]) for j in dst)}
    try:
        reply = http.get(f"{base}/table/v1/driving/{coords}", params=params, timeout=timeout)
        body = reply.json()
    except (requests.RequestException, ValueError) as exc:
        raise RoadRouterError(f"road router at {base} did not answer: {exc}") from exc
    if reply.status_code != 200 or body.get("code") != "Ok":
        raise RoadRouterError(f"road router refused the table: {body.get('code')} {body.get('message', '')}")
    for r, i in enumerate(src):
        for c, j in enumerate(dst):
            seconds, metres = body["durations"][r][c], body["distances"][r][c]
            if seconds is None or metres is None:
                raise RoadRouterError(f"no road between {list(pts[i])} and {list(pts[j])}")
            minutes[i][j] = math.ceil(seconds / 60 - 1e-9)
            meters[i][j] = round(metres)
