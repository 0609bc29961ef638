"""Flask application factory: one blueprint per user of the planner."""

from __future__ import annotations

from flask import Flask

from planner import config
from planner.web import database


def create_app(test_config: dict | None = None) -> Flask:
    """Build the web app; ``test_config`` overrides settings (tests, CLI)."""
    settings = config.load()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=settings.secret_key,
        DATABASE_URL=settings.database_url,
        TIMEZONE=settings.timezone,
        CENTRE_PHONE=settings.centre_phone,
    )
    if test_config:
        app.config.update(test_config)
    database.init_app(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    return app


def _blueprints() -> list:
    """Every blueprint of the app; each feature adds its own line here."""
    from planner.web import feeds, health

    return [health.bp, feeds.bp]
