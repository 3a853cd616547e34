"""Statistics over numpy arrays: associations, regression with robust errors, time of day.

Kept light on purpose: importing ``tracker.analysis`` loads nothing; each module imports numpy,
and scipy only inside the functions that need it. See ``docs/METHODS.md`` for every formula.
"""
