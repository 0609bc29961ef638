"""The head's plan page says whether the week's capacity covers what is due."""

from __future__ import annotations

from tests.web.test_head import generate, finished, use_solver
from tests.services.planning_doubles import SCRIPTED


def test_plan_page_states_the_capacity(app, as_role):
    use_solver(app, SCRIPTED)
    head = as_role("head")
    plan_id = finished(head, generate(head))["plan_id"]
    page = head.get(f"/head/plans/{plan_id}").get_data(as_text=True)
    assert 'id="capacity"' in page
    assert "Мощности недели хватает" in page or "Мощности недели не хватает" in page
