"""Read-only readers of the user's own work (git repositories, Anki collections, daily-metric
files) that turn it into daily outcome values (issue #18, DESIGN.md). A reader never writes to
what it reads and never contacts a network; the framework (``tracker.sources.registry``) stores
what they return as ``DailyOutcome`` rows of one measure per reader key."""
