"""Declarative base shared by every aggregate.

A naming convention keeps constraint names stable, so Alembic migrations
generated on SQLite and PostgreSQL agree.
"""

from __future__ import annotations

from sqlalchemy import JSON, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of all ORM models; lists and small documents map to JSON."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {list: JSON, dict: JSON}
