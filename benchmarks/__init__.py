"""Benchmark harnesses run side by side with peer solvers (not tests)."""
