"""The use cases (record, edit, import/export, backups, report, reality, reminders) over the core.
May import store, exchange, analysis, domain, errors, paths, settings; never Qt or tracker.ui."""
