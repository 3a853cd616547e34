"""Expected errors (bad input, unusable database, full disk) as opposed to bugs.

A ``UserError`` carries a message meant for the person using the app: the CLI prints it and
exits 2, the GUI shows it in a dialog and keeps what was typed. Anything else is a bug.
"""


class UserError(Exception):
    """An expected failure with a message fit to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A value the user entered (or a file contained) breaks a rule."""


class StoreError(UserError):
    """The database cannot be used: locked, corrupt, too new, read-only or the disk is full."""


class ExchangeError(UserError):
    """An import file cannot be read; ``record`` names the first bad record (1-based)."""

    def __init__(self, message: str, record: int | None = None) -> None:
        where = f"record {record}: " if record is not None else ""
        super().__init__(where + message)
        self.record = record
