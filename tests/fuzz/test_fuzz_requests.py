"""Mutated plan and timetable requests: a SpecError naming a JSON path, exit 2, never a traceback."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from planner.cli import cli
from planner.optimize.brigade.spec import parse
from planner.optimize.errors import SpecError
from planner.optimize.timetable.spec import parse_request
from tests.fuzz.mutate import mutate_json
from tests.optimize.brigade.conftest import BASE as WEEK
from tests.optimize.timetable.conftest import programme, request

SEED, CASES = 14, 150
TERM = request(programme(), programme("q", sessions=2))


def _mutants(doc, count):
    rng = random.Random(SEED)
    return [mutate_json(rng, doc) for _ in range(count)]


WEEKS, TERMS = _mutants(WEEK, CASES), _mutants(TERM, CASES)


@pytest.mark.parametrize("reader, docs", [(parse, WEEKS), (parse_request, TERMS)], ids=["brigade", "timetable"])
def test_mutated_request_is_parsed_or_refused_with_a_path(reader, docs):
    refused = 0
    for doc in docs:
        try:
            reader(doc)
        except SpecError as error:
            assert error.path.startswith("$") and error.message, error
            refused += 1
    assert refused > len(docs) // 2  # the mutations do break most requests


@pytest.mark.parametrize("command", ["solve", "timetable"])
def test_refused_requests_exit_2_from_the_command_line(tmp_path, command):
    reader, docs = (parse, WEEKS) if command == "solve" else (parse_request, TERMS)
    runner = CliRunner()
    broken = []
    for doc in docs:
        try:
            reader(doc)
        except SpecError:
            broken.append(doc)
    texts = [json.dumps(doc, allow_nan=True) for doc in broken[:8]]
    texts += ['{"version": 1, "seed": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000, "\xff{"]
    for n, text in enumerate(texts):
        path = tmp_path / f"request-{n}.json"
        path.write_bytes(text.encode("utf-8", errors="surrogateescape") if n < len(texts) - 1 else b"\xff{")
        result = runner.invoke(cli, [command, str(path)])
        assert result.exit_code == 2, (text[:200], result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
