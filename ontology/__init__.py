"""ontology (see README)."""
