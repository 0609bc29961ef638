"""Markdown pieces the brigade benchmark tables share: one cell, one ratio, one table."""

from __future__ import annotations

import platform


def cell(s: dict, cost: bool = True) -> str:
    """``served / priority [/ cost] / wall`` of one answer's summary."""
    money = f" / {s['cost']:,.0f}" if cost else ""
    return f"{s['served']} / {s['priority_served']}{money} / {s['wall']:.1f} s"


def ratio(a: dict, b: dict, key: str = "priority_served") -> str:
    return f"{a[key] / b[key]:.3f}"


def validity(violations: int) -> str:
    return "all valid" if not violations else f"{violations} violations"


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(columns: list[str], rows: list[str], footer: str) -> str:
    """A Markdown table, then the footer and the machine it ran on."""
    head = [row(*columns), "|" + "---|" * len(columns)]
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    return "\n".join(head + rows) + f"\n\n{footer.format(machine=machine)}\n"
