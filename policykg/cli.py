"""The ``policykg`` command.

A thin layer over the library: it parses options, shows progress, and turns
typed errors into one line that names the fix, exiting with status 1.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policykg.errors import PolicykgError

app = typer.Typer(
    help="policykg: a knowledge graph of Chinese government notices, their tasks and agencies.",
    no_args_is_help=True,
    add_completion=False,
)
err_console = Console(stderr=True)

StoreOption = typer.Option(
    None,
    "--store",
    envvar="POLICYKG_STORE",
    help="Store folder (default: ./.policykg; the env var POLICYKG_STORE also sets it).",
    show_default=False,
)


class DumpFormat(str, Enum):
    jsonl = "jsonl"


class ShowFormat(str, Enum):
    json = "json"
    text = "text"


class QueryFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    graphml = "graphml"
    csv = "csv"


FormatOption = typer.Option(QueryFormat.table, "--format", "-f", help="table for people, json for programs.")
FalkorDBOption = typer.Option(
    None, "--falkordb", envvar="POLICYKG_FALKORDB_URL", help="Ask a FalkorDB server (redis://HOST:PORT) instead of the store."
)
Neo4jOption = typer.Option(
    None, "--neo4j", envvar="POLICYKG_NEO4J_URI", help="Ask a Neo4j server (bolt://HOST:PORT, neo4j+s://…) instead of the store."
)
Neo4jUserOption = typer.Option(None, "--neo4j-user", envvar="POLICYKG_NEO4J_USER", help="Neo4j user (default neo4j).")
Neo4jPasswordOption = typer.Option(None, "--neo4j-password", envvar="POLICYKG_NEO4J_PASSWORD", help="Neo4j password.")
Neo4jDatabaseOption = typer.Option(None, "--neo4j-database", envvar="POLICYKG_NEO4J_DATABASE", help="Neo4j database (default neo4j).")


def _workspace(path: Optional[Path], *, create: bool = False):
    """The store at ``path`` (or the default); readers pass ``create=False`` and create nothing."""
    from policykg.ingest.store import default_store_path
    from policykg.workspace import Workspace

    return Workspace(path or default_store_path(), create=create)


def _store(path: Optional[Path]):
    return _workspace(path).records


def _fail(err: PolicykgError) -> None:
    err_console.print(f"[red]error[/red] {err}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Notice files (.txt, .html, .docx), crawler exports (.csv, .jsonl: one document per row) or folders of them."),
    store: Optional[Path] = StoreOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    columns: Optional[str] = typer.Option(
        None, "--columns", help="Columns of a .csv/.jsonl export when their names are not the usual ones: content=正文,title=名称,date=日期 (also doc_number=, site=, url=)."
    ),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Processes to parse on (default: all cores); this process writes the store."
    ),
    cluster: Optional[str] = typer.Option(
        None, "--cluster", envvar="POLICYKG_CLUSTER", help="Parse on the Dask cluster at tcp://HOST:PORT (pip install 'policykg[cluster]')."
    ),
) -> None:
    """Read notices into the record store.

    An unchanged file is skipped, a changed file replaces its records. Files
    that cannot be read are listed with the reason; the rest of the batch goes
    on, and the exit status is 1 if any file failed.
    """
    from policykg.ingest.batch import collect_files
    from policykg.ingest.tabular import parse_columns

    try:
        column_names = parse_columns(columns)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--columns") from err
    files = collect_files(paths)
    try:
        target = _workspace(store, create=True)
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err_console,
            disable=quiet,
            transient=True,
        ) as progress:
            bar = progress.add_task("", total=len(files))
            done = target.ingest(
                files,
                on_file=lambda p: progress.update(bar, advance=1, description=p.name),
                workers=workers,
                cluster=cluster,
                columns=column_names,
            )
    except PolicykgError as err:
        _fail(err)
    report, synced = done.batch, done.graph
    for failure in report.failed:
        err_console.print(f"[red]failed[/red] {failure.error}", highlight=False, soft_wrap=True)
    documents = sum(o.documents for o in report.outcomes)
    err_console.print(
        f"{report.count('added')} added, {report.count('replaced')} replaced, "
        f"{report.count('unchanged')} unchanged, {len(report.failed)} failed "
        f"({documents} documents) in {target.root}",
        highlight=False,
    )
    err_console.print(
        f"graph: {synced.added} documents added, {synced.removed} removed"
        f"{' (rebuilt)' if synced.rebuilt else ''}; {done.nodes} nodes, {done.edges} edges",
        highlight=False,
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def dump(
    format: DumpFormat = typer.Option(DumpFormat.jsonl, "--format", "-f", help="Output format."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Print every document record, one JSON object per line, tasks and citations nested."""
    from policykg.ingest.records import to_json

    try:
        for doc in _store(store).iter_documents():
            sys.stdout.write(json.dumps(to_json(doc), ensure_ascii=False) + "\n")
    except PolicykgError as err:
        _fail(err)


