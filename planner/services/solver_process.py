"""The optimiser in a child process of its own, its progress relayed to the caller.

A separate process keeps whoever runs the job (a web process's thread, a
``planner worker``) responsive, gives the solver a main thread of its own
and makes cancelling immediate: the child is terminated. ``spawn`` rather
than ``fork``: forking a threaded web server copies its locks in whatever
state they are. The child ends itself when its parent dies (a killed
worker), so no orphan solves on for a job nobody will store.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable

PROGRESS_KEYS = ("served", "priority_served", "cost")
TICK_SECONDS = 1.0
"""How often the caller's ``keep_going`` hears from the relay (heartbeat, cancel check)."""


class SolveFailed(RuntimeError):
    """The solver process raised, died or overran; the message says which."""


def solve_in_child(solver: str, request: dict, deadline_seconds: float,
                   keep_going: Callable[[dict], bool]) -> dict | None:
    """The solver's answer, or None when ``keep_going(progress)`` said stop (a cancel).

    ``keep_going`` is called with the best progress so far about every
    ``TICK_SECONDS``; ``deadline_seconds`` bounds the whole solve.
    """
    context = multiprocessing.get_context("spawn")
    reports = context.Queue()
    child = context.Process(target=solve_and_report, args=(solver, request, reports, os.getpid()),
                            daemon=True)
    child.start()
    began = last_tick = time.monotonic()
    progress: dict = {}
    try:
        while True:
            if time.monotonic() - last_tick >= TICK_SECONDS:
                last_tick = time.monotonic()
                if not keep_going(progress):
                    return None
            try:
                kind, payload = reports.get(timeout=0.25)
            except queue.Empty:
                if time.monotonic() - began > deadline_seconds:
                    raise SolveFailed(f"no answer within {deadline_seconds:.0f} s") from None
                if not child.is_alive() and reports.empty():
                    raise SolveFailed(f"the solver process ended with code {child.exitcode}") from None
                continue
            if kind == "progress":
                progress = payload
            elif kind == "answer":
                return payload
            else:
                raise SolveFailed(payload)
    finally:
        if child.is_alive():
            child.terminate()
        child.join(5)


def solve_and_report(solver: str, request: dict, reports, parent: int) -> None:
    """The child process: solve, sending ``("progress", ...)``, then the answer or the error."""
    threading.Thread(target=_end_with_parent, args=(parent,), daemon=True).start()
    module, name = solver.split(":")
    solve = getattr(importlib.import_module(module), name)

    def progress(report: dict) -> None:
        reports.put(("progress", {key: report.get(key) for key in PROGRESS_KEYS}))

    try:
        reports.put(("answer", solve(request, progress=progress)))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the job
        reports.put(("error", f"{type(error).__name__}: {error}"))


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
