"""Measured outcomes in the window (issue #17): a day's value typed by hand, a CSV of them.

``add_dialog.AddOutcomeDialog`` (with ``NewMeasureDialog``, the question for an unknown
measure) and ``flows`` (the menu's two entry points: the dialog, the file import) use the same
services as ``touchstone outcome add|import``. Modules are imported directly
(``tracker.ui.outcomes.flows``): this package's ``__init__`` imports nothing.
"""