@app.command()
def show(
    ref: str = typer.Argument(..., help="A doc number (any bracket form), a title or an id."),
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="Output format."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Print one document record."""
    from policykg.ingest.records import to_json
    from policykg.render import document_as_text

    try:
        doc = _store(store).find(ref)
    except PolicykgError as err:
        _fail(err)
    if format is ShowFormat.json:
        sys.stdout.write(json.dumps(to_json(doc), ensure_ascii=False, indent=2) + "\n")
    else:
        typer.echo(document_as_text(doc))


def _graph(store: Optional[Path]):
    with _workspace(store) as workspace:
        return workspace.graph()


def _ask(store: Optional[Path], falkordb: Optional[str], neo4j: Optional[str], question):
    """Ask ``question(backend)`` of the chosen store; a typed error becomes one line."""
    from policykg.graph.backends import EmbeddedGraph, open_backend

    backend = None
    try:
        backend = open_backend("", falkordb=falkordb, neo4j=neo4j) if (falkordb or neo4j) else EmbeddedGraph(_graph(store))
        return question(backend)
    except PolicykgError as err:
        _fail(err)
    finally:
        if backend is not None:
            backend.close()


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command()
def trace(
    ref: str = typer.Argument(..., help="The document to start from: doc number, title or id."),
    tasks: bool = typer.Option(False, "--tasks", help="Also trace tasks, with their agencies and deadlines."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
) -> None:
    """Show the downstream cascade of a document: who implements it, down the hierarchy.

    Each link is marked explicit (the document says so) or inferred (with its
    confidence and evidence).
    """
    from policykg.render import cascade_as_tree

    result = _ask(store, falkordb, neo4j, lambda b: b.trace(ref, tasks=tasks))
    _print_json(result) if format is QueryFormat.json else Console().print(cascade_as_tree(result, down=True))


@app.command()
def upstream(
    ref: str = typer.Argument(..., help="The document to start from: doc number, title or id."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
) -> None:
    """Show what a document implements, up to the top of the hierarchy."""
    from policykg.render import cascade_as_tree

    result = _ask(store, falkordb, neo4j, lambda b: b.upstream(ref))
    _print_json(result) if format is QueryFormat.json else Console().print(cascade_as_tree(result, down=False))


@app.command()
def coverage(
    parent: str = typer.Argument(..., help="The higher-level plan: doc number, title or id."),
    child: Optional[str] = typer.Option(None, "--child", help="Only this implementing document."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
) -> None:
    """For each task of a plan, the lower-level tasks that implement it, and the share covered."""
    from policykg.render import coverage_as_table

    result = _ask(store, falkordb, neo4j, lambda b: b.coverage(parent, child))
    _print_json(result) if format is QueryFormat.json else Console().print(coverage_as_table(result))


@app.command()
def agency(
    name: str = typer.Argument(..., help="An agency or collective, as written or in full."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
) -> None:
    """Every obligation of one agency, including those it shares through a collective."""
    from policykg.render import obligations_as_table

    result = _ask(store, falkordb, neo4j, lambda b: b.agency_obligations(name))
    _print_json(result) if format is QueryFormat.json else Console().print(obligations_as_table(result))


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to look for in titles, numbers and task texts."),
    limit: int = typer.Option(20, "--limit", "-n", help="At most this many hits."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
) -> None:
    """Find documents and tasks by full text."""
    from policykg.render import hits_as_table

    result = _ask(store, None, None, lambda b: b.search(text, limit=limit))
    _print_json(result) if format is QueryFormat.json else Console().print(hits_as_table(result))


@app.command()
def export(
    output: Path = typer.Argument(..., help="File to write (a folder for csv)."),
    format: ExportFormat = typer.Option(ExportFormat.turtle, "--format", "-f", help="Output format."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Write the graph as RDF (Turtle, JSON-LD, using the policykg ontology), GraphML or CSV."""
    from policykg.graph.export import export as export_graph

    try:
        export_graph(_graph(store), output, format.value)
    except PolicykgError as err:
        _fail(err)
    err_console.print(f"wrote {output}", highlight=False)


@app.command()
def remove(
    ref: str = typer.Argument(..., help="The notice to remove: doc number, title or id."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Remove a notice (with the plans it promulgates) and every fact and link that rested on it."""
    try:
        with _workspace(store) as target:
            doc, synced = target.remove(ref)
    except PolicykgError as err:
        _fail(err)
    err_console.print(f"removed {doc.source.path}: {synced.removed} documents", highlight=False)


@app.command()
def push(
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
    neo4j_user: Optional[str] = Neo4jUserOption,
    neo4j_password: Optional[str] = Neo4jPasswordOption,
    neo4j_database: Optional[str] = Neo4jDatabaseOption,
) -> None:
    """Copy the store's graph into FalkorDB or Neo4j, which then holds exactly that graph (pushing twice changes nothing)."""
    from policykg.graph.backends import open_backend

    if not (falkordb or neo4j):
        err_console.print("[red]error[/red] say where to push: --falkordb redis://HOST:PORT or --neo4j bolt://HOST:PORT")
        raise typer.Exit(1)
    target = None
    try:
        G = _graph(store)
        target = open_backend(
            "", falkordb=falkordb, neo4j=neo4j, neo4j_user=neo4j_user,
            neo4j_password=neo4j_password, neo4j_database=neo4j_database,
        )
        result = target.push(G, mirror=True)
    except PolicykgError as err:
        _fail(err)
    finally:
        if target is not None:
            target.close()
    err_console.print(f"pushed {result}", highlight=False)


@app.command()
def explore(
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
    port: int = typer.Option(8501, "--port", "-p", help="Port to serve the explorer on."),
    address: str = typer.Option("127.0.0.1", "--address", help="Address to listen on (0.0.0.0 to share on a network)."),
    headless: bool = typer.Option(False, "--headless", help="Do not open a browser window."),
) -> None:
    """Open the explorer, a Streamlit app over the store's graph, in the browser."""
    from policykg.explorer.launch import run

    if not (falkordb or neo4j):
        try:
            _workspace(store).close()  # a folder that is not a store fails here, creating nothing
        except PolicykgError as err:
            _fail(err)
    run(store, port, address=address, headless=headless, neo4j=neo4j, falkordb=falkordb)


@app.command()
def version() -> None:
    """Print the policykg version."""
    from policykg import __version__

    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="policykg")
