"""planner: scheduling and logistics for mobile family-support brigades and group programmes."""

__version__ = "0.1.0"
