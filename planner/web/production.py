"""Serving a region's installation: gunicorn, a fixed secret key, tokens masked in every log.

``planner serve --production`` and the documented command
``gunicorn -c python:planner.web.gunicorn_conf planner.web.wsgi:app`` both
land here. Several gunicorn workers each build the app, so a key made up
per process (the development default) would sign a session cookie or CSRF
token in one worker that the next one rejects: production refuses to start
without ``PLANNER_SECRET_KEY``. gunicorn's access log is a log of its own,
outside Flask's, so it gets the same token mask as the app's logs.
"""

from __future__ import annotations

import logging
import os

from gunicorn.glogging import Logger

from planner.web.feeds import SECRET_PATH, TokenMask

MIN_SECRET_LENGTH = 32


class NotConfigured(RuntimeError):
    """A setting production cannot run without; the message says which and how to set it."""


def require_secret_key() -> None:
    """Refuse to serve without a fixed secret key of at least 32 characters."""
    key = os.environ.get("PLANNER_SECRET_KEY", "")
    if len(key) < MIN_SECRET_LENGTH:
        raise NotConfigured(
            "PLANNER_SECRET_KEY is not set (or shorter than 32 characters): every web worker would sign "
            "sessions with a key of its own and sign-ins would fail. Set it, e.g. "
            "PLANNER_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')")


class MaskedLogger(Logger):
    """gunicorn's logger with feed and family tokens masked in the access and the error log."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, TokenMask) for f in log.filters):
                log.addFilter(TokenMask())

    def atoms(self, resp, req, environ, request_time) -> dict:
        """Every text an access-log line can print (request line, path, referer, headers), masked."""
        return {key: SECRET_PATH.sub(r"\1***", value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}


def options(bind: str, workers: int, threads: int) -> dict:
    """The gunicorn settings of both ways to serve (``gunicorn_conf`` reads them from the environment)."""
    return {"bind": bind, "workers": workers, "threads": threads, "worker_class": "gthread",
            "logger_class": "planner.web.production.MaskedLogger", "accesslog": "-", "errorlog": "-",
            "loglevel": "info", "timeout": 60, "graceful_timeout": 30, "forwarded_allow_ips": "127.0.0.1",
            "control_socket_disable": True}


def serve(database_url: str, bind: str, workers: int, threads: int) -> None:
    """Run the app under gunicorn in this process (``planner serve --production``)."""
    from gunicorn.app.base import BaseApplication

    from planner.web import create_app

    require_secret_key()
    logging.getLogger("werkzeug").addFilter(TokenMask())

    class Application(BaseApplication):
        def load_config(self) -> None:
            for key, value in options(bind, workers, threads).items():
                self.cfg.set(key, value)

        def load(self):
            return create_app({"DATABASE_URL": database_url})

    Application().run()
