"""A routing core for the plain VRPTW (capacity + time windows), on OR-Tools.

Small, PyVRP-like surface::

    from planner.optimize.vrptw import Instance, Site, solve, check
    solution = solve(instance, time_limit=5, seed=0)   # -> Solution(routes, distance)
    problems, distance = check(instance, solution.routes)

How it searches (``solve``): two worker processes, each building the OR-Tools
routing model in integer tenths and running OR-Tools' iterated local search
with SISR ruin-and-recreate and simulated annealing from a different first
solution (chosen by the instance's shape, see ``solve.strategies``) for 70 %
of its time, then re-solving groups of two to four nearby routes as small
instances (``recombine``) and keeping every shorter result; the best answer
streamed back by either worker is kept, and the parent stops waiting at the
deadline, so the answer is always a feasible one found in time.

Reusable entry points for other solvers (the brigade optimiser):

- ``params.Strategy`` / ``params.search_parameters``: named search recipes
  (iterated local search with SISR ruin, or any OR-Tools metaheuristic, a
  lean operator set) turned into ``RoutingSearchParameters``;
- ``search.search(handle, strategy, seconds, routes=None, on_solution=None)``:
  one search on any ``RoutingHandle`` (manager + model), warm-started from
  routes when given (``ReadAssignmentFromRoutes`` +
  ``SolveFromAssignmentWithParameters``), streaming improvements to a callback;
- ``portfolio.run_portfolio(tasks, deadline)``: several searches on both
  cores, one process each, best answer kept, hard deadline;
- ``routing.RoutingHandle``: reading routes out of (and into) an assignment.

The instance files are read outside the core (``planner.commands.solomon_file``).
"""

from planner.optimize.vrptw.check import check
from planner.optimize.vrptw.model import Instance, Site, Solution
from planner.optimize.vrptw.solve import solve

__all__ = ["Instance", "Site", "Solution", "check", "solve"]
