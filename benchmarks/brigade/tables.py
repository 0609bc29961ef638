"""Markdown pieces the brigade benchmark tables share: one cell, one ratio, one table."""

from __future__ import annotations

import platform


def cell(s: dict, cost: bool = True) -> str:
    """``served / priority [/ cost] / wall`` of one answer's summary."""
    money = f" / {s['cost']:,.0f}" if cost else ""
    return f"{s['served']} / {s['priority_served']}{money} / {s['wall']:.1f} s"


def ratio(a: dict, b: dict, key: str = "priority_served") -> str:
    return f"{a[key] / b[key]:.3f}"


def musts(request: dict, plan: dict) -> dict:
    """Pinned and mandatory visits: how many the week has and how many the plan serves."""
    served = {s["visit"] for r in plan["routes"] for s in r["stops"]}
    pinned = [v["id"] for v in request["visits"] if v.get("pinned")]
    mandatory = [v["id"] for v in request["visits"] if v.get("mandatory")]
    return {"pinned": (sum(v in served for v in pinned), len(pinned)),
            "mandatory": (sum(v in served for v in mandatory), len(mandatory))}


def musts_cell(s: dict) -> str:
    """``pinned served/all, mandatory served/all`` of a summary carrying ``musts``."""
    return f"{s['pinned'][0]}/{s['pinned'][1]}, {s['mandatory'][0]}/{s['mandatory'][1]}"


def validity(violations: int) -> str:
    return "all valid" if not violations else f"{violations} violations"


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(columns: list[str], rows: list[str], footer: str) -> str:
    """A Markdown table, then the footer and the machine it ran on."""
    head = [row(*columns), "|" + "---|" * len(columns)]
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    return "\n".join(head + rows) + f"\n\n{footer.format(machine=machine)}\n"
