"""Outside routing engines, as adapters between a brigade week and their models.

``vroom_week`` turns a week (crews fixed or already chosen, each crew kept
together) into a VROOM problem and VROOM's routes back into visit
orders per route. ``portfolio`` uses it as the start of ``plan_week``'s own
search, which re-times every route exactly and keeps only what improves the
plan in the spec's order. See ``docs/optimizer.md``, "Engines".
"""
