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

from policykg.ingest.errors import PolicykgError

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


def _store(path: Optional[Path]):
    from policykg.ingest.store import RecordStore, default_store_path

    return RecordStore(path or default_store_path())


def _fail(err: PolicykgError) -> None:
    err_console.print(f"[red]error[/red] {err}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Notice files (.txt, .html, .docx) or folders of them."),
    store: Optional[Path] = StoreOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read notices into the record store.

    An unchanged file is skipped, a changed file replaces its records. Files
    that cannot be read are listed with the reason; the rest of the batch goes
    on, and the exit status is 1 if any file failed.
    """
    from policykg.ingest.batch import collect_files, ingest_paths

    target = _store(store)
    files = collect_files(paths)
    try:
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
            report = ingest_paths(files, target, on_file=lambda p: progress.update(bar, advance=1, description=p.name))
    except PolicykgError as err:
        _fail(err)
    for failure in report.failed:
        err_console.print(f"[red]failed[/red] {failure.error}", highlight=False, soft_wrap=True)
    documents = sum(o.documents for o in report.outcomes)
    err_console.print(
        f"{report.count('added')} added, {report.count('replaced')} replaced, "
        f"{report.count('unchanged')} unchanged, {len(report.failed)} failed "
        f"({documents} documents) in {target.root}",
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


@app.command()
def version() -> None:
    """Print the policykg version."""
    from policykg import __version__

    typer.echo(__version__)


def main() -> None:  # pragma: no cover - console entry point
    app(prog_name="policykg")
