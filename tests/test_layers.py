"""The layers, read off the imports (AST): data flows files → records → graph → stores and views.

- ``policykg.rules`` (and the error catalogue it raises from) imports nothing else of the project;
- ``ingest/`` imports no ``graph/``, no ``explorer/``, no Streamlit;
- ``graph/`` imports no ``explorer/`` and no Streamlit;
- ``explorer/`` parses no text: it imports none of ingest's reading and parsing modules;
- ``policykg.database`` (the store's SQLite file) knows neither records nor graphs, and only
  ``policykg.workspace``, above ingest and graph, brings the two together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Folder in the repository → the package it is installed as (pyproject.toml).
PACKAGES = {
    "policykg": "policykg",
    "ingest": "policykg.ingest",
    "graph": "policykg.graph",
    "ontology": "policykg.ontology",
    "explorer": "policykg.explorer",
}

# The modules of ingest that read or parse text; the explorer must not need them.
INGEST_PARSING = tuple(
    f"policykg.ingest.{m}"
    for m in ("read", "clean", "structure", "metadata", "agencies", "citations", "entities", "nlp", "dates", "pipeline")
)

# (importer, imported) arrows that still run the wrong way, each with the reason.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def _modules():
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            name = ".".join([package, *parts])
            yield name, path, path.name == "__init__.py"


MODULES = list(_modules())


def _imports(name: str, path: Path, is_package: bool) -> set[str]:
    """Every module ``path`` imports, anywhere in it (function bodies too), as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = name.split(".") if is_package else name.split(".")[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _arrows(importer_package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    bad = []
    for name, path, is_package in MODULES:
        if not _within(name, importer_package):
            continue
        for imported in _imports(name, path, is_package):
            if any(_within(imported, f) for f in forbidden) and not any(_within(imported, a) for a in allowed):
                if not any(name == i and _within(imported, m) for i, m in KNOWN_EXCEPTIONS):
                    bad.append((name, imported))
    return sorted(set(bad))


def test_the_modules_are_found():
    names = {n for n, _, _ in MODULES}
    assert {"policykg.rules.regions", "policykg.ingest.pipeline", "policykg.graph.build", "policykg.explorer.views"} <= names


def test_rules_import_nothing_of_the_project():
    assert _arrows("policykg.rules", ("policykg",), allowed=("policykg.rules", "policykg.errors")) == []
    assert _arrows("policykg.errors", ("policykg",), allowed=("policykg.errors",)) == []


def test_ingest_knows_no_graph_explorer_or_streamlit():
    assert _arrows("policykg.ingest", ("policykg.graph", "policykg.explorer", "streamlit", "streamlit_agraph")) == []


def test_graph_knows_no_explorer():
    assert _arrows("policykg.graph", ("policykg.explorer", "streamlit", "streamlit_agraph")) == []


def test_graph_knows_no_record_store():
    assert _arrows("policykg.graph", ("policykg.ingest.store", "policykg.ingest.batch")) == []


def test_the_workspace_is_above_ingest_and_graph_and_the_database_below_them():
    # only the CLI and the explorer open stores through the workspace
    assert _arrows("policykg.ingest", ("policykg.workspace",)) == []
    assert _arrows("policykg.graph", ("policykg.workspace",)) == []
    assert _arrows("policykg.database", ("policykg",), allowed=("policykg.database", "policykg.errors")) == []


def test_explorer_parses_no_text():
    assert _arrows("policykg.explorer", INGEST_PARSING) == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from policykg.graph import build", {"policykg.graph", "policykg.graph.build"}),
        ("from .records import Span", {"policykg.ingest.records", "policykg.ingest.records.Span"}),
        ("def f():\n    import streamlit as st", {"streamlit"}),
    ],
)
def test_imports_are_read_as_absolute_names(tmp_path, source, expected):
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert _imports("policykg.ingest.m", path, False) == expected
