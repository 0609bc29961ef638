"""Declarative base shared by every aggregate.

A naming convention keeps constraint names stable, so Alembic migrations
generated on SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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


class DaySpan:
    """Whole days ``start``..``end`` inclusive with a reason: a person's absence, a car's repair."""

    start: Mapped[dt.date]
    end: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(String(200), default="")

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end
