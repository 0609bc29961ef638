"""Allow ``python -m planner`` as well as the ``planner`` console script."""

from planner.cli import cli

if __name__ == "__main__":
    cli()
