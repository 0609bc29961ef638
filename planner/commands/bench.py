"""``planner bench``: run the optimisers on published benchmark instances."""

from __future__ import annotations

import json
import sys

import click

from planner.commands.solomon_file import SolomonFormatError, read_solomon
from planner.optimize.vrptw import solve
from planner.optimize.vrptw.solve import ENGINES


@click.group("bench")
def bench() -> None:
    """Solve benchmark instances with the planner's optimisers."""


@bench.command("vrptw")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--time-limit", type=click.FloatRange(min=0.5), default=5.0, show_default=True,
              help="Seconds of search (wall clock, all workers together).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seeds the workers (and chooses the OR-Tools recipes).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Processes searching side by side.")
@click.option("--engine", type=click.Choice(ENGINES), default="pyvrp", show_default=True,
              help="PyVRP on every worker, the OR-Tools recipes, or OR-Tools beside PyVRP.")
@click.option("--iterations", type=click.IntRange(min=1), default=None,
              help="Repeatable: each worker runs this many PyVRP iterations; no time limit.")
def vrptw(file: str, time_limit: float, seed: int, workers: int, engine: str,
          iterations: int | None) -> None:
    """Solve one Solomon VRPTW FILE; print {"routes": [...], "distance": D} as JSON.

    Customers keep their numbers from the file, the depot (0) is left out, and
    the distance sums arcs truncated to one decimal (the DIMACS convention).
    """
    try:
        instance = read_solomon(file)
    except SolomonFormatError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    try:
        solution = solve(instance, time_limit, seed=seed, workers=workers, engine=engine,
                         iterations=iterations)
    except RuntimeError as error:  # no feasible routes found in time
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(json.dumps(solution.to_json()))

COMMANDS = (bench,)
