"""One SQLAlchemy session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from planner.db import make_engine, session_factory


def init_app(app: Flask) -> None:
    """Create the app's engine and session factory and close sessions on teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["planner.engine"] = engine
    app.extensions["planner.sessions"] = session_factory(engine)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The request's session (created on first use)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["planner.sessions"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
