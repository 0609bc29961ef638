"""The services' refusals and failed solves reach the page in Russian, never in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import planner.services as services
import planner.services.timetable  # noqa: F401 - its errors are CodedErrors
from planner.services.errors import CodedError
from planner.services.planning import LOST_WORKER
from planner.web.service_errors import TEXTS, job_error, say
from tests.services.planning_doubles import FAILING
from tests.web.test_head import finished, generate, use_solver

RAISED = re.compile(r'raise (\w+Error)\("([A-Z_]+)"')
SAMPLE = {"n": 2, "series": "exp", "venue": "ФАП", "district": "Южный", "roles": ["lawyer"], "role": "narcologist",
          "seconds": 10, "programme": "art", "term": "2027-1", "trip": 3}


def _raised() -> set[str]:
    """Every code a ``CodedError`` of the services is raised with."""
    coded = {cls.__name__ for cls in CodedError.__subclasses__()}
    folder = Path(services.__file__).parent
    return {code for path in folder.rglob("*.py")
            for name, code in RAISED.findall(path.read_text(encoding="utf-8")) if name in coded}


def _latin(text: str) -> bool:
    for value in ("exp", "art", "2027-1"):
        text = text.replace(value, "")
    return bool(re.search(r"[A-Za-z]", text))


def test_every_code_a_service_raises_has_a_russian_sentence(app):
    codes = _raised()
    assert {"NOBODY_WITH_ROLE", "LOCKED_CONFLICT", "NO_TERM"} <= codes
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        for code in codes:
            assert code in TEXTS, code
            text = say(CodedError(code, "english", **SAMPLE))
            assert not _latin(text), (code, text)


@pytest.mark.parametrize("stored", [LOST_WORKER, "SolveFailed: no answer within 80 s",
                                    "RuntimeError: solver crashed", "SolveFailed: the solver process ended with code 3"])
def test_a_failed_job_is_said_in_russian(app, stored):
    with app.test_request_context(headers={"Accept-Language": "ru"}):
        assert not _latin(job_error(stored)) and job_error(stored)


def test_a_crashed_solve_shows_a_russian_error_on_the_job_page(app, as_role):
    use_solver(app, FAILING)
    head = as_role("head")
    status = finished(head, generate(head))
    assert status["state"] == "failed" and not _latin(status["error"])
    page = head.get(f"/head/jobs/{status['id']}").get_data(as_text=True)
    assert "solver crashed" not in page and "RuntimeError" not in page
