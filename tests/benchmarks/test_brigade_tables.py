"""The brigade tables count a pin one plan leaves out and another serves as a broken rule."""

from __future__ import annotations

from benchmarks.brigade import tables

REQUEST = {"visits": [{"id": "a", "pinned": {"date": "2026-12-07", "vehicle": "uaz-1"}}, {"id": "b"},
                      {"id": "c", "pinned": {"date": "2026-12-07", "vehicle": "uaz-1"}}]}


def _plan(*served: str) -> dict:
    return {"routes": [{"stops": [{"visit": v} for v in served]}]}


def test_a_pin_left_out_that_another_plan_serves_is_a_violation():
    ours, peer = _plan("a", "b"), _plan("b")
    assert tables.broken_pins(REQUEST, peer, [ours]) == ["pinned a left out, served by another answer"]
    assert tables.broken_pins(REQUEST, ours, [peer]) == []  # c: nobody serves it, perhaps it cannot be
