"""Errors a person reads: a code and its values, so each user interface words them itself.

``str(error)`` stays the English sentence the command line prints and the logs
keep; the web app translates ``code`` with ``params`` (``planner.web.service_errors``).
"""

from __future__ import annotations


class CodedError(ValueError):
    """A refusal of a service: ``code`` names the case, ``params`` fill its sentence."""

    def __init__(self, code: str, message: str, **params) -> None:
        super().__init__(message)
        self.code, self.params = code, params
