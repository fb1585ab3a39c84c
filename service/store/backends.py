"""What the SPARQL endpoint needs from whatever answers its queries.

The ``/sparql`` blueprint never touches a store directly. It checks the query
(:mod:`service.sparql.query_check`), picks a media type (:mod:`service.sparql.negotiation`) and
hands both to a :class:`Backend`::

    result = backend.execute(checked, "application/sparql-results+json",
                             timeout=30.0, row_cap=10_000)
    response = Response(result.body, content_type=result.content_type)

Two backends implement this protocol:

- :class:`service.store.local_backend.LocalBackend` — the on-disk pyoxigraph store,
  queried in a separate, killable process.
- the remote backend (``gkg serve --backend URL``) — an external SPARQL 1.1 store.

Contract for implementers:

- ``query`` has already passed :func:`service.sparql.query_check.check_query`: it is a
  read query (SELECT/ASK/CONSTRUCT/DESCRIBE), has no FROM/FROM NAMED, and any
  SERVICE targets are allow-listed. Run it with the default graph as the union of
  all named graphs.
- ``media_type`` is one of :data:`RESULT_MEDIA_TYPES` (SELECT/ASK) or
  :data:`GRAPH_MEDIA_TYPES` (CONSTRUCT/DESCRIBE), already matched to the query form.
- Return at most ``row_cap`` solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) and
  set ``truncated=True`` when more existed. The blueprint adds the visible marker
  (header, JSON key); backends only cut and flag.
- Raise :class:`QueryTimeout` after ``timeout`` seconds (wall clock), having freed
  what the query held; raise :class:`QueryFailed` for an error in the query that
  only shows at evaluation (the caller's fault, 400), :class:`MalformedQuery` when
  the engine cannot parse it (400, with line and column) and :class:`RefusedQuery`
  when the engine's parse reaches outside (SERVICE, FROM) after all (403); raise
  :class:`BackendUnavailable` when the store cannot answer at all (503).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from service.sparql.query_check import CheckedQuery

SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
N_TRIPLES = "application/n-triples"
JSON_LD = "application/ld+json"
RDF_XML = "application/rdf+xml"

RESULT_MEDIA_TYPES: tuple[str, ...] = (SPARQL_JSON, SPARQL_XML, CSV, TSV)
"""Media types for SELECT and ASK results, in order of preference."""

GRAPH_MEDIA_TYPES: tuple[str, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)
"""Media types for CONSTRUCT and DESCRIBE results, in order of preference."""


@dataclass(frozen=True)
class BackendResult:
    """A serialized answer: ``body`` in ``content_type``, cut at the row cap if ``truncated``."""

    body: bytes
    content_type: str
    truncated: bool = False
    rows: int | None = None


class BackendError(Exception):
    """Base of the errors a backend raises; ``str(error)`` is shown to the caller."""


class QueryTimeout(BackendError):
    """The query ran longer than its timeout and was stopped."""


class QueryFailed(BackendError):
    """The query failed during evaluation (the caller's fault)."""


class MalformedQuery(QueryFailed):
    """The query engine could not parse the query; ``line``/``column`` say where (400)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class RefusedQuery(MalformedQuery):
    """The query engine reads SERVICE or FROM where the check allowed none (403)."""


class BackendUnavailable(BackendError):
    """The store cannot answer (no published release, remote store down, ...)."""


@runtime_checkable
class Backend(Protocol):
    """Something that answers checked read queries."""

    def execute(
        self,
        query: CheckedQuery,
        media_type: str,
        *,
        timeout: float,
        row_cap: int,
        substitutions: dict[str, str] | None = None,
    ) -> BackendResult:
        """Run ``query`` and serialize its answer as ``media_type``.

        ``substitutions`` binds variables (name without ``?`` -> a term in N-Triples
        syntax, e.g. ``{"module": "<https://example.org/m/1>"}``) before evaluation;
        values are never pasted into the query text.
        """
        ...

    def data_version(self) -> str:
        """An identifier of the data answered from (changes when a new release is published)."""
        ...

    def close(self) -> None:
        """Release processes, connections and files."""
        ...


def get_backend() -> Backend:
    """The backend of the current app, made once per process (service.store.factory)."""
    from flask import current_app

    backend = current_app.extensions.get("gkg.backend")
    if backend is None:
        from service.store.factory import make_backend

        backend = current_app.extensions["gkg.backend"] = make_backend(current_app.config)
    return backend
