"""Centres as tenants: a session scoped to a centre reads, changes and writes only that centre's rows."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import delete, func, select, text, update

from planner.db import alembic_config, session_factory
from planner.models import Centre, District, Settlement, tenancy


def _centre(db, code: str) -> Centre:
    centre = Centre(code=code, name=code.title())
    db.add(centre)
    db.flush()
    return centre


def _district(session, code: str = "north") -> District:
    district = District(code=code, name="Северный", lat=54.0, lon=37.0)
    district.settlements.append(Settlement(code="ivanovka", name="Ивановка", lat=54.1, lon=37.1))
    session.add(district)
    session.flush()
    return district


@pytest.fixture()
def two(db):
    """Two centres on one database, each with a district ``north`` and a settlement ``ivanovka``."""
    default = db.scalar(select(Centre))
    other = _centre(db, "other")
    db.commit()
    sessions = session_factory(db.get_bind())
    mine, theirs = tenancy.scoped(sessions, default.id)(), tenancy.scoped(sessions, other.id)()
    own = _district(mine)
    mine.commit()
    foreign = _district(theirs)
    theirs.commit()
    yield mine, own, theirs, foreign
    mine.close()
    theirs.close()


def test_new_rows_take_the_centre_of_their_session_and_codes_repeat_across_centres(two):
    mine, own, theirs, foreign = two
    assert own.centre_id != foreign.centre_id
    assert own.settlements[0].centre_id == own.centre_id
    assert foreign.settlements[0].centre_id == foreign.centre_id


def test_a_scoped_session_sees_only_its_centre(two):
    mine, own, _theirs, foreign = two
    mine.expunge_all()
    assert mine.scalars(select(District)).all() == [mine.get(District, own.id)]
    assert mine.get(District, foreign.id) is None
    assert mine.get(Settlement, foreign.settlements[0].id) is None
    assert mine.scalar(select(func.count(Settlement.id))) == 1
    joined = select(Settlement.code).join(District).where(District.code == "north")
    assert mine.scalars(joined).all() == ["ivanovka"]


def test_a_scoped_session_changes_and_deletes_only_its_centre(two, db):
    mine, own, _theirs, foreign = two
    mine.execute(update(Settlement).values(name="Новое"))
    mine.execute(delete(Settlement).where(Settlement.code == "ivanovka"))
    mine.commit()
    names = db.scalars(select(Settlement.name).order_by(Settlement.id)).all()
    assert names == ["Ивановка"], "the other centre's settlement is untouched"
    assert db.scalar(select(Settlement.centre_id)) == foreign.centre_id


def test_an_unscoped_session_sees_every_centre_but_does_not_guess_a_centre_for_new_rows(two, db):
    assert db.scalar(select(func.count(District.id))) == 2
    db.add(District(code="south", name="Южный", lat=53.0, lon=37.0))
    with pytest.raises(tenancy.CentreUnknown):
        db.flush()


def test_an_unscoped_session_of_a_one_centre_installation_writes_into_that_centre(db):
    district = _district(db)
    assert district.centre_id == db.scalar(select(Centre.id))


def test_an_existing_database_goes_to_one_default_centre(engine):
    """Rows written before centres existed belong to the default centre after the upgrade."""
    config = alembic_config(engine)
    command.downgrade(config, "0014")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO district (id, code, name, lat, lon, speed_kmh, detour) "
                                "VALUES (7, 'north', 'Северный', 54.0, 37.0, 45.0, 1.35)"))
    command.upgrade(config, "head")
    with session_factory(engine)() as session:
        default = session.scalar(select(Centre))
        assert (default.code, session.get(District, 7).centre_id) == ("centre", default.id)
        _centre(session, "second")
        session.add(District(code="north", name="Северный", lat=54.0, lon=37.0,
                             centre_id=session.scalar(select(Centre.id).where(Centre.code == "second"))))
        session.flush()
