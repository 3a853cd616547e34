"""The main window in rooms: ``shell`` (tabs, status bar, geometry, the form's save),
``actions`` (the menus as one table), ``backup_status``, ``activity`` (draft, outside
changes), ``transfer`` (import/export) and ``privacy`` (erase) flows. The rooms see the window
as ``host.WindowHost`` (a protocol) and never import ``shell``, which imports them.

May import ``tracker.services`` (types, lazily), ``tracker.ui`` widgets and dialogs; never
``tracker.store`` or SQLAlchemy. ``from tracker.ui.main_window import MainWindow`` is the API.
"""

from tracker.ui.main_window.shell import MainWindow

__all__ = ["MainWindow"]
