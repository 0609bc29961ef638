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


PINS = ("the validator column also counts a pinned visit left out that the other plan serves "
        "(spec 1: pinned visits are served)")


def broken_pins(request: dict, plan: dict, others: list[dict]) -> list[str]:
    """Violations for pinned visits ``plan`` leaves out that another answer of the week serves.

    The spec (section 1: "`pinned` visits are served exactly there") makes a pin
    a rule, not a weight; the validator cannot tell a pin that cannot be served
    (its PINNED_CONFLICT) from one left out for priority, but a pin another
    plan of the same week serves can be served, so leaving it out breaks the
    rule (VROOM's plan of the own S left its only pin out for two visits of ~60).
    """
    served = [{s["visit"] for r in p["routes"] for s in r["stops"]} for p in (plan, *others)]
    return [f"pinned {v['id']} left out, served by another answer" for v in request["visits"]
            if v.get("pinned") and v["id"] not in served[0] and any(v["id"] in s for s in served[1:])]


def musts_cell(s: dict) -> str:
    """``pinned served/all, mandatory served/all`` of a summary carrying ``musts``."""
    return f"{s['pinned'][0]}/{s['pinned'][1]}, {s['mandatory'][0]}/{s['mandatory'][1]}"


def validity(violations: int) -> str:
    return "all valid" if not violations else f"{violations} violation{'s' if violations > 1 else ''}"


def row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(columns: list[str], rows: list[str], footer: str) -> str:
    """A Markdown table, then the footer and the machine it ran on."""
    head = [row(*columns), "|" + "---|" * len(columns)]
    machine = f"{platform.machine()}, Python {platform.python_version()}"
    return "\n".join(head + rows) + f"\n\n{footer.format(machine=machine)}\n"
