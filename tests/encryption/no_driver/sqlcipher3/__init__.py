"""Stands in for a missing SQLCipher driver (tests put this folder first on PYTHONPATH)."""

raise ImportError("sqlcipher3 is not installed (test stand-in)")
