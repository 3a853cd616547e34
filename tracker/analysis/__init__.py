"""Statistics over numpy arrays: associations, regression with robust errors, time of day.

Kept light on purpose: importing ``tracker.analysis`` loads nothing; each module imports numpy
(and ``math``). No scipy at run time: the t, F and normal distributions and mid-ranks are in
``distributions``, checked against scipy in the tests. See ``docs/METHODS.md`` for every formula.
"""
