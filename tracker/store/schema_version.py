"""The schema version this code reads and writes (``PRAGMA user_version``)."""

SCHEMA_VERSION = 2  # == len(migrations.MIGRATIONS)
