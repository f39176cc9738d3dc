"""The library API (see Scwatch)."""
