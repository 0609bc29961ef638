"""The simulation's weeks as one SVG image of four small charts, and an HTML page with it and the table.

No plotting library: four panels of polylines are a few dozen lines; the
SVG shows in the docs, the page opens offline in any browser (a head mails
it around).
"""

from __future__ import annotations

from html import escape

from planner.services.simulation import WeekOutcome

WIDTH, HEIGHT, PAD = 420, 180, 36
COLOURS = ("#1565c0", "#2e7d32", "#c62828", "#6a1b9a")

PANELS = (
    ("Визиты за неделю", (("запрошено", lambda w: w.asked), ("выполнено по плану", lambda w: w.served),
                          ("обязательных не вошло", lambda w: w.mandatory_left_out))),
    ("Семьи с просроченным визитом", (("семей", lambda w: w.overdue_families),)),
    ("Доли, %", (("обязательных в плане", lambda w: 100 * w.mandatory_served_share),
                 ("плановых визитов с куратором", lambda w: 100 * w.curator_share),
                 ("простаивающих выездо-дней специалистов", lambda w: 100 * w.idle_share))),
    ("Км на визит", (("км", lambda w: w.km_per_visit),)),
)


def chart_svg(weeks: list[WeekOutcome]) -> str:
    """The four panels in a two-by-two grid, as one standalone SVG document."""
    panels = "".join(
        f'<g transform="translate({(i % 2) * (WIDTH + 10)},{(i // 2) * (HEIGHT + 30)})">'
        f'{_panel(name, series, weeks)}</g>' for i, (name, series) in enumerate(PANELS))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH + 10}" height="{2 * (HEIGHT + 30)}" '
            f'font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>{panels}</svg>\n')


def chart_html(weeks: list[WeekOutcome], title: str) -> str:
    """The page: a heading, the four panels, and the figures as a table."""
    panels = chart_svg(weeks)
    head = ("неделя", "запрошено", "обязательных", "выполнено", "обяз. не вошло", "просрочено семей",
            "дней просрочки", "с куратором, %", "простой, %", "км/визит")
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in (
            w.week, w.asked, w.mandatory, w.served, w.mandatory_left_out, w.overdue_families, w.overdue_days,
            f"{100 * w.curator_share:.0f}", f"{100 * w.idle_share:.0f}", f"{w.km_per_visit:.1f}")) + "</tr>"
        for w in weeks)
    return f"""<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body{{font:14px sans-serif;margin:24px}}
table{{border-collapse:collapse}} td,th{{border:1px solid #ccc;padding:2px 6px;text-align:right}}</style>
</head><body><h1>{escape(title)}</h1>
{panels}
<table><tr>{''.join(f'<th>{escape(h)}</th>' for h in head)}</tr>
{rows}
</table></body></html>
"""


def _panel(name: str, series, weeks: list[WeekOutcome]) -> str:
    values = [[float(value(w)) for w in weeks] for _label, value in series]
    top = max([v for line in values for v in line] + [1.0]) * 1.1
    step = (WIDTH - 2 * PAD) / max(1, len(weeks) - 1)

    def point(i: int, v: float) -> str:
        return f"{PAD + i * step:.1f},{HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top:.1f}"

    lines, legend = [], []
    for n, ((label, _value), line) in enumerate(zip(series, values)):
        colour = COLOURS[n % len(COLOURS)]
        lines.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{" ".join(point(i, v) for i, v in enumerate(line))}"/>')
        legend.append(f'<text x="{PAD}" y="{14 + 13 * n}" fill="{colour}" font-size="11">{escape(label)}</text>')
    ticks = "".join(f'<text x="{PAD + i * step:.1f}" y="{HEIGHT - PAD + 14}" font-size="9" '
                    f'text-anchor="middle">{escape(w.week[-3:])}</text>' for i, w in enumerate(weeks))
    axis = (f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#999"/>'
            f'<text x="4" y="{PAD}" font-size="9">{top / 1.1:.0f}</text>'
            f'<text x="4" y="{HEIGHT - PAD}" font-size="9">0</text>')
    return (f'<rect width="{WIDTH}" height="{HEIGHT + 20}" fill="none" stroke="#ddd"/>'
            f'<text x="{WIDTH - PAD}" y="{HEIGHT + 14}" text-anchor="end" font-size="12" '
            f'font-weight="bold">{escape(name)}</text>{axis}{"".join(lines)}{"".join(legend)}{ticks}')
