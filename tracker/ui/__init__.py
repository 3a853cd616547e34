"""PySide6 user interface. Uses services and domain only; heavy modules load lazily."""
