"""Families, cases and their visit requests."""

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from planner.models import Agency, Depot, District, Family, Settlement, Staff, VisitRequest


@pytest.fixture()
def village(db):
    district = District(code="dubensky", name="Дубенский", lat=54.2, lon=37.25)
    settlement = Settlement(code="s-1", name="Демо-1", district=district, lat=54.1, lon=37.2)
    db.add(settlement)
    db.flush()
    return settlement


def test_family_active_only_when_open_with_consent(db, village):
    family = Family(case_code="C-1", settlement=village, lat=54.1, lon=37.2, category="sop")
    db.add(family)
    db.flush()
    assert family.is_active
    family.consent_withdrawn = True
    assert not family.is_active
    family.consent_withdrawn = False
    family.status = "closed"
    assert not family.is_active


def test_case_code_is_unique(db, village):
    db.add(Family(case_code="C-1", settlement=village, lat=54.1, lon=37.2))
    db.add(Family(case_code="C-1", settlement=village, lat=54.1, lon=37.2))
    with pytest.raises(IntegrityError):
        db.flush()


def test_visit_request_keeps_roles_and_windows(db, village):
    depot = Depot(code="gv", name="Гвардейский", lat=54.0, lon=37.0)
    agency = Agency(code="centre", name="СРЦН", weekly={"mon": [["09:00", "18:00"]]})
    curator = Staff(code="sw-01", full_name="И. И. Иванова", roles=["social_worker"],
                    agency=agency, depot=depot)
    family = Family(case_code="C-2", settlement=village, lat=54.1, lon=37.2, curator=curator)
    family.visit_requests.append(
        VisitRequest(roles=["social_worker", "psychologist"], dates=["2026-12-07"],
                     time_windows=[["10:00", "13:00"]], deadline=dt.date(2026, 12, 11))
    )
    db.add(family)
    db.commit()
    db.expire_all()
    stored = db.get(Family, family.id)
    assert stored.visit_requests[0].roles == ["social_worker", "psychologist"]
    assert stored.visit_requests[0].key == f"vr-{stored.visit_requests[0].id}"
    assert stored.curator.working_hours() == {"mon": [["09:00", "18:00"]]}
