"""Flask application factory: one blueprint per user of the planner."""

from __future__ import annotations

from flask import Flask
from flask_wtf import CSRFProtect

from planner import config
from planner.web import auth, database, errors, i18n, ids, labels, security


def create_app(test_config: dict | None = None) -> Flask:
    """Build the web app; ``test_config`` overrides settings (tests, CLI)."""
    settings = config.load()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=settings.secret_key,
        DATABASE_URL=settings.database_url,
        TIMEZONE=settings.timezone,
        CENTRE_PHONE=settings.centre_phone,
        TILE_URL=settings.tile_url,
        TILE_ATTRIBUTION=settings.tile_attribution,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        REMEMBER_COOKIE_SECURE=settings.production,
        REMEMBER_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
        PLAN_TIME_LIMIT=settings.plan_seconds,
        REDIS_URL=settings.redis_url,
    )
    if test_config:
        app.config.update(test_config)
    database.init_app(app)
    CSRFProtect(app)
    auth.login_manager.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    labels.init_app(app)
    security.init_app(app)
    ids.init_app(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    return app


def _blueprints() -> list:
    """Every blueprint of the app; each feature adds its own line here."""
    from planner.web import (
        absences, admin, centres, coordinator, editing, expeditions, feeds, head, health, notices, records, region,
        reports, specialist, urgent,
    )
    return [health.bp, auth.bp, i18n.bp, admin.bp, head.bp, coordinator.bp, specialist.bp, feeds.bp,
            expeditions.bp, reports.bp, records.bp, notices.bp, urgent.bp, absences.bp, editing.bp, region.bp,
            centres.bp]
