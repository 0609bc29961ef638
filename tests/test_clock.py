"""The product's one clock: settable, restorable, and the only reader of the system time."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from planner import clock as planner_clock
from planner.cli import cli

SYSTEM_TIME = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|datetime\.today|time\.localtime)\(")


def test_fixed_clock_stands_still_and_advances(clock):
    start = clock.now()
    assert planner_clock.now() == start
    clock.advance(days=7)
    assert planner_clock.today() == dt.date(2026, 12, 14)
    assert planner_clock.utcnow() == (start + dt.timedelta(days=7)).replace(tzinfo=None)


def test_use_puts_the_previous_clock_back():
    before = planner_clock.current()
    with planner_clock.use(planner_clock.FixedClock(dt.date(2030, 1, 1))):
        assert planner_clock.today() == dt.date(2030, 1, 1)
    assert planner_clock.current() is before


def test_today_is_the_centres_date_not_utc():
    late_utc = dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)  # 01:30 on 1 January in Moscow
    with planner_clock.use(planner_clock.FixedClock(late_utc)):
        assert planner_clock.today("Europe/Moscow") == dt.date(2027, 1, 1)
        assert planner_clock.today("UTC") == dt.date(2026, 12, 31)


def test_planner_now_starts_the_clock_there_and_lets_it_tick(monkeypatch):
    monkeypatch.setenv("PLANNER_NOW", "2031-06-02T09:00:00+03:00")
    moved = planner_clock.from_environment()
    first = moved.now()
    assert first.date() == dt.date(2031, 6, 2) and moved.now() >= first
    monkeypatch.setenv("PLANNER_NOW", "yesterday")
    with pytest.raises(ValueError, match="PLANNER_NOW"):
        planner_clock.from_environment()


def test_cli_now_option_runs_the_product_at_another_date():
    from click.testing import CliRunner

    previous = planner_clock.current()
    try:
        result = CliRunner().invoke(cli, ["--now", "2029-03-05", "init-db", "--help"])
        assert result.exit_code == 0
        assert planner_clock.today() == dt.date(2029, 3, 5)
    finally:
        planner_clock.install(previous)
    bad = CliRunner().invoke(cli, ["--now", "soon", "init-db", "--help"])
    assert bad.exit_code == 2 and "--now" in bad.output


def test_no_module_reads_the_system_time_but_the_clock():
    root = Path(__file__).resolve().parents[1]
    offenders = [f"{path.relative_to(root)}:{n}"
                 for folder in ("planner", "tests", "benchmarks", "docs") for path in (root / folder).rglob("*.py")
                 if path.name not in ("clock.py", "test_clock.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if SYSTEM_TIME.search(line)]
    assert offenders == []


def test_an_offset_clock_runs_with_its_source():
    source = planner_clock.FixedClock(dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC))
    moved = planner_clock.OffsetClock(dt.datetime(2030, 1, 1, tzinfo=dt.UTC), source)
    source.advance(hours=2)
    assert moved.now() == dt.datetime(2030, 1, 1, 2, tzinfo=dt.UTC)
