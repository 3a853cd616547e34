"""Probes: short timed tasks run in the window, each with a prediction first (issue #17).

``dialog.ProbeDialog`` is the flow; ``tasks`` the two tasks; ``timing`` how reaction times are
measured; ``offer`` the entry points (after a check-in, the menu, the setting). Modules are
imported directly (``tracker.ui.probes.dialog``): this package's ``__init__`` imports nothing.
"""
