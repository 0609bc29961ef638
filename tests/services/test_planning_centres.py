"""Plan jobs of two centres on one database: each solves its own week, from its own data, at once."""

from __future__ import annotations

from sqlalchemy import select

from planner.db import session_factory
from planner.models import Centre, Plan, VisitRequest, tenancy
from planner.services.planning import Jobs
from tests.services.job_watch import wait
from tests.services.planning_doubles import SCRIPTED
from tests.web.region import build_region

WEEK = "2026-W50"


def test_each_centre_solves_the_same_week_from_its_own_visits(engine, db):
    build_region(db)
    other = Centre(code="other", name="Другой")
    db.add(other)
    db.commit()
    sessions = session_factory(engine)
    with tenancy.scoped(sessions, other.id)() as b:
        build_region(b)
    own_id = db.scalar(select(Centre.id).where(Centre.code == "centre"))
    jobs = Jobs(sessions, SCRIPTED)
    mine, theirs = jobs.for_centre(own_id), jobs.for_centre(other.id)
    first, second = mine.start(WEEK, None, time_limit=5), theirs.start(WEEK, None, time_limit=5)
    assert first.id != second.id, "one running solve per week and centre, not per week"
    assert mine.get(second.id) is None and theirs.running_for(WEEK) is not None
    first, second = wait(mine, first), wait(theirs, second)
    assert (first.state, second.state) == ("done", "done"), (first.error, second.error)
    with sessions() as session:
        for job, centre_id in ((first, own_id), (second, other.id)):
            plan = session.get(Plan, job.plan_id)
            assert (plan.centre_id, plan.version) == (centre_id, 1)
            visits = {int(stop["visit"].removeprefix("vr-")) for route in plan.result["routes"]
                      for stop in route["stops"]}
            owners = set(session.scalars(select(VisitRequest.centre_id).where(VisitRequest.id.in_(visits))))
            assert owners == {centre_id}
            assert {route.centre_id for route in plan.routes} == {centre_id}
