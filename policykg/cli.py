"""The ``policykg`` command.

A thin layer over the library: it parses options, shows progress, and turns
typed errors into one line that names the fix, exiting with status 1.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import threading
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policykg.errors import PolicykgError

app = typer.Typer(
    cls=None,  # set below: _Group
    help="policykg: a knowledge graph of Chinese government notices, their tasks and agencies.",
    no_args_is_help=True,
    add_completion=False,
)
err_console = Console(stderr=True)

StoreOption = typer.Option(
    None,
    "--store",
    envvar="POLICYKG_STORE",
    metavar="DIR",
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


class Language(str, Enum):
    zh = "zh"
    en = "en"


class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    graphml = "graphml"
    csv = "csv"


FormatOption = typer.Option(QueryFormat.table, "--format", "-f", help="table for people, json for programs.")
FalkorDBOption = typer.Option(
    None, "--falkordb", envvar="POLICYKG_FALKORDB_URL", metavar="URL",
    help="Ask a FalkorDB server (redis://HOST:PORT) instead of the store.",
)
Neo4jOption = typer.Option(
    None, "--neo4j", envvar="POLICYKG_NEO4J_URI", metavar="URI",
    help="Ask a Neo4j server (bolt://HOST:PORT, neo4j+s://…) instead of the store.",
)
PushFalkorDBOption = typer.Option(
    None, "--falkordb", envvar="POLICYKG_FALKORDB_URL", metavar="URL", help="Push to this FalkorDB server (redis://HOST:PORT)."
)
PushNeo4jOption = typer.Option(
    None, "--neo4j", envvar="POLICYKG_NEO4J_URI", metavar="URI", help="Push to this Neo4j server (bolt://HOST:PORT, neo4j+s://…)."
)
ExploreFalkorDBOption = typer.Option(
    None, "--falkordb", envvar="POLICYKG_FALKORDB_URL", metavar="URL",
    help="Show the graph held by this FalkorDB server (texts still come from the store).",
)
ExploreNeo4jOption = typer.Option(
    None, "--neo4j", envvar="POLICYKG_NEO4J_URI", metavar="URI",
    help="Show the graph held by this Neo4j server (texts still come from the store).",
)
Neo4jUserOption = typer.Option(None, "--neo4j-user", envvar="POLICYKG_NEO4J_USER", metavar="USER", help="Neo4j user (default neo4j).")
Neo4jPasswordOption = typer.Option(None, "--neo4j-password", envvar="POLICYKG_NEO4J_PASSWORD", metavar="PASSWORD", help="Neo4j password.")
Neo4jDatabaseOption = typer.Option(
    None, "--neo4j-database", envvar="POLICYKG_NEO4J_DATABASE", metavar="NAME", help="Neo4j database (default neo4j)."
)


def _workspace(path: Optional[Path], *, create: bool = False):
    """The store at ``path`` (or the default); readers pass ``create=False`` and create nothing."""
    from policykg.ingest.store import default_store_path
    from policykg.workspace import Workspace

    return Workspace(path or default_store_path(), create=create)


def _store(path: Optional[Path]):
    return _workspace(path).records


def _usage_error(message: str) -> None:
    """A wrong option value, as one line (like :func:`_fail`)."""
    err_console.print(f"[red]error[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _fail(err: PolicykgError) -> None:
    err_console.print(f"[red]error[/red] {err}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Notice files, crawler exports (.csv, .jsonl: one document per row) or folders of them; a folder is read for {suffixes} files."),
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
    watch: bool = typer.Option(
        False, "--watch", help="Then keep watching PATHS and add each file that appears or changes, once written, until Ctrl-C (for a crawler that keeps saving)."
    ),
    every: float = typer.Option(2.0, "--every", min=0.05, metavar="SECONDS", help="With --watch: seconds between two looks at PATHS."),
) -> None:
    """Read notices into the record store and add them to the graph.

    A file named on the command line is always tried; a folder is searched
    for notice files. An unchanged file is skipped, a changed file replaces
    its records. Files that cannot be read are listed with the reason; the
    rest of the batch goes on, and the exit status is 1 if any file failed.
    With --watch the store stays open and each new file is added as it
    lands; the writer's indexes stay in memory between files.

    Example: policykg ingest examples/notices --store ./kg
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
        before = target.records.contents()  # to tell new documents from copies of ones already there
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
    ok = _report_ingest(target, done, before)
    if watch:
        ok = _watch(target, paths, every=every, workers=workers, cluster=cluster, columns=column_names) and ok
    if not ok:
        raise typer.Exit(1)


