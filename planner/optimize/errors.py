"""The error every optimiser raises for a malformed request."""

from __future__ import annotations


class SpecError(ValueError):
    """A request document that does not follow ``shared/spec/plan-request.md``.

    ``path`` is a JSON path such as ``$.visits[3].time_windows[0][1]`` so a
    person can find the bad field; the CLI prints it and exits with code 2.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
