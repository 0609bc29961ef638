"""The brigade benchmark: generated weekly requests, our solver against VROOM and against itself."""
