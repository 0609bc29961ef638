"""``planner bench vrptw``: JSON answer on stdout, exit 2 on a bad file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from planner.cli import cli
from planner.commands.solomon_file import read_solomon
from planner.optimize.vrptw import check
from tests.optimize.solomon_slices import R101_25


def test_prints_routes_and_distance(tmp_path):
    path = tmp_path / "R101.25.txt"
    path.write_text(R101_25)
    result = CliRunner().invoke(cli, ["bench", "vrptw", str(path), "--time-limit", "3"])

    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert set(answer) == {"routes", "distance"}
    assert all(isinstance(n, int) and n > 0 for r in answer["routes"] for n in r)
    problems, distance = check(read_solomon(path), answer["routes"])
    assert problems == [] and answer["distance"] == distance


def test_bad_file_exits_2_naming_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(R101_25.replace("5 15 30 26 34 44 10", "5 15 30 26 34"))
    result = CliRunner().invoke(cli, ["bench", "vrptw", str(path)])

    assert result.exit_code == 2
    assert "bad.txt, line 15" in result.output


def test_missing_file_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["bench", "vrptw", str(tmp_path / "none.txt")])
    assert result.exit_code == 2
    assert "none.txt" in result.output


def test_iterations_make_the_answer_repeatable(tmp_path):
    path = tmp_path / "R101.25.txt"
    path.write_text(R101_25)
    args = ["bench", "vrptw", str(path), "--iterations", "200", "--seed", "1"]
    first, again = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)

    assert first.exit_code == 0, first.output
    assert first.output == again.output
    answer = json.loads(first.output)
    assert check(read_solomon(path), answer["routes"]) == ([], answer["distance"])
