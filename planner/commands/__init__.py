"""Commands of the ``planner`` CLI, one module each, registered in ``planner.cli``."""
