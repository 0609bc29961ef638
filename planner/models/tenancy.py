"""A session scoped to one centre sees, changes and writes only that centre's rows.

SQLAlchemy's documented multi-tenancy pattern: a ``do_orm_execute`` hook
adds ``with_loader_criteria(CentreOwned, centre_id == ...)`` to every ORM
select, update and delete of a scoped session, so no service or view filters
by centre itself and none can forget to; a ``before_flush`` hook gives new
rows the session's centre. A session nobody scoped (the command line, the
demo, a worker before it knows its job) sees every centre; it writes new
rows into the installation's only centre, and refuses to guess when there
are several.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import event, func, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from planner.models.centre import Centre, CentreOwned

KEY = "centre_id"
ALL_CENTRES = {"all_centres": True}
"""Execution options of the few queries that must see every centre: keys unique in the whole
installation (a user name), whatever the session is scoped to."""


class CentreUnknown(RuntimeError):
    """New rows in an unscoped session of an installation with several centres."""


def enter(session: Session, centre_id: int) -> None:
    """From now on ``session`` reads and writes only the rows of centre ``centre_id``."""
    session.info[KEY] = centre_id


def centre_of(session: Session) -> int | None:
    """The centre ``session`` is scoped to, None when unscoped."""
    return session.info.get(KEY)


def scoped(sessions: sessionmaker[Session], centre_id: int | None) -> sessionmaker[Session]:
    """A factory like ``sessions`` whose sessions are scoped to ``centre_id`` (None: unscoped)."""
    if centre_id is None:
        return sessions
    return sessionmaker(class_=sessions.class_, **{**sessions.kw, "info": {KEY: centre_id}})


@event.listens_for(Session, "do_orm_execute")
def _only_this_centre(state: ORMExecuteState) -> None:
    centre_id = state.session.info.get(KEY)
    if centre_id is None or state.is_column_load or state.is_relationship_load \
            or state.execution_options.get("all_centres"):
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(with_loader_criteria(
            CentreOwned, lambda cls: cls.centre_id == centre_id, include_aliases=True))


@event.listens_for(Session, "before_flush")
def _new_rows_join_the_centre(session: Session, _context, _instances) -> None:
    """New rows without a centre take the session's, asked once per flush (an import adds thousands)."""
    rows = [row for row in session.new if isinstance(row, CentreOwned) and row.centre_id is None]
    if rows:
        centre_id = session.info.get(KEY) or _only_centre(session)
        for row in rows:
            row.centre_id = centre_id


def _only_centre(session: Session) -> int:
    """The installation's one centre, for new rows of an unscoped session."""
    ids = session.scalars(select(Centre.id).order_by(Centre.id).limit(2)).all()
    if len(ids) != 1:
        raise CentreUnknown("the installation has several centres (or none): "
                            "say which one the new rows belong to (PLANNER_CENTRE)")
    return ids[0]


def chosen(session: Session, code: str | None) -> int | None:
    """The centre a command works in: the one coded ``code``; without a code None (unscoped) when
    the installation has one centre. ``CentreUnknown`` naming the way out otherwise."""
    if not code:
        if session.scalar(select(func.count(Centre.id))) > 1:
            raise CentreUnknown("this installation has several centres: name one with --centre CODE "
                                "(or PLANNER_CENTRE); `planner centres` lists them")
        return None
    centre_id = session.scalar(select(Centre.id).where(Centre.code == code))
    if centre_id is None:
        raise CentreUnknown(f"there is no centre {code!r}")
    return centre_id


def each_centre(session: Session) -> Iterator[tuple[Centre, Session]]:
    """Every centre with a session of its own scoped to it (what the region's counts are read with)."""
    for centre in session.scalars(select(Centre).order_by(Centre.name, Centre.id)).all():
        with Session(bind=session.get_bind(), info={KEY: centre.id}) as scoped:
            yield centre, scoped
