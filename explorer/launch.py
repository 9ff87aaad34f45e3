"""Start the explorer: ``streamlit run <app file> --server.port N -- --store DIR``.

The command carries the settings that make it an application rather than a
developer's workbench: the toolbar in ``minimal`` mode (no deploy button or
developer menu), Streamlit's welcome message and prompts off, error details
hidden (the pages say what went wrong themselves).

:func:`run` replaces the current process with that command (what
``policykg explore`` calls); :func:`command` is the command itself, which
the end-to-end tests start as a server.

Examples
--------
>>> argv = command("/tmp/kg", 8765, address="127.0.0.1", headless=True)
>>> argv[1:4] == ["-m", "streamlit", "run"] and argv[4].endswith("app.py")
True
>>> argv[argv.index("--server.port") + 1], argv[-2:]
('8765', ['--store', '/tmp/kg'])
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn, Optional, Union

__all__ = ["APP", "command", "environment", "run"]

#: The app's entry file.
APP = Path(__file__).with_name("app.py")

PathLike = Union[str, os.PathLike]


def command(
    store_dir: Optional[PathLike] = None,
    port: int = 8501,
    *,
    address: Optional[str] = "127.0.0.1",
    headless: bool = False,
    neo4j: Optional[str] = None,
    falkordb: Optional[str] = None,
    lang: Optional[str] = None,
) -> list[str]:
    """The ``streamlit run`` command line for the explorer on ``store_dir``.

    Parameters
    ----------
    store_dir : path, optional
        The store folder; default ``$POLICYKG_STORE`` or ``./.policykg``.
    port : int
        The port to serve on.
    address : str, optional
        The address to listen on (loopback by default; None for Streamlit's default, all interfaces).
    headless : bool
        Do not open a browser.
    neo4j, falkordb : str, optional
        Read the graph from this Neo4j (``bolt://…``, credentials from
        ``POLICYKG_NEO4J_USER`` / ``POLICYKG_NEO4J_PASSWORD``) or FalkorDB
        (``redis://…``) server instead of the store's embedded graph; the
        store still provides document texts and takes uploads.
    lang : {"zh", "en"}, optional
        The language new sessions start in (default Chinese).
    """
    from policykg.ingest.store import default_store_path

    store = Path(store_dir) if store_dir is not None else default_store_path()
    argv = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(int(port)),
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--server.showEmailPrompt",
        "false",
        "--server.fileWatcherType",
        "none",
        # No developer chrome: no deploy button or developer menu items, and
        # none of Streamlit's own prompts (the "Help agents write better apps
        # / Install" card a local, non-headless server shows is tied to the
        # welcome message).
        "--client.toolbarMode",
        "minimal",
        "--logger.hideWelcomeMessage",
        "true",
    ]
    if address:
        argv += ["--server.address", address]
    argv += ["--", "--store", str(store.resolve())]
    if neo4j:
        argv += ["--neo4j", neo4j]
    if falkordb:
        argv += ["--falkordb", falkordb]
    if lang:
        argv += ["--lang", lang]
    return argv


def environment(store_dir: Optional[PathLike] = None) -> dict[str, str]:
    """The environment for the server: this one, with ``POLICYKG_STORE`` set to the store."""
    env = dict(os.environ)
    if store_dir is not None:
        env["POLICYKG_STORE"] = str(Path(store_dir).resolve())
    return env


def run(
    store_dir: Optional[PathLike] = None,
    port: int = 8501,
    *,
    address: Optional[str] = "127.0.0.1",
    headless: bool = False,
    neo4j: Optional[str] = None,
    falkordb: Optional[str] = None,
    lang: Optional[str] = None,
) -> NoReturn:
    """Replace this process with the explorer's Streamlit server (see :func:`command`)."""
    argv = command(store_dir, port, address=address, headless=headless, neo4j=neo4j, falkordb=falkordb, lang=lang)
    os.execve(argv[0], argv, environment(store_dir))
