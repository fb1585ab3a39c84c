"""Check a SPARQL request before anything runs it.

Neither rdflib nor pyoxigraph can be told not to call ``SERVICE`` endpoints or
dereference ``FROM`` IRIs, so every query is parsed (parsed only, never executed,
with rdflib's parser) and refused when it would reach outside::

    >>> check_query("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    >>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    service.query_check.QueryRefused: FROM <file:///etc/passwd> is not allowed...

Errors carry the 1-based ``line`` and ``column`` where the parser stopped or the
refused clause starts.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

PARSER_LOCK = threading.Lock()
"""rdflib's (pyparsing) parser is not thread-safe: one parse at a time per process."""

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class CheckedQuery:
    """A read query that passed the checks; ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE."""

    text: str
    form: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckedUpdate:
    """A syntactically valid SPARQL Update request (refused unless updates are enabled)."""

    text: str
    operations: tuple[str, ...]


class QueryError(ValueError):
    """A request that cannot be answered; ``str(error)`` is the message for the caller."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(message + where)
        self.message = message
        self.line = line
        self.column = column


class QuerySyntaxError(QueryError):
    """The text is neither a valid SPARQL 1.1 query nor a valid update (400)."""


class QueryRefused(QueryError):
    """The query is valid but would reach outside the store (FROM, SERVICE) (403)."""


class UpdateRefused(QueryError):
    """The request is a SPARQL Update (or LOAD) and updates are not enabled (403)."""


def check_query(text: str, service_allowlist: Sequence[str] = ()) -> CheckedQuery | CheckedUpdate:
    """Parse ``text`` and refuse anything that is not a self-contained read query.

    Returns a :class:`CheckedQuery`, or a :class:`CheckedUpdate` when ``text`` is
    an update (the caller decides whether updates are allowed). Raises
    :class:`QuerySyntaxError` or :class:`QueryRefused`.
    """
    checked = _parse(text)
    if isinstance(checked, CheckedUpdate):
        return checked
    allowed = set(service_allowlist)
    refused = [iri for iri in checked.services if iri not in allowed]
    if refused:
        iri = refused[0]
        line, column = _position(text, r"\bSERVICE\b", checked.services.index(iri))
        if iri == "?":
            raise QueryRefused("SERVICE with a variable endpoint is not allowed", line, column)
        raise QueryRefused(
            f"SERVICE <{iri}> is not allowed: that endpoint is not on this server's allow-list",
            line,
            column,
        )
    return checked


@lru_cache(maxsize=1024)
def _parse(text: str) -> CheckedQuery | CheckedUpdate:
    try:
        with PARSER_LOCK:
            tree = parseQuery(text)
    except ParseBaseException as query_error:
        try:
            with PARSER_LOCK:
                update = parseUpdate(text)
        except ParseBaseException:
            raise QuerySyntaxError(
                f"Malformed query: {query_error.msg}", query_error.lineno, query_error.col
            ) from None
        operations = tuple(op.name for op in update.request)
        return CheckedUpdate(text=text, operations=operations)
    except RecursionError:
        raise QuerySyntaxError("Malformed query: nested too deeply") from None
    query = tree[1]
    for index, clause in enumerate(query["datasetClause"] if "datasetClause" in query else ()):
        keyword = "FROM NAMED" if "named" in clause else "FROM"
        iri = clause["named"] if "named" in clause else clause["default"]
        line, column = _position(text, r"\bFROM\b", index)
        raise QueryRefused(
            f"{keyword} <{iri}> is not allowed: this endpoint queries only its own data "
            "(all graphs are in the default graph; use GRAPH to pick one)",
            line,
            column,
        )
    services = tuple(
        str(node["term"]) if isinstance(node["term"], URIRef) else "?"
        for node in _walk(query)
        if node.name == "ServiceGraphPattern"
    )
    return CheckedQuery(text=text, form=FORMS[query.name], services=services)


def _walk(node: Any) -> Iterator[CompValue]:
    """Every parse-tree node under ``node``, depth first, in text order."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for item in node:
            yield from _walk(item)


def _position(text: str, keyword: str, occurrence: int) -> tuple[int | None, int | None]:
    """Line and column of the ``occurrence``-th ``keyword`` outside comments and strings."""
    code = re.sub(r"#[^\n]*|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>", _blank, text)
    matches = list(re.finditer(keyword, code, re.IGNORECASE))
    if occurrence >= len(matches):
        return None, None
    start = matches[occurrence].start()
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))
