"""Check a SPARQL request before anything runs it: size, nesting, form, and reach.

pyoxigraph calls ``SERVICE`` endpoints and cannot be told not to, so every query is
checked first. The check reads the text with :mod:`service.sparql.lexer` (one linear
pass, no parser, no lock) exactly as Oxigraph tokenises it, and refuses:

- a text longer than ``max_bytes`` (:class:`QueryTooLarge`, 413) or nested deeper than
  ``max_depth`` (:class:`QueryTooDeep`, 400), before anything else is done with it;
- a backslash outside strings and IRIs, where the engine would not decode it
  (:class:`QuerySyntaxError`, 400);
- ``SERVICE`` unless its endpoint is a full IRI on the allow-list, and ``FROM`` /
  ``FROM NAMED`` (:class:`QueryRefused`, 403). Oxigraph matches keywords by their
  first letters and falls back to shorter readings when a prefixed name fails, so a
  name counts as SERVICE when it starts with "service" (``SERVICEex:x``), also after
  ``true``/``false`` (``trueSERVICE``), or when its prefix is undeclared and any part
  between dots starts so (``true.SERVICEex:x``); the same goes for "from" outside
  the query's braces.

The engine's own parse runs later, in the killable query process, together with a
second guard that does not depend on this tokeniser (:func:`neutralised`)::

    >>> check_query("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    >>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    service.sparql.query_check.QueryRefused: FROM <file:///etc/passwd> is not allowed: ...

Errors carry the 1-based ``line`` and ``column`` of the offending token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.sparql.lexer import LexError, NestingError, Token, iri_value, tokenize
from service.text_cache import TextCache

MAX_QUERY_BYTES = 256 * 1024
"""Default longest query text, in UTF-8 bytes (GKG_MAX_QUERY_BYTES)."""
MAX_DEPTH = 64
"""Default deepest nesting of braces, brackets, parentheses and quoted triples."""
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = {
    "INSERT": "Modify",
    "DELETE": "Modify",
    "WITH": "Modify",
    "LOAD": "Load",
    "CLEAR": "Clear",
    "DROP": "Drop",
    "CREATE": "Create",
    "ADD": "Add",
    "MOVE": "Move",
    "COPY": "Copy",
}
GUARDED = re.compile("service|from", re.IGNORECASE)
"""The keywords the engine-side guard spells out of a query (see :func:`neutralised`)."""


@dataclass(frozen=True)
class CheckedQuery:
    """A read query that passed the checks; ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE.

    ``services`` are its allow-listed SERVICE endpoints, ``service_offsets`` where their
    SERVICE keywords start in ``text``.
    """

    text: str
    form: str
    services: tuple[str, ...] = ()
    service_offsets: tuple[int, ...] = ()


@dataclass(frozen=True)
class CheckedUpdate:
    """A request that reads as a SPARQL Update (refused unless updates are enabled)."""

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
    """The text is not a valid SPARQL 1.1 query or update (400)."""


class QueryTooDeep(QuerySyntaxError):
    """The text nests more deeply than the limit (400)."""


class QueryTooLarge(QueryError):
    """The text is longer than the limit (413)."""


class QueryRefused(QueryError):
    """The query is valid but would reach outside the store (FROM, SERVICE) (403)."""


class UpdateRefused(QueryError):
    """The request is a SPARQL Update (or LOAD) and updates are not enabled (403)."""


def check_query(
    text: str,
    service_allowlist: Sequence[str] = (),
    *,
    max_bytes: int = MAX_QUERY_BYTES,
    max_depth: int = MAX_DEPTH,
) -> CheckedQuery | CheckedUpdate:
    """Check ``text`` and refuse anything that is not a self-contained read query.

    Returns a :class:`CheckedQuery`, or a :class:`CheckedUpdate` when ``text`` reads as
    an update (the caller decides whether updates are allowed). Raises
    :class:`QueryTooLarge`, :class:`QuerySyntaxError` or :class:`QueryRefused`.
    """
    key = (text, tuple(service_allowlist), max_bytes, max_depth)
    return _CACHE.remembered(
        key, len(text), lambda: _check(text, frozenset(service_allowlist), max_bytes, max_depth)
    )


def neutralised(text: str, keep: Sequence[int] = ()) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with every "service" and "from", in any case, misspelt; and where they were.

    The engine-side guard: if Oxigraph parses ``text`` but not this variant, then it
    read SERVICE or FROM as a keyword somewhere, whatever the tokeniser above made of
    the text. The variant changes one letter of each word ("servicx", "frxm"), so every
    string, IRI, prefixed name and variable keeps its shape; SERVICE keywords starting
    at the ``keep`` offsets (the allow-listed ones) are left alone::

        >>> neutralised("SELECT * FROM <x> { ?service prov:wasDerivedFrom ?o }")[0]
        'SELECT * FRxM <x> { ?servicx prov:wasDerivedFrxm ?o }'
    """
    kept = set(keep)
    spans: list[tuple[int, int]] = []

    def misspell(match: re.Match[str]) -> str:
        if match.start() in kept:
            return match.group()
        spans.append((match.start(), match.end()))
        word = match.group()
        return word[:-1] + "x" if len(word) == 7 else word[:2] + "x" + word[3]

    return GUARDED.sub(misspell, text), spans


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def offset_of(text: str, line: int, column: int) -> int:
    """The offset of a 1-based ``line`` and ``column`` (as Oxigraph reports them) in ``text``."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return min(start + column - 1, len(text))


def _check(
    text: str, allowlist: frozenset[str], max_bytes: int, max_depth: int
) -> CheckedQuery | CheckedUpdate:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryTooLarge(f"The query is {size} bytes long; at most {max_bytes} are accepted")
    try:
        tokens = tokenize(text, max_depth)
    except LexError as error:
        kind = QueryTooDeep if isinstance(error, NestingError) else QuerySyntaxError
        raise kind(f"Malformed query: {error.message}", *position(text, error.offset)) from None
    start = _after_prologue(tokens)
    if start == len(tokens):
        raise QuerySyntaxError("Malformed query: there is no query in the text")
    first = tokens[start]
    keyword = first.text.upper() if first.kind == "word" else ""
    if keyword in UPDATES:
        return CheckedUpdate(text=text, operations=_operations(tokens))
    if keyword not in FORMS:
        raise QuerySyntaxError(
            f"Malformed query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {first.text!r}",
            *position(text, first.start),
        )
    declared = _declared_prefixes(tokens[:start])
    _refuse_from(text, tokens, start, declared)
    services, offsets = _services(text, tokens, start, allowlist, declared)
    return CheckedQuery(text=text, form=keyword, services=services, service_offsets=offsets)


def _after_prologue(tokens: list[Token]) -> int:
    """The index of the first token after the BASE, PREFIX and VERSION declarations."""
    skip = {"BASE": 1, "PREFIX": 2, "VERSION": 1}
    index = 0
    while index < len(tokens):
        word = tokens[index].text.upper() if tokens[index].kind == "word" else ""
        if word not in skip:
            return index
        index += 1 + skip[word]
    return len(tokens)


def _declared_prefixes(prologue: list[Token]) -> set[str]:
    """The prefix names the PREFIX declarations of ``prologue`` declare."""
    return {
        name.text[:-1]
        for keyword, name in zip(prologue, prologue[1:], strict=False)
        if keyword.kind == "word" and keyword.text.upper() == "PREFIX" and name.kind == "pname"
    }


def reads_as(token: Token, keyword: str, declared: set[str]) -> bool:
    """Whether Oxigraph may read ``keyword`` (lower case) at the start of ``token`` or part of it.

    >>> [reads_as(tokenize(t)[0], "service", {"ex"}) for t in ("SERVICEex:s", "trueService",
    ...     "ex:serviceType", "true.SERVICEex:s", "?service")]
    [True, True, False, True, False]
    """
    if token.kind not in ("word", "pname"):
        return False
    text = token.text.lower()
    for literal in ("true", "false"):
        if token.text.startswith(literal):
            text = text[len(literal) :]
            break
    if text.startswith(keyword):
        return True
    if token.kind != "pname" or token.text.partition(":")[0] in declared:
        return False
    return any(part.startswith(keyword) for part in re.split(r"[.:]", token.text.lower()))


def _operations(tokens: list[Token]) -> tuple[str, ...]:
    """The update operations: the first word of the request and after each top-level ';'."""
    operations = []
    starts_operation = True
    for index, token in enumerate(tokens):
        if token.depth == 0 and token.text == ";":
            starts_operation = True
        elif starts_operation and token.kind == "word" and token.text.upper() in UPDATES:
            name = UPDATES[token.text.upper()]
            following = tokens[index + 1].text.upper() if index + 1 < len(tokens) else ""
            if name == "Modify" and following in ("DATA", "WHERE"):
                name = f"{token.text.capitalize()}{following.capitalize()}"
            operations.append(name)
            starts_operation = False
    return tuple(operations)


def _refuse_from(text: str, tokens: list[Token], start: int, declared: set[str]) -> None:
    """FROM and FROM NAMED (any name read as "from" outside the query's braces)."""
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.depth or not reads_as(token, "from", declared):
            continue
        where = position(text, token.start)
        if token.text.upper() != "FROM":
            raise QueryRefused(
                f"{token.text} is read as FROM by the query engine; FROM is not allowed", *where
            )
        rest = [t.text for t in tokens[index + 1 : index + 3]] + ["", ""]
        named = rest[0].upper() == "NAMED"
        keyword, graph = ("FROM NAMED", rest[1]) if named else ("FROM", rest[0])
        raise QueryRefused(
            f"{keyword} {graph} is not allowed: this endpoint queries only its own data "
            "(all graphs are in the default graph; use GRAPH to pick one)",
            *where,
        )


def _services(
    text: str, tokens: list[Token], start: int, allowlist: frozenset[str], declared: set[str]
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The allow-listed SERVICE endpoints and keyword offsets; any other SERVICE is refused."""
    services: list[str] = []
    offsets: list[int] = []
    for index in range(start, len(tokens)):
        token = tokens[index]
        if not reads_as(token, "service", declared):
            continue
        where = position(text, token.start)
        if token.text.upper() != "SERVICE":
            raise QueryRefused(
                f"{token.text} is read as SERVICE by the query engine; SERVICE is not allowed",
                *where,
            )
        following = tokens[index + 1 : index + 3]
        if following and following[0].kind == "word" and following[0].text.upper() == "SILENT":
            following = following[1:]
        endpoint = following[0] if following else None
        if endpoint is None or endpoint.kind == "var":
            raise QueryRefused("SERVICE with a variable endpoint is not allowed", *where)
        if endpoint.kind != "iri":
            raise QueryRefused(
                f"SERVICE {endpoint.text} is not allowed: write an allow-listed endpoint "
                "as a full IRI in <...>",
                *where,
            )
        iri = iri_value(endpoint)
        if iri not in allowlist:
            raise QueryRefused(
                f"SERVICE <{iri}> is not allowed: that endpoint is not on this server's allow-list",
                *where,
            )
        services.append(iri)
        offsets.append(token.start)
    return tuple(services), tuple(offsets)


_CACHE = TextCache(max_chars=4 * 1024 * 1024, max_entry_chars=64 * 1024)
"""At most 4 MiB of query text (entries up to 64 KiB) per process: repeated named and
page queries are checked once; large or one-off texts are checked every time."""
