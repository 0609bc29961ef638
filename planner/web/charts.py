"""Bar charts drawn on the server as inline SVG: no script, no outside request, they print.

A chart is categories (months, districts, programmes) and one or more
series of numbers; every text is escaped, so a district's name cannot
inject markup.
"""

from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = ("#1f6feb", "#ef6c00", "#2e7d32", "#8e24aa")
WIDTH = 640
TITLE = 24
"""Height of the title line above a chart."""
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _nice_top(values: list[float]) -> float:
    """The axis' top: the largest value rounded up to 1, 2 or 5 times a power of ten."""
    largest = max(values, default=0) or 1
    step = 10 ** (len(str(int(largest))) - 1)
    for factor in (1, 2, 5, 10):
        if largest <= factor * step:
            return factor * step
    return largest


def _legend(series: list[tuple[str, list[float]]], y: int) -> list[str]:
    parts, x = [], 0
    for index, (name, _values) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{y + 9}" {FONT}>{escape(name)}</text>')
        x += 24 + 7 * len(str(name))
    return parts


def _number(value: float) -> str:
    return f"{value:g}"


def columns(title: str, categories: list[str], series: list[tuple[str, list[float]]]) -> Markup:
    """Vertical grouped bars, one group per category (months on the x axis)."""
    height, left, top, bottom = 230, 36, 24, 36
    plot_w, plot_h = WIDTH - left - 8, height - top - bottom
    peak = _nice_top([v for _name, values in series for v in values])
    group = plot_w / max(len(categories), 1)
    bar = max(min(group * 0.8 / max(len(series), 1), 28), 2)
    parts = _legend(series, 0)
    for tick in (0, peak / 2, peak):
        y = top + plot_h - plot_h * tick / peak
        parts.append(f'<line x1="{left}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dee6"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{_number(tick)}</text>')
    for c, category in enumerate(categories):
        x0 = left + c * group + (group - bar * len(series)) / 2
        for s, (_name, values) in enumerate(series):
            value = values[c]
            h = plot_h * value / peak
            x, y = x0 + s * bar, top + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(category)}: '
                         f'{_number(value)}</title></rect>')
        parts.append(f'<text x="{left + c * group + group / 2:.1f}" y="{height - bottom + 14}" '
                     f'text-anchor="middle" {FONT}>{escape(category)}</text>')
    return _svg(title, height, parts)


def rows(title: str, categories: list[str], series: list[tuple[str, list[float]]]) -> Markup:
    """Horizontal grouped bars, one row per category (districts, programmes, reasons)."""
    label_w, line, top = 250, 12, 20
    band = line * len(series) + 8
    height = top + band * max(len(categories), 1) + 4
    peak = _nice_top([v for _name, values in series for v in values])
    plot_w = WIDTH - label_w - 40
    parts = _legend(series, 0)
    for c, category in enumerate(categories):
        y0 = top + c * band
        name = str(category)
        short = name if len(name) <= 36 else name[:35] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y0 + band / 2 + 3:.1f}" text-anchor="end" {FONT}>'
                     f'<title>{escape(name)}</title>{escape(short)}</text>')
        for s, (_name, values) in enumerate(series):
            value, y = values[c], y0 + s * line + 2
            w = plot_w * value / peak
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{line - 2}" '
                         f'fill="{COLOURS[s % len(COLOURS)]}"/>'
                         f'<text x="{label_w + w + 4:.1f}" y="{y + line - 3}" {FONT}>{_number(value)}</text>')
    return _svg(title, height, parts)


def _svg(title: str, height: int, parts: list[str]) -> Markup:
    """The chart under its visible title (also the SVG's accessible name)."""
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {height + TITLE}" width="100%" role="img" '
                  f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
                  f'<title>{escape(title)}</title>'
                  f'<text x="0" y="13" font-family="system-ui, sans-serif" font-size="14" '
                  f'font-weight="600">{escape(title)}</text>'
                  f'<g transform="translate(0 {TITLE})">{"".join(parts)}</g></svg>')