def _report_ingest(target, done, before) -> bool:
    """Print what an ingest did (failures, then two summary lines); True when no file failed."""
    report, synced = done.batch, done.graph
    for failure in report.failed:
        err_console.print(f"[red]failed[/red] {failure.error}", highlight=False, soft_wrap=True)
    # counted by document: a copy of a notice already there is merged, not added (read by index, not every record)
    copies = target.records.count_added((o.path for o in report.outcomes if o.status == "added"), before)
    err_console.print(
        f"{len(report.outcomes) + len(report.failed)} files: {copies}, {report.count('replaced')} replaced, "
        f"{report.count('unchanged')} unchanged, {len(report.failed)} failed; in {target.root}",
        highlight=False,
    )
    err_console.print(
        f"graph: {synced.added} documents added, {synced.removed} removed"
        f"{' (rebuilt)' if synced.rebuilt else ''}; {done.nodes} nodes, {done.edges} edges",
        highlight=False,
    )
    return report.ok


def _watch(target, paths: list[Path], *, every: float, workers, cluster, columns) -> bool:
    """Add each file under ``paths`` that appears or changes, until interrupted; True when none failed.

    One store stays open: its writer keeps what it holds between files (see
    :mod:`policykg.ingest.watch`). Ctrl-C (or SIGTERM) stops it between two
    batches or inside one, whose transaction then rolls back: the store
    keeps what was committed, and the files of that batch are read again
    by the next ingest.
    """
    import signal

    from policykg.ingest.watch import FolderWatch

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    folders = FolderWatch(paths)
    ok = True
    err_console.print(f"watching {', '.join(map(str, paths))} every {every:g} s; Ctrl-C to stop", highlight=False)
    try:
        while True:
            time.sleep(every)
            files = folders.ready()
            if not files:
                continue
            began = time.monotonic()
            before = target.records.contents()
            try:
                done = target.ingest(files, workers=workers, cluster=cluster, columns=columns)
            except PolicykgError as err:  # the batch rolled back: its files are tried again at the next look
                err_console.print(f"[red]error[/red] {err} (tried again in {every:g} s)", highlight=False, soft_wrap=True)
                folders.again(files)
                ok = False
                continue
            err_console.print(f"{time.strftime('%H:%M:%S')} in {time.monotonic() - began:.2f} s:", highlight=False)
            ok = _report_ingest(target, done, before) and ok
    except KeyboardInterrupt:
        err_console.print("stopped watching", highlight=False)
    finally:
        target.close()
    return ok


