"""Use cases over the store, exchange and analysis layers. No Qt here."""
