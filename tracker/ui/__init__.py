"""The PySide6 interface: main window, form, history, dialogs; the dashboard and Reality tabs.
May import services, domain, errors, paths, settings (heavy ones lazily); not store, SQLAlchemy."""
