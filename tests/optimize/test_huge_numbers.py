"""Every number of a request replaced by one too large for a float: SpecError, never a traceback."""

from __future__ import annotations

import copy

import pytest

from planner.optimize.brigade.spec import parse
from planner.optimize.errors import SpecError
from planner.optimize.timetable.spec import parse_request
from tests.fuzz.mutate import leaf_paths
from tests.optimize.brigade.conftest import BASE as WEEK
from tests.optimize.timetable.conftest import programme, request

HUGE = (10**400, -(10**400), 1e308)


def number_paths(doc):
    """Paths to every number leaf of a JSON document."""
    for path in leaf_paths(doc):
        value = doc
        for key in path:
            value = value[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            yield path


def replaced(doc, path, value):
    doc = copy.deepcopy(doc)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


TERM = request(programme())
CASES = [(parse, WEEK, path) for path in number_paths(WEEK)] + \
        [(parse_request, TERM, path) for path in number_paths(TERM)]


@pytest.mark.parametrize("reader, doc, path", CASES, ids=lambda c: getattr(c, "__name__", None))
def test_huge_number_is_a_spec_error(reader, doc, path):
    for value in HUGE:
        try:
            reader(replaced(doc, path, value))
        except SpecError as error:
            assert error.path.startswith("$")
