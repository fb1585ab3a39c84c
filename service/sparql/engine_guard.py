"""Oxigraph's own reading of a query, asked inside a query process: parse errors, and whether
it reads SERVICE or FROM where the check allowed none.

pyoxigraph has no parse-only call: preparing a query on a store may already start running
it (a SERVICE at the top of a SELECT is called at once). So everything here runs in a
query process (:mod:`service.store.local_backend`), on an empty in-memory store, within the
time limit, and with the network denied wherever SERVICE could remain in the text.

The answers are tuples for the process's pipe: ``("syntax", message, line, column)`` or
``("refused", message, line, column)``, and None when all is well.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph

from service.sparql.query_check import neutralised, offset_of, position
from service.text_cache import TextCache

MESSAGE_LENGTH = 200
REMEMBERED_CHARS = 16 * 1024  # longest text whose verdict is kept
SYNTAX_ERROR = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def engine_check(text: str, keep: Sequence[int], isolated: bool) -> tuple | None:
    """Whether Oxigraph parses ``text`` with no SERVICE or FROM but at ``keep``: None if so.

    Parsing means preparing the query on an empty store, which may start evaluating it:
    only call this where the network is denied (``isolated``) or the text is guarded.
    """
    refusal = guard(text, keep, isolated)
    if refusal is not None:
        return refusal
    error = parse_error(text)
    return None if error is None else syntax_answer(error)


def guard(text: str, keep: Sequence[int], isolated: bool) -> tuple | None:
    """Refuse ``text`` if Oxigraph reads SERVICE (except at ``keep``) or FROM in it.

    Oxigraph parses the text with every "service" and "from" misspelt
    (:func:`service.sparql.query_check.neutralised`). If that variant parses, the engine reads
    no such keyword in the text. If not, either the text has a syntax error before any
    of those words, or (where the network is denied, parsing the text itself decides)
    it is refused.
    """
    variant, spans = neutralised(text, keep)
    if not spans:
        return None
    error = parse_error(variant)
    if error is None:
        return None
    line, column, message = _where(error)
    offset = offset_of(text, line, column) if line is not None else len(text)
    if offset < spans[0][0]:
        return syntax_answer(error)
    if isolated:
        own = parse_error(text)
        if own is not None:
            return syntax_answer(own)
    start = max((s for s, _ in spans if s <= offset), default=spans[0][0])
    line, column = position(text, start)
    return (
        "refused",
        "SERVICE and FROM are not allowed: the query engine reads one of them as a keyword "
        "here (only SERVICE with an allow-listed endpoint IRI may be used)",
        line,
        column,
    )


def remembered_guard(text: str, keep: Sequence[int], isolated: bool) -> tuple | None:
    """:func:`guard`, its verdict remembered (:data:`VERDICTS`) for texts of at most
    :data:`REMEMBERED_CHARS` characters: a verdict depends on the text alone, and parsing it
    again was a third of a query process's time on the benchmark mix (844 texts)."""
    key = (text, tuple(keep), isolated)
    return VERDICTS.remembered(key, len(text), lambda: guard(text, keep, isolated))


VERDICTS = TextCache(max_chars=4 * 1024 * 1024, max_entry_chars=REMEMBERED_CHARS)
"""The verdicts a query process keeps, least recently used first out: at most 4 MiB of text.
A count of entries (512 before) held none of a cyclic mix longer than that count."""


def parse_error(text: str) -> SyntaxError | None:
    """Oxigraph's syntax error for ``text``, or None if it parses (on an empty store)."""
    try:
        _empty_store().query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        return error
    except Exception:  # noqa: BLE001 - evaluating on the empty store failed: it parsed
        return None
    return None


def syntax_answer(error: SyntaxError) -> tuple:
    """The "syntax" answer for an Oxigraph syntax error: message, line and column."""
    line, column, message = _where(error)
    if len(message) > MESSAGE_LENGTH:  # Oxigraph lists every character class it expected
        message = message[:MESSAGE_LENGTH].rsplit(",", 1)[0] + ", ..."
    return ("syntax", f"Malformed query: {message}", line, column)


def _where(error: SyntaxError) -> tuple[int | None, int | None, str]:
    match = SYNTAX_ERROR.match(str(error))
    if match is None:
        return None, None, str(error)
    return int(match.group(1)), int(match.group(2)), match.group(3)


_EMPTY: list[pyoxigraph.Store] = []


def _empty_store() -> pyoxigraph.Store:
    if not _EMPTY:
        _EMPTY.append(pyoxigraph.Store())
    return _EMPTY[0]
