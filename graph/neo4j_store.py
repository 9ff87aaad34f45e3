"""The graph in Neo4j, over Bolt with the official ``neo4j`` driver.

:class:`Neo4jStore` is a :class:`~policykg.graph.graphdb.CypherStore` whose
executor runs the shared Cypher of :mod:`policykg.graph.cypher` in managed
transactions (``session.execute_write`` / ``execute_read``), one per
statement. Only the index statements differ from FalkorDB's (Neo4j 5 names
them and creates them ``IF NOT EXISTS``).

What was verified: the statements and parameters this adapter sends, with a
double of the driver (``tests/test_graphdb_store.py``), and the answers those
statements give, on FalkorDB. It has not been run against a Neo4j server on
these machines. To use a real Neo4j 5 (a server, a cluster or Aura)::

    export POLICYKG_NEO4J_URI=neo4j+s://xxxx.databases.neo4j.io   # or bolt://HOST:7687
    export POLICYKG_NEO4J_USER=neo4j POLICYKG_NEO4J_PASSWORD=... POLICYKG_NEO4J_DATABASE=neo4j

Examples
--------
>>> class Driver:  # a stand-in for neo4j.GraphDatabase.driver(...)
...     def close(self): pass
>>> store = Neo4jStore("bolt://db.example:7687", user="neo4j", password="secret", driver=Driver())
>>> store.executor.where
"Neo4j at bolt://db.example:7687 (database 'neo4j')"
"""

from __future__ import annotations

import os
from typing import Any, Optional

from .cypher import BATCH_SIZE, DIALECTS
from .graphdb import (
    CypherStore,
    GraphDatabaseAuthFailed,
    GraphDatabaseError,
    GraphDatabaseQueryFailed,
    GraphDatabaseUnavailable,
    require,
)

__all__ = ["DEFAULT_URI", "DEFAULT_USER", "DEFAULT_DATABASE", "Neo4jExecutor", "Neo4jStore"]

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
DEFAULT_DATABASE = "neo4j"
_OPTION = "--neo4j bolt://HOST:PORT or POLICYKG_NEO4J_URI"
_CREDENTIALS = "--neo4j-user/--neo4j-password or POLICYKG_NEO4J_USER/POLICYKG_NEO4J_PASSWORD"
_SUPPORTED = "Neo4j 5"
_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


class Neo4jExecutor:
    """Runs Cypher on one database of a Neo4j server.

    Parameters
    ----------
    uri : str
        ``bolt://``, ``neo4j://`` (routing) or their ``+s`` forms.
    user, password : str
    database : str
    timeout : float
        Seconds to wait for a connection, and to keep retrying a transaction
        that failed for a transient reason.
    driver : object, optional
        An already made driver (tests pass a double); by default
        ``neo4j.GraphDatabase.driver(uri, auth=(user, password))``.
    """

    dialect = DIALECTS["neo4j"]

    def __init__(
        self, uri: str, *, user: str, password: Optional[str], database: str, timeout: float = 30.0, driver: Any = None
    ) -> None:
        self.uri = uri
        self.database = database
        self.where = f"Neo4j at {uri} (database {database!r})"
        require("neo4j", where=self.where, extra="neo4j")
        import neo4j
        import neo4j.exceptions

        self._errors = neo4j.exceptions
        if driver is None:
            if not uri.startswith(_SCHEMES):
                raise GraphDatabaseUnavailable(where=self.where, reason="not a bolt:// or neo4j:// URI", option=_OPTION)
            try:
                driver = neo4j.GraphDatabase.driver(
                    uri,
                    auth=(user, password) if password is not None else None,
                    connection_timeout=timeout,
                    max_transaction_retry_time=timeout,
                )
            except (ValueError, neo4j.exceptions.ConfigurationError) as err:
                raise GraphDatabaseUnavailable(where=self.where, reason=str(err), option=_OPTION) from err
        self._driver = driver

    def _run(self, query: str, params: dict, *, write: bool) -> list[list]:
        errors = self._errors

        def work(tx) -> list[list]:
            return [list(record.values()) for record in tx.run(query, params)]

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except errors.AuthError as err:
            raise GraphDatabaseAuthFailed(where=self.where, reason=str(err), option=_CREDENTIALS) from err
        except (errors.ServiceUnavailable, errors.SessionExpired) as err:
            raise GraphDatabaseUnavailable(where=self.where, reason=str(err), option=_OPTION) from err
        except errors.Neo4jError as err:
            raise GraphDatabaseQueryFailed(where=self.where, reason=str(err), supported=_SUPPORTED) from err
        except errors.DriverError as err:
            raise GraphDatabaseError(where=self.where, reason=f"{type(err).__name__}: {err}") from err

    def read(self, query: str, params: dict) -> list[list]:
        return self._run(query, params, write=False)

    def write(self, query: str, params: dict) -> list[list]:
        return self._run(query, params, write=True)

    def close(self) -> None:
        self._driver.close()


class Neo4jStore(CypherStore):
    """The policykg graph in Neo4j.

    Every option falls back on its environment variable, then on a default:
    ``uri`` (``POLICYKG_NEO4J_URI``, ``bolt://localhost:7687``), ``user``
    (``POLICYKG_NEO4J_USER``, ``neo4j``), ``password``
    (``POLICYKG_NEO4J_PASSWORD``, none), ``database``
    (``POLICYKG_NEO4J_DATABASE``, ``neo4j``). ``driver`` replaces the
    driver made from these (the tests pass a double).
    """

    def __init__(
        self,
        uri: Optional[str] = None,
        *,
        user: Optional[str] = None,
        password: Optional[str] = None,
        database: Optional[str] = None,
        timeout: float = 30.0,
        batch_size: int = BATCH_SIZE,
        driver: Any = None,
    ) -> None:
        env = os.environ.get
        executor = Neo4jExecutor(
            uri or env("POLICYKG_NEO4J_URI") or DEFAULT_URI,
            user=user or env("POLICYKG_NEO4J_USER") or DEFAULT_USER,
            password=password if password is not None else env("POLICYKG_NEO4J_PASSWORD"),
            database=database or env("POLICYKG_NEO4J_DATABASE") or DEFAULT_DATABASE,
            timeout=timeout,
            driver=driver,
        )
        super().__init__(executor, batch_size=batch_size)
