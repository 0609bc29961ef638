"""The WSGI entry point for gunicorn (``planner.web.wsgi:app``); settings from the environment."""

from planner.web import create_app
from planner.web.production import require_secret_key

require_secret_key()
app = create_app()
