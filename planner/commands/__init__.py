"""Commands of the ``planner`` CLI, one module each; ``planner.cli`` adds every module's ``COMMANDS``."""
