"""``planner serve``: run the web app."""

from __future__ import annotations

import click

from planner.web import create_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Start the web app on HOST:PORT (Flask's server, fine for one office)."""
    app = create_app({"DATABASE_URL": ctx.find_root().obj["database_url"]})
    app.run(host=host, port=port, debug=False, use_reloader=False)

COMMANDS = (serve,)
