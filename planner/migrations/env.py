"""Alembic environment: runs against the engine the caller hands in, or the settings' URL.

On SQLite a migration that changes a table copies it into a new one and
drops the old (batch mode); foreign keys are switched off meanwhile, so that
dropping a table others refer to neither fails nor cascades, and checked
once the migrations are done.
"""

from alembic import context
from sqlalchemy import text

from planner import config as settings
from planner.db import make_engine
from planner.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes.get("connection_engine")
    if engine is None:
        engine = make_engine(settings.load().database_url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            connection.commit()
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=sqlite)
        with connection.begin():
            context.run_migrations()
        if sqlite:
            _check_foreign_keys(connection)


def _check_foreign_keys(connection) -> None:
    """Fail loudly if the copied tables broke a reference, then turn the checks back on."""
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    connection.execute(text("PRAGMA foreign_keys=ON"))
    connection.commit()
    if broken:
        raise RuntimeError(f"migrations left broken references: {broken[:5]}")


run_migrations_online()
