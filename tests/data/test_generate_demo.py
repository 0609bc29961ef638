"""The demo region is generated deterministically and is the one committed."""

import csv
import importlib.util
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("generate_demo", DATA / "generate_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_gives_the_committed_files(generator, tmp_path):
    generator.generate(tmp_path, 2026)
    produced = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert produced == sorted(p.name for p in DATA.glob("*.csv"))
    for name in produced:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_another_seed_gives_another_region(generator, tmp_path):
    generator.generate(tmp_path, 7)
    assert (tmp_path / "families.csv").read_bytes() != (DATA / "families.csv").read_bytes()


def test_region_has_the_size_the_domain_asks_for():
    assert len(rows(DATA, "settlements.csv")) >= 60
    assert len(rows(DATA, "staff.csv")) >= 25
    assert len(rows(DATA, "vehicles.csv")) >= 4
    assert sum(r["status"] == "open" for r in rows(DATA, "families.csv")) >= 300
    assert len(rows(DATA, "programmes.csv")) >= 8


def test_invented_villages_are_marked_demo_and_families_are_invented():
    villages = [r for r in rows(DATA, "settlements.csv") if not r["code"].endswith("-centre")]
    assert villages and all(r["demo"] == "yes" for r in villages)
    assert all("(демо)" in r["display_name"] for r in rows(DATA, "families.csv"))


def test_narcologist_works_tuesdays_and_thursdays_only():
    narcologists = [r for r in rows(DATA, "staff.csv") if "narcologist" in r["roles"].split(";")]
    assert len(narcologists) == 4  # one of each district's hospital
    assert {r["hours"] for r in narcologists} == {"tue,thu 09:00-16:00"}
