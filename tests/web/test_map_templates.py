"""Maps render the same HTML with the template shortcut as with Jinja compiling every string."""

from __future__ import annotations

import re

import branca.element
import folium
import jinja2

from planner.web import map_templates


def _map_html() -> str:
    fmap = folium.Map(location=(54.1, 37.2), zoom_start=9, tiles=None)
    layer = folium.FeatureGroup(name="Сёла").add_to(fmap)
    for n in range(5):
        folium.Marker((54.1 + n / 100, 37.2), popup=folium.Popup(f"Ивановка {n}\n", max_width=260),
                      icon=folium.DivIcon(html=f"<b>{n}</b>")).add_to(layer)
    folium.PolyLine([(54.1, 37.2), (54.2, 37.3)], color="#1565c0").add_to(fmap)
    return re.sub(r"_[0-9a-f]{32}", "_ID", fmap.get_root().render())


def test_the_shortcut_changes_no_byte_of_a_map(monkeypatch):
    monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    compiled = _map_html()
    monkeypatch.setattr(branca.element, "Template", map_templates.template)
    assert _map_html() == compiled


def test_only_strings_without_markup_skip_the_compiler():
    assert isinstance(map_templates.template("var a = 1;\n"), map_templates.Literal)
    assert map_templates.template("var a = 1;\n").render() == jinja2.Template("var a = 1;\n").render()
    assert isinstance(map_templates.template("{{ this.x }}"), jinja2.Template)
    assert isinstance(map_templates.template("a\r\nb"), jinja2.Template)
