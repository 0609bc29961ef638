"""A liveness probe for monitoring: answers without touching personal data."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from planner.web.database import get_session

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the app and its database answer."""
    get_session().execute(text("SELECT 1"))
    return jsonify(status="ok")
