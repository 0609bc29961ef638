"""Several searches at once, one process each, keeping the best answer.

OR-Tools routing has no seed and runs on one core, so the second core is
used by running a different recipe beside the first. Workers stream every
improvement back, which keeps an answer in hand even if a worker overruns:
the parent stops waiting at the deadline and ends whatever is still running.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

Task = Callable[[Callable[[int, list[list[int]]], None]], None]


@dataclass
class Best:
    """The best answer so far: objective and routes (site indices)."""

    cost: int | None = None
    routes: list[list[int]] | None = None

    def offer(self, cost: int, routes: list[list[int]]) -> bool:
        """Keep the answer if it is shorter; of equal ones, the first in sorted order.

        The tie rule makes the choice independent of which worker reports first.
        """
        if self.cost is not None and (cost, sorted(routes)) >= (self.cost, sorted(self.routes)):
            return False
        self.cost, self.routes = cost, routes
        return True


def run_portfolio(tasks: list[Task], deadline: float,
                  on_improve: Callable[[int, list[list[int]]], None] | None = None) -> Best:
    """Run each task in its own process until ``deadline`` (a ``time.monotonic`` value,
    or ``math.inf`` to wait for every task to end).

    A task is called with a ``report(cost, routes)`` function and should call
    it with every improvement. The best report across all tasks is returned.
    """
    best = Best()
    if len(tasks) == 1:
        tasks[0](lambda cost, routes: _offer(best, cost, routes, on_improve))
        return best
    context = multiprocessing.get_context("fork")
    reports = context.Queue()
    workers = [context.Process(target=_work, args=(task, reports), daemon=True) for task in tasks]
    for worker in workers:
        worker.start()
    running = len(workers)
    while running and time.monotonic() < deadline:
        try:
            wait = deadline - time.monotonic()
            message = reports.get(timeout=None if wait == float("inf") else max(0.01, wait))
        except queue.Empty:
            break
        if message is None:
            running -= 1
        else:
            _offer(best, *message, on_improve)
    _drain(reports, best, on_improve)
    for worker in workers:
        worker.terminate()
        worker.join()
    return best


def _offer(best: Best, cost: int, routes, on_improve) -> None:
    if best.offer(cost, routes) and on_improve is not None:
        on_improve(cost, routes)


def _drain(reports, best: Best, on_improve) -> None:
    while True:
        try:
            message = reports.get_nowait()
        except queue.Empty:
            return
        if message is not None:
            _offer(best, *message, on_improve)


def _work(task: Task, reports) -> None:
    try:
        task(lambda cost, routes: reports.put((cost, routes)))
    finally:
        reports.put(None)
