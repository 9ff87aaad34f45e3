"""Turn notice files into :mod:`records <policykg.ingest.records>`."""
