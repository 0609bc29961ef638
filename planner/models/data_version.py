"""Each centre's data version: a number that moves with every committed change of the centre's rows.

Pages that are costly to render (the head's plan page, the coverage map)
are kept rendered per version (``web/page_cache.py``); any process on the
database, a web worker, ``planner worker`` or a command, moves it in the
same transaction as the change, so no cached page outlives what it shows.

A session that wrote rows of a centre (``CentreOwned``) or a centre itself
raises ``Centre.data_version`` when it commits: of its own centre when it is
scoped, of every centre when it is not (the command line, the demo; rare
and region-wide). The raise is the transaction's last statement, so a
transaction holding the centre's row never waits for another row: two
writers of one centre queue there instead of deadlocking.
"""

from __future__ import annotations

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from planner.models import tenancy
from planner.models.centre import Centre, CentreOwned

CHANGED = "data_changed"
"""``Session.info`` flag: this transaction wrote rows that some page shows."""
OWN = {"data_version": True}
"""Execution option of the raise itself, which is not a change to record."""


def current(session: Session, centre_id: int | None) -> tuple[int, int]:
    """What pages of ``centre_id`` (None: of every centre) depend on: (centres, their versions' sum)."""
    query = select(func.count(Centre.id), func.coalesce(func.sum(Centre.data_version), 0))
    if centre_id is not None:
        query = query.where(Centre.id == centre_id)
    count, total = session.execute(query).one()
    return int(count), int(total)


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context) -> None:
    if any(isinstance(row, (CentreOwned, Centre)) for rows in (session.new, session.dirty, session.deleted)
           for row in rows):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and not state.execution_options.get("data_version"):
        table = state.statement.table
        if "centre_id" in table.c or table.name == Centre.__tablename__:
            state.session.info[CHANGED] = True


@event.listens_for(Session, "before_commit")
def _raise(session: Session) -> None:
    session.flush()
    if not session.info.pop(CHANGED, False):
        return
    centre_id = tenancy.centre_of(session)
    statement = update(Centre).values(data_version=Centre.data_version + 1)
    if centre_id is not None:
        statement = statement.where(Centre.id == centre_id)
    session.execute(statement, execution_options=OWN)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(CHANGED, None)
