"""policykg: a knowledge graph of Chinese government policies, agencies and obligations.

The project is one distribution whose subpackages are the repository's
top-level folders: ``policykg.ingest`` (files to records), ``policykg.graph``
(records to a graph and the questions it answers), ``policykg.ontology`` (what
the nodes and edges mean) and ``policykg.explorer`` (the Streamlit app).
"""

__version__ = "0.1.0"
