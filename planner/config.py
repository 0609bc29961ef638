"""Settings read from the environment, with defaults that run the demo.

Every setting can be given as ``PLANNER_<NAME>``; secrets are never logged.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(f"PLANNER_{name}", default)


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the CLI and the web app."""

    database_url: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{Path('instance/planner.sqlite').resolve()}")
    )
    timezone: str = field(default_factory=lambda: _env("TIMEZONE", "Europe/Moscow"))
    osrm_url: str = field(default_factory=lambda: _env("OSRM_URL", ""))
    secret_key: str = field(default_factory=lambda: _env("SECRET_KEY", "") or secrets.token_hex(32))
    centre_phone: str = field(default_factory=lambda: _env("CENTRE_PHONE", "+7 (48766) 2-00-00"))
    tile_url: str = field(
        default_factory=lambda: _env("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    )
    tile_attribution: str = field(
        default_factory=lambda: _env("TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")
    )
    production: bool = field(default_factory=lambda: _env("ENV", "development") == "production")
    plan_seconds: float = field(default_factory=lambda: float(_env("PLAN_SECONDS", "60")))
    redis_url: str = field(default_factory=lambda: _env("REDIS_URL", ""))
    """The plan queue (``redis://host:6379/0``); empty: solves run in the web process."""
    # brigades split up inside a village (spec 1.1); "no" plans one family at a time
    parallel_service: bool = field(default_factory=lambda: _env("PARALLEL_SERVICE", "yes") in ("yes", "true", "1"))
    walk_minutes: int = field(default_factory=lambda: int(_env("WALK_MINUTES", "5")))
    # calendar feeds and family notices
    uid_domain: str = field(default_factory=lambda: _env("UID_DOMAIN", "planner.local"))
    smtp_host: str = field(default_factory=lambda: _env("SMTP_HOST", "localhost"))
    smtp_port: int = field(default_factory=lambda: int(_env("SMTP_PORT", "25")))
    smtp_user: str = field(default_factory=lambda: _env("SMTP_USER", ""))
    smtp_password: str = field(default_factory=lambda: _env("SMTP_PASSWORD", ""))
    smtp_starttls: bool = field(default_factory=lambda: _env("SMTP_STARTTLS", "no") in ("yes", "true", "1"))
    mail_sender: str = field(default_factory=lambda: _env("MAIL_SENDER", "planner@localhost"))
    sms_url: str = field(default_factory=lambda: _env("SMS_URL", ""))
    sms_token: str = field(default_factory=lambda: _env("SMS_TOKEN", ""))


def load() -> Settings:
    """Read the settings now (tests change the environment between calls)."""
    return Settings()
