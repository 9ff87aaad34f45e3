"""explorer (see README)."""
