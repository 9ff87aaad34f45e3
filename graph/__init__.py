"""graph (see README)."""
