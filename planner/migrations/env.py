"""Alembic environment: runs against the engine the caller hands in, or the settings' URL."""

from alembic import context

from planner import config as settings
from planner.db import make_engine
from planner.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes.get("connection_engine")
    if engine is None:
        engine = make_engine(settings.load().database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
