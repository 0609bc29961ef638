"""gunicorn settings: ``gunicorn -c python:planner.web.gunicorn_conf planner.web.wsgi:app``.

``PLANNER_BIND`` (default 127.0.0.1:8000, behind the office's HTTPS proxy),
``PLANNER_WEB_WORKERS`` (default 2) and ``PLANNER_WEB_THREADS`` (default 4)
choose where and how many; the rest is ``production.options``.
"""

import os

from planner.web.production import options, require_secret_key

require_secret_key()
globals().update(options(os.environ.get("PLANNER_BIND", "127.0.0.1:8000"),
                         int(os.environ.get("PLANNER_WEB_WORKERS", "2")),
                         int(os.environ.get("PLANNER_WEB_THREADS", "4"))))
