"""Folium maps that work offline: Leaflet from the app's own static folder.

Folium links Leaflet, jQuery and Bootstrap from CDNs; rural offices may have
no internet, so every map here uses only Leaflet's own features (no icon
fonts, no Bootstrap) and loads Leaflet and jQuery from ``static/vendor``. Tiles come from ``PLANNER_TILE_URL``; when they
cannot load, the vector layers (settlements, routes, district outlines)
still draw on a plain background.

Every text on a map is escaped twice, once per context it passes through:
``html.escape`` because Leaflet puts tooltip and popup content into the page
as HTML, then JSON with ``<``, ``>``, ``&``, ``'`` and braces as ``\\u``
escapes because the content is written into an inline script (which branca
also compiles as a Jinja template: ``{{ }}`` in a name would run on the server). Folium's own
``Tooltip`` and ``Popup`` put the text into JavaScript template literals,
where ``${...}``, a backtick or ``</script>`` in a settlement's name would run
or break script, so this module has its own two elements and nothing here
hands user text to folium's. ``document`` also returns the
Content-Security-Policy that lets only the map's own inline scripts run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

import folium
from branca.element import MacroElement
from flask import current_app, url_for
from branca.element import MacroElement
from flask_babel import gettext as _
from folium.template import Template, tojavascript

from planner.web.security import policy

from planner.web import map_templates

map_templates.install()

LEAFLET = "vendor/leaflet-1.9.4"
JQUERY = "vendor/jquery-3.7.1/jquery.min.js"
"""Folium's popups build their content with ``$()``, so jQuery comes along."""
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
           "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")
"""One colour per brigade (vehicle), in the order the vehicles are listed."""


class Tooltip(MacroElement):
    """A tooltip whose ``html`` is a JSON string in the script, never a template literal."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip({{ this.script_text }}, {"sticky": true});
        {% endmacro %}
    """)

    def __init__(self, html: str):
        super().__init__()
        self._name = "Tooltip"
        self.script_text = script_string(html)


class Popup(MacroElement):
    """A popup whose ``html`` is a JSON string in the script, never a template literal."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindPopup({{ this.script_text }}, {"maxWidth": {{ this.max_width }}});
        {% endmacro %}
    """)

    def __init__(self, html: str, max_width: int = 260):
        super().__init__()
        self._name = "Popup"
        self.script_text, self.max_width = script_string(html), int(max_width)


def script_string(html: str) -> str:
    """``html`` as a JavaScript string literal that no later pass can read as markup.

    Besides ``<``, ``>``, ``&`` and ``'`` (folium's JSON escapes), braces
    become ``\\u007b``/``\\u007d``: branca compiles each rendered element as a
    Jinja template again, so ``{{ ... }}`` in a name would otherwise be run on
    the server.
    """
    return tojavascript(html).replace("{", "\\u007b").replace("}", "\\u007d")


def tooltip(text: str) -> Tooltip:
    """A tooltip showing ``text`` as plain text."""
    return Tooltip(escape(text))


def popup(text: str) -> Popup:
    """A popup showing ``text`` as plain text."""
    return Popup(escape(text))


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def new_map(points: list[tuple[float, float]]) -> folium.Map:
    """A map fitted to ``points`` with the configured tiles and local Leaflet."""
    centre = _centre(points)
    fmap = folium.Map(location=centre, zoom_start=9, tiles=None, control_scale=False,
                      zoom_control=False, prefer_canvas=False)
    Controls().add_to(fmap)
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


class Controls(MacroElement):
    """Zoom buttons with tooltips in the page's language and a metric-only scale.

    Folium's own controls are Leaflet's defaults: English tooltips and a
    scale in miles beside the kilometres.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, zoomOutTitle: {{ this.zoom_out|tojson }}})
            .addTo({{ this._parent.get_name() }});
        L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "Controls"
        self.zoom_in, self.zoom_out = _("Zoom in"), _("Zoom out")


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
                           fill_opacity=0.04, class_name="district-outline").add_child(tooltip(name)).add_to(layer)


def _badge(location, text: str, css_class: str, content: Popup, fill: str = "") -> folium.Marker:
    """A small label marker (pure Leaflet divIcon: no icon font, works offline)."""
    style = f' style="background:{escape(fill)}"' if fill else ""
    html = f'<div class="{css_class}"{style}>{escape(text)}</div>'
    marker = folium.Marker(location, icon=folium.DivIcon(html=html, icon_size=(22, 22), icon_anchor=(11, 11)))
    return marker.add_child(content)


def depot_marker(location, name: str) -> folium.Marker:
    return _badge(location, "Б", "depot-marker", popup(name))


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
            content = (f"<b>{stop.seq}. {escape(family.case_code)}</b><br>{escape(family.settlement.name)}: "
                       f"{escape(when)}<br>{stop.start}–{stop.end} · {escape(', '.join(stop.staff))}"
                       f"<br>{escape(route.vehicle.name)}")
            _badge((family.lat, family.lon), str(stop.seq), "stop-marker", Popup(content), fill).add_to(layer)
    points.append(depot)
    line = folium.PolyLine(points, color=fill, weight=4, opacity=0.8, class_name="route-line")
    line.add_child(tooltip(f"{route.vehicle.name} · {route.depart}–{route.return_}")).add_to(layer)


INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def document(fmap: folium.Map) -> tuple[str, dict[str, str]]:
    """The map as a complete HTML document (served in an iframe beside the page) and its headers.

    The policy names each inline script of the document by its SHA-256, so
    an ``onerror=`` handler that slipped into a name still could not run.
    """
    html = fmap.get_root().render()
    hashes = " ".join(f"'sha256-{_digest(script)}'" for script in INLINE_SCRIPT.findall(html))
    return html, {"Content-Security-Policy": policy(script_src=f"'self' {hashes}")}


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