@app.command()
def dump(
    format: DumpFormat = typer.Option(DumpFormat.jsonl, "--format", "-f", help="Output format: one JSON object per line."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Print every document record, one JSON object per line, tasks and citations nested.

    Example: policykg dump > records.jsonl
    """
    from policykg.ingest.records import to_json

    try:
        for doc in _store(store).iter_documents():
            sys.stdout.write(json.dumps(to_json(doc), ensure_ascii=False) + "\n")
    except PolicykgError as err:
        _fail(err)


@app.command()
def show(
    ref: str = typer.Argument(..., help="A doc number (any bracket form), a title or an id."),
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="text for people, json for programs."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Print one document record: metadata, citations, tasks with their agencies and deadlines.

    Example: policykg show 湘政办发[2020]9号
    """
    from policykg.ingest.records import to_json
    from policykg.render import document_as_text

    try:
        doc = _find_record(store, ref)
    except PolicykgError as err:
        _fail(err)
    if format is ShowFormat.json:
        sys.stdout.write(json.dumps(to_json(doc), ensure_ascii=False, indent=2) + "\n")
    else:
        typer.echo(document_as_text(doc))


def _find_record(store: Optional[Path], ref: str):
    """The record ``show`` prints: the best reading of the document ``ref`` names, read by index.

    A record's own id names that very copy. Otherwise the reference is
    resolved over the graph's documents (one per document, whatever its
    copies, as ``trace`` resolves it) and the document's copies are read by
    their record ids; their best reading is the record.
    """
    from policykg import database
    from policykg.errors import DocumentNotFound
    from policykg.ingest.copies import copy_groups
    from policykg.ingest.store import RecordStore, default_store_path

    root = store or default_store_path()
    # the records alone (not the workspace, which brings the parsers and the graph builder)
    records = RecordStore(root, conn=database.connect(root))
    try:
        own = records.records_by_id([ref.strip()])
        if own:
            return own[0]
        graph = _embedded(store)
        try:
            copies = records.records_by_id(graph.record_ids(graph.find_document(ref)))
        finally:
            graph.close()
        if not copies:  # a document only cited (a stub) has no record
            raise DocumentNotFound(ref=ref.strip())
        # the best reading weighs the damage of each copy's whole file: read the files' other records too
        files = [d for sha in sorted({c.source.sha256 for c in copies if c.source}) for d in records.records_of(sha)]
        ids = {c.id for c in copies}
        return next(group for group in copy_groups(files or copies) if ids & {d.id for d in group})[0]
    finally:
        records.close()


def _graph(store: Optional[Path]):
    with _workspace(store) as workspace:
        return workspace.graph()


def _embedded(store: Optional[Path]):
    """The store's questions, asked inside its database (:class:`~policykg.graph.sqlite_graph.SQLiteGraph`).

    A graph older than the records (a write interrupted before its graph) is
    brought in step first, as the workspace does for every reader.
    """
    from policykg.errors import StaleGraph
    from policykg.graph.sqlite_graph import SQLiteGraph
    from policykg.ingest.store import default_store_path

    root = store or default_store_path()
    try:
        return SQLiteGraph(root)
    except StaleGraph:
        _graph(store)  # repairs the graph tables (the only path that reads the whole graph)
        return SQLiteGraph(root)


def _ask(store: Optional[Path], falkordb: Optional[str], neo4j: Optional[str], question):
    """Ask ``question(backend)`` of the chosen store; a typed error becomes one line."""
    from policykg.graph.backends import open_backend

    backend = None
    try:
        backend = open_backend("", falkordb=falkordb, neo4j=neo4j) if (falkordb or neo4j) else _embedded(store)
        return question(backend)
    except PolicykgError as err:
        _fail(err)
    finally:
        if backend is not None:
            backend.close()


def _print_cascade(backend, ref: str, *, down: bool, tasks: bool, format: "QueryFormat") -> None:
    """Print a trace (``down``) or upstream answer as it is read.

    The store's database hands the answer over in parts
    (:meth:`~policykg.graph.sqlite_graph.SQLiteGraph.trace_parts`), written
    as they come; the tree reads the tasks under each document while it is
    drawn. A national cascade with its tasks is never held whole. A
    graph-database server's answer comes whole and is printed the same way.
    """
    from policykg import database
    from policykg.graph.queries import answer_parts
    from policykg.render import print_cascade, write_json_parts

    streams = hasattr(backend, "trace_parts")
    if format is QueryFormat.json:
        if streams:
            parts = backend.trace_parts(ref, tasks=tasks) if down else backend.upstream_parts(ref, tasks=tasks)
        else:
            parts = answer_parts(backend.trace(ref, tasks=tasks) if down else backend.upstream(ref, tasks=tasks))
        write_json_parts(parts, sys.stdout)
        return
    console = Console()
    if not streams:
        result = backend.trace(ref, tasks=tasks) if down else backend.upstream(ref, tasks=tasks)
        print_cascade(console, result, down=down)
        return
    with database.read(backend.conn):  # the documents and the tasks read under them: one commit
        result = backend.trace(ref) if down else backend.upstream(ref)
        tasks_of = backend.cascade_tasks(result["documents"]) if tasks else None
        print_cascade(console, result, down=down, tasks_of=tasks_of)


def _cascade(store, falkordb, neo4j, ref: str, *, down: bool, tasks: bool, format: "QueryFormat") -> None:
    _ask(store, falkordb, neo4j, lambda b: _print_cascade(b, ref, down=down, tasks=tasks, format=format))


def _print_json(data) -> None:
    # orjson writes what json.dumps(ensure_ascii=False, indent=2) writes, in C: a national cascade
    # is tens of megabytes, which the standard library's indenting encoder takes seconds over
    import orjson

    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")


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

    Example: policykg trace 国办发〔2019〕54号 --tasks
    """
    _cascade(store, falkordb, neo4j, ref, down=True, tasks=tasks, format=format)


@app.command()
def upstream(
    ref: str = typer.Argument(..., help="The document to start from: doc number, title or id."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
) -> None:
    """Show what a document implements, up to the top of the hierarchy.

    Example: policykg upstream 平江县2020年政务公开工作要点
    """
    _cascade(store, falkordb, neo4j, ref, down=False, tasks=False, format=format)


@app.command()
def coverage(
    parent: str = typer.Argument(..., help="The higher-level plan: doc number, title or id."),
    child: Optional[str] = typer.Option(None, "--child", help="Only this implementing document."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = FalkorDBOption,
    neo4j: Optional[str] = Neo4jOption,
) -> None:
    """For each task of a plan, the lower-level tasks that implement it, and the share covered.

    A task counts as covered by a child when one of the child's tasks restates
    it with an alignment score of at least {covered_score}; weaker alignments
    are listed as weak and not counted (the explorer uses the same rule).

    Example: policykg coverage 湖南省2020年政务公开工作要点 --child 平政办发〔2020〕5号
    """
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
    """Every obligation of one agency, including those it shares through a collective.

    Example: policykg agency 县市场监管局
    """
    from policykg.render import obligations_as_table

    result = _ask(store, falkordb, neo4j, lambda b: b.agency_obligations(name))
    _print_json(result) if format is QueryFormat.json else Console().print(obligations_as_table(result, width=Console().width))


@app.command()
def search(
    text: str = typer.Argument(..., help="Words to look for in titles, numbers and task texts."),
    limit: int = typer.Option(20, "--limit", "-n", metavar="N", help="Show at most N hits (N ≥ 1); the total is always said."),
    format: QueryFormat = FormatOption,
    store: Optional[Path] = StoreOption,
) -> None:
    """Find documents and tasks by full text, best first, and say how many matched.

    Example: policykg search 政务新媒体 --limit 5
    """
    from policykg.render import hits_as_table, hits_summary

    if limit < 1:
        _usage_error(f"--limit must be 1 or more, not {limit}")
    hits = _ask(store, None, None, lambda b: b.search(text, limit=None))
    shown = hits[:limit]
    _print_json(shown) if format is QueryFormat.json else Console().print(hits_as_table(shown, width=Console().width))
    err_console.print(hits_summary(len(shown), len(hits)), highlight=False)


@app.command()
def export(
    output: Path = typer.Argument(..., help="File to write; for csv a folder, or a path ending in .zip."),
    format: ExportFormat = typer.Option(ExportFormat.turtle, "--format", "-f", help="RDF (turtle, jsonld), graphml or csv."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Write the graph as RDF (Turtle, JSON-LD, using the policykg ontology), GraphML or CSV.

    Example: policykg export graph.ttl --format turtle
    """
    from policykg.graph.export import export_store

    # read from the store's database: CSV row by row, the other formats from the graph it loads
    _ask(store, None, None, lambda backend: export_store(backend.conn, output, format.value))
    err_console.print(f"wrote {output}", highlight=False)


@app.command()
def rebuild(store: Optional[Path] = StoreOption) -> None:
    """Build the graph again from scratch from the stored records (ingest and remove change it in place).

    The graph an ingest or remove leaves is the one built from scratch, so
    this changes nothing on a sound store; it is the check and the repair.

    Example: policykg rebuild --store ./.policykg
    """
    try:
        with _workspace(store) as target:
            target.rebuild()
            records = len(target.records.record_ids())
            nodes, edges = target.conn.execute("SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM edges)").fetchone()
    except PolicykgError as err:
        _fail(err)
    err_console.print(f"graph rebuilt from {records} records: {nodes} nodes, {edges} edges", highlight=False)


@app.command()
def remove(
    ref: str = typer.Argument(..., help="The notice to remove: doc number, title or id."),
    store: Optional[Path] = StoreOption,
) -> None:
    """Remove a notice (with the plans it promulgates) and every fact and link that rested on it.

    Every copy of the notice goes with it (copies are one document).

    Example: policykg remove 南政公领办发〔2016〕2号
    """
    try:
        with _workspace(store) as target:
            doc, sources, synced = target.remove(ref)
    except PolicykgError as err:
        _fail(err)
    copies = f" and {sources - 1} copies of it" if sources > 1 else ""
    err_console.print(f"removed {doc.source.path}{copies}: {synced.removed} documents", highlight=False)


@app.command()
def push(
    store: Optional[Path] = StoreOption,
    falkordb: Optional[str] = PushFalkorDBOption,
    neo4j: Optional[str] = PushNeo4jOption,
    neo4j_user: Optional[str] = Neo4jUserOption,
    neo4j_password: Optional[str] = Neo4jPasswordOption,
    neo4j_database: Optional[str] = Neo4jDatabaseOption,
) -> None:
    """Copy the store's graph into FalkorDB or Neo4j, which then holds exactly that graph (pushing twice changes nothing).

    Example: policykg push --falkordb redis://localhost:6379
    """
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
    falkordb: Optional[str] = ExploreFalkorDBOption,
    neo4j: Optional[str] = ExploreNeo4jOption,
    port: int = typer.Option(8501, "--port", "-p", metavar="N", help="Port to serve the explorer on."),
    address: str = typer.Option("127.0.0.1", "--address", metavar="ADDRESS", help="Address to listen on (0.0.0.0 to share on a network)."),
    headless: bool = typer.Option(False, "--headless", help="Do not open a browser window."),
    lang: Language = typer.Option(Language.zh, "--lang", help="The language the explorer opens in (a toggle in its sidebar switches)."),
) -> None:
    """Open the explorer, a Streamlit app over the store's graph, in the browser.

    Example: policykg explore --port 8502 --lang en
    """
    from policykg.explorer.launch import run

    if not (falkordb or neo4j):
        try:
            _workspace(store).close()  # a folder that is not a store fails here, creating nothing
        except PolicykgError as err:
            _fail(err)
    err_console.print(f"explorer at http://{address}:{port} (Ctrl+C stops it)", highlight=False)

    run(store, port, address=address, headless=headless, neo4j=neo4j, falkordb=falkordb, lang=lang.value)


@app.command()
def version() -> None:
    """Print the policykg version.

    Example: policykg version
    """
    from policykg import __version__

    typer.echo(__version__)


class _Argument(typer.core.TyperArgument):
    """An argument shown as its name in capitals (REF, PATH...), without a type placeholder."""

    def _rich_display_name(self) -> str:
        return self.display_name_raw.upper() + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx) -> None:
        return None


