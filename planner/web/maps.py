"""Folium maps that work offline: Leaflet from the app's own static folder.

Folium links Leaflet, jQuery and Bootstrap from CDNs; rural offices may have
no internet, so every map here uses only Leaflet's own features (no icon
fonts, no Bootstrap) and loads Leaflet and jQuery from ``static/vendor``. Tiles come from ``PLANNER_TILE_URL``; when they
cannot load, the vector layers (settlements, routes, district outlines)
still draw on a plain background.
"""

from __future__ import annotations

from html import escape

import folium
from flask import current_app, url_for
from flask_babel import gettext as _

from planner.web import map_templates

map_templates.install()

LEAFLET = "vendor/leaflet-1.9.4"
JQUERY = "vendor/jquery-3.7.1/jquery.min.js"
"""Folium's popups build their content with ``$()``, so jQuery comes along."""
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
           "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
"""One colour per brigade (vehicle), in the order the vehicles are listed."""


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def new_map(points: list[tuple[float, float]]) -> folium.Map:
    """A map fitted to ``points`` with the configured tiles and local Leaflet."""
    centre = _centre(points)
    fmap = folium.Map(location=centre, zoom_start=9, tiles=None, control_scale=True,
                      prefer_canvas=False)
    fmap.default_js = [("leaflet", url_for("static", filename=f"{LEAFLET}/leaflet.js")),
                       ("jquery", url_for("static", filename=JQUERY))]
    fmap.default_css = [("leaflet_css", url_for("static", filename=f"{LEAFLET}/leaflet.css")),
                        ("planner_map_css", url_for("static", filename="map.css"))]
    folium.TileLayer(tiles=current_app.config["TILE_URL"], attr=current_app.config["TILE_ATTRIBUTION"],
                     name="tiles", control=False).add_to(fmap)
    if len(points) > 1:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20))
    return fmap


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    if not points:
        return (54.2, 37.6)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def add_outlines(target, outlines: dict[str, list[tuple[float, float]]]) -> None:
    """District outlines, dashed, with the district's name as tooltip."""
    layer = folium.FeatureGroup(name=_("Districts"), show=True).add_to(target)
    for name, outline in outlines.items():
        if len(outline) >= 3:
            folium.Polygon(outline, color="#455a64", weight=1.5, dash_array="6 4", fill=True,
                           fill_opacity=0.04, tooltip=escape(name), class_name="district-outline").add_to(layer)


def _badge(location, text: str, css_class: str, popup: str, fill: str = "") -> folium.Marker:
    """A small label marker (pure Leaflet divIcon: no icon font, works offline)."""
    style = f' style="background:{fill}"' if fill else ""
    html = f'<div class="{css_class}"{style}>{escape(text)}</div>'
    return folium.Marker(location, icon=folium.DivIcon(html=html, icon_size=(22, 22), icon_anchor=(11, 11)),
                         popup=folium.Popup(popup, max_width=260))


def depot_marker(location, name: str) -> folium.Marker:
    return _badge(location, "Б", "depot-marker", escape(name))


def add_route(layer, route, calls, fill: str) -> None:
    """A brigade-day: depot -> each call's settlement in order -> depot, numbered stops with times.

    The vehicle's line joins the calls (each at its first listed home); a thin
    dashed line is the walk from there to each other home of the call. Popups
    carry the case code, never the family's name, and who serves it.
    """
    depot = (route.vehicle.depot.lat, route.vehicle.depot.lon)
    points = [depot]
    for call in calls:
        anchor = min(call.stops, key=lambda s: s.seq).visit_request.family
        points.append((anchor.lat, anchor.lon))
        when = _("arrive %(arrive)s, drive on %(depart)s", arrive=call.arrive, depart=call.depart)
        for stop in call.stops:
            family = stop.visit_request.family
            if (family.lat, family.lon) != (anchor.lat, anchor.lon):
                folium.PolyLine([(anchor.lat, anchor.lon), (family.lat, family.lon)], color=fill, weight=2,
                                dash_array="4 6", class_name="walk-line").add_to(layer)
            popup = (f"<b>{stop.seq}. {escape(family.case_code)}</b><br>{escape(family.settlement.name)}: "
                     f"{escape(when)}<br>{stop.start}–{stop.end} · {escape(', '.join(stop.staff))}"
                     f"<br>{escape(route.vehicle.name)}")
            _badge((family.lat, family.lon), str(stop.seq), "stop-marker", popup, fill).add_to(layer)
    points.append(depot)
    folium.PolyLine(points, color=fill, weight=4, opacity=0.8, class_name="route-line",
                    tooltip=f"{escape(route.vehicle.name)} · {route.depart}–{route.return_}").add_to(layer)


def document(fmap: folium.Map) -> str:
    """The map as a complete HTML document (served in an iframe beside the page)."""
    return fmap.get_root().render()
