"""``planner serve``: run the web app (Flask's server for one office, gunicorn with ``--production``)."""

from __future__ import annotations

import click

from planner.web import create_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--production", is_flag=True,
              help="Serve with gunicorn: needs PLANNER_SECRET_KEY, masks feed tokens in the access log.")
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes (--production).")
@click.option("--threads", default=4, show_default=True, type=int, help="Threads per worker (--production).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, production: bool, workers: int, threads: int) -> None:
    """Start the web app on HOST:PORT."""
    database_url = ctx.find_root().obj["database_url"]
    if production:
        from planner.web import production as gunicorn_serving

        try:
            gunicorn_serving.serve(database_url, f"{host}:{port}", workers, threads)
        except gunicorn_serving.NotConfigured as error:
            raise click.ClickException(str(error)) from None
        return
    app = create_app({"DATABASE_URL": database_url})
    app.run(host=host, port=port, debug=False, use_reloader=False)


COMMANDS = (serve,)
