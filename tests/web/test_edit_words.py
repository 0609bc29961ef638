"""Every rule the validator can say a hand edit breaks reaches the head in Russian, with names."""

from __future__ import annotations

import re

import pytest

from planner.web.edit_words import Names, broken_rule, known

R = "route uaz-1 2026-12-07"
SENTENCES = [
    f"{R}: vehicle not available for the whole route",
    f"{R}: sw-01 not available for the whole route",
    f"{R} visit vr-1: 2026-12-07 is not one of its dates",
    f"{R} visit vr-1: 07:00-08:00 outside its time windows",
    f"{R} visit vr-1: staff ['sw-01'] do not cover roles ['social_worker', 'psychologist']",
    f"{R} visit vr-1: required staff ['psy-01'] missing",
    f"{R}: drives 320 min, limit 300",
    f"{R}: load 25 over capacity 20",
    f"{R}: covers the lunch window but has no lunch",
    f"{R}: lunch 11:00-11:45 breaks the lunch rule",
    f"{R}: lunch outside the route",
    f"{R}: lunch overlaps the visit vr-1",
    f"{R}: no time to drive to vr-1 (leaves 09:00, needs 40 min)",
    f"{R}: no time to drive to call 1 (leaves 09:00, needs 40 min)",
    f"{R} call 0: sw-01 serves vr-1 while still busy",
    f"{R} call 0: sw-01 has no time to walk to vr-1",
    f"{R} call 0: sw-01 is not back at the vehicle by 12:10",
    f"{R}: vr-1 and vr-2 overlap without parallel service",
    f"{R}: sw-01 rides two routes on 2026-12-07",
    f"{R}: crew of 5 in 4 seats",
    f"{R}: crew differs from the fixed crew ['sw-01']",
    f"{R} visit vr-1: pinned to uaz-2 2026-12-08, served elsewhere",
    "visit vr-1: done, but not kept as it was",
]
NAMES = Names({"uaz-1": "УАЗ 1"}, {"sw-01": "Анна Соцработник", "psy-01": "Борис Психолог"}, {"vr-1": "C-001", "vr-2": "C-002"})


@pytest.mark.parametrize("sentence", SENTENCES)
def test_each_broken_rule_is_said_in_russian_with_names(app, sentence):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        said = broken_rule(sentence, NAMES)
    assert known(sentence)
    assert not any(code in said for code in ("uaz-1", "sw-01", "psy-01", "vr-1", "route"))
    assert any("а" <= ch <= "я" for ch in said) and not any("a" <= ch <= "z" for ch in re.sub(r"C-\d+", "", said).lower())


def test_a_sentence_no_pattern_knows_is_still_russian(app):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        said = broken_rule("summary.cost is 1, the plan gives 2", NAMES)
    assert not known("summary.cost is 1, the plan gives 2") and "summary" not in said and "план" in said
