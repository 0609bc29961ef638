"""``planner worker``: serve the plan queue (RQ on Redis) on any machine that reaches the database."""

from __future__ import annotations

import click

from planner import config


@click.command("worker")
@click.option("--redis", "redis_url", envvar="PLANNER_REDIS_URL", default=None,
              help="Redis URL of the queue (default: PLANNER_REDIS_URL).")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (tests, batch runs).")
@click.option("--name", default=None, help="The worker's name in Redis (default: host and process id).")
@click.pass_context
def worker(ctx: click.Context, redis_url: str | None, burst: bool, name: str | None) -> None:
    """Take plan jobs off the queue and solve them, one at a time; run one per core to solve in parallel."""
    from planner.services.job_queue import work

    redis_url = redis_url or config.load().redis_url
    if not redis_url:
        raise click.UsageError("no queue: set PLANNER_REDIS_URL or pass --redis redis://host:6379/0")
    work(redis_url, ctx.find_root().obj["database_url"], burst=burst, name=name)


COMMANDS = (worker,)