class _Option(typer.core.TyperOption):
    """An option shown with its metavar (DIR, URL, N) or its choices; a flag with nothing."""

    def display_type_rich(self, ctx) -> Optional[str]:
        if self.metavar is not None:
            return self.metavar
        if self.is_flag:
            return None
        if self.type_descriptor.is_choice:
            return self.display_type(ctx).strip("<>")
        return self.name.upper()


# Filled in when help is shown, so that the lists come from where they are
# defined (and the heavy ingest modules load only for `--help`).
_HELP_FIELDS = {
    "suffixes": lambda: ", ".join(sorted(__import__("policykg.ingest.batch", fromlist=["SUFFIXES"]).SUFFIXES)),
    "covered_score": lambda: str(__import__("policykg.graph.queries", fromlist=["COVERED_SCORE"]).COVERED_SCORE),
}


def _plain(param):
    """``param`` with the help display of :class:`_Argument` or :class:`_Option`."""
    kinds = {typer.core.TyperArgument: _Argument, typer.core.TyperOption: _Option}
    if param is not None:
        param.__class__ = kinds.get(type(param), type(param))
    return param


class _Group(typer.core.TyperGroup):
    """The ``policykg`` group, its ``--help`` shown as a flag."""

    def get_help_option(self, ctx):
        return _plain(super().get_help_option(ctx))


