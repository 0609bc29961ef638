"""A centre's data version moves with every committed change of its rows, and only then; the
upgrade that brings it names an old database's centre as its reports did."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, text, update

from planner.db import alembic_config, session_factory
from planner.models import Centre, District, Settlement, data_version, tenancy


def _versions(db) -> dict[str, int]:
    db.expire_all()
    return {centre.code: centre.data_version for centre in db.scalars(select(Centre))}


def _two(db) -> tuple:
    default = db.scalar(select(Centre))
    db.add(Centre(code="other", name="Другой"))
    db.commit()
    other = db.scalar(select(Centre).where(Centre.code == "other"))
    sessions = session_factory(db.get_bind())
    return tenancy.scoped(sessions, default.id)(), tenancy.scoped(sessions, other.id)(), default.code


def _district(session) -> District:
    district = District(code="north", name="Северный", lat=54.0, lon=37.0)
    district.settlements.append(Settlement(code="ivanovka", name="Ивановка", lat=54.1, lon=37.1))
    session.add(district)
    session.commit()
    return district


def test_a_commit_of_a_centres_rows_moves_that_centres_version_only(db):
    mine, theirs, code = _two(db)
    before = _versions(db)
    district = _district(mine)
    assert _versions(db) == {**before, code: before[code] + 1}
    district.name = "Северный район"
    mine.commit()
    theirs.execute(update(Settlement).values(name="Чужое"))
    theirs.commit()
    assert _versions(db) == {code: before[code] + 2, "other": before["other"] + 1}
    assert data_version.current(mine, tenancy.centre_of(mine)) == (1, before[code] + 2)
    assert data_version.current(db, None) == (2, sum(before.values()) + 3)


def test_reading_or_a_rollback_moves_nothing(db):
    mine, theirs, code = _two(db)
    _district(theirs)
    before = _versions(db)
    mine.scalars(select(District)).all()
    mine.commit()
    mine.add(District(code="south", name="Южный", lat=53.0, lon=37.0))
    mine.flush()
    mine.rollback()
    assert _versions(db) == before


def test_an_unscoped_change_moves_every_centre(db):
    _two(db)
    before = _versions(db)
    db.execute(update(District).values(name="Район"))
    db.commit()
    assert _versions(db) == {code: version + 1 for code, version in before.items()}


def test_a_database_from_before_centres_keeps_its_reports_centre_name(engine):
    config = alembic_config(engine)
    command.downgrade(config, "0014")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO agency (id, code, name, weekly) VALUES (3, 'centre', 'СРЦН № 4', '{}')"))
    command.upgrade(config, "head")
    with session_factory(engine)() as session:
        assert session.scalar(select(Centre.name)) == "СРЦН № 4"
