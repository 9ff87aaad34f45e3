"""The domain rules of policykg, each defined once; this package imports nothing else of the project.

One module per rule: :mod:`~policykg.rules.regions` (GB/T 2260 divisions,
official names of governments, the national code, levels),
:mod:`~policykg.rules.docnumbers` (发文字号: find, parse, normalise),
:mod:`~policykg.rules.titles`, :mod:`~policykg.rules.references` (which
document a reference means). Word lists are data files in ``data/``.
"""