class _Command(typer.core.TyperCommand):
    """A command whose help shows names and metavars (no ``<bool>``, ``{ref}``) and fills in :data:`_HELP_FIELDS`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _plain(param)

    def get_help_option(self, ctx):
        return _plain(super().get_help_option(ctx))

    def format_help(self, ctx, formatter) -> None:
        for holder in [self, *self.params]:
            text = getattr(holder, "help", None)
            for field, value in _HELP_FIELDS.items():
                if text and "{" + field + "}" in text:
                    text = text.replace("{" + field + "}", value())
                    holder.help = text
        super().format_help(ctx, formatter)


app.info.cls = _Group
for _info in app.registered_commands:
    if _info.cls in (None, typer.core.TyperCommand):
        _info.cls = _Command


def main() -> None:  # pragma: no cover - console entry point
    """The console command: run it, then leave without freeing every object one by one.

    The interpreter's own exit frees what the process built object by
    object: after adding one notice to a 10,000-notice store, 0.35 s of a
    2.8 s run went to freeing indexes the system takes back at once. So,
    once the command is done, the exit handlers run (logging, temporary
    folders, child processes: everything ``atexit`` holds), the output is
    flushed, and the process ends (mypy's ``hard_exit`` does the same). A
    thread still running is waited for by the normal exit instead.
    """
    try:
        app(prog_name="policykg")
        code = 0
    except SystemExit as done:
        code = done.code
    if threading.active_count() > 1:
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what sys.exit("message") prints
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code or 0)
