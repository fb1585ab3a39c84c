"""Binding parameters into a query as a `VALUES` block built from RDF terms.

Engine substitution in pyoxigraph only binds variables of the SELECT projection,
so parameters are bound the standard way instead: a `VALUES` block at the top of
the query's WHERE group.  Terms are made by :func:`iri` and :func:`literal` (or
service.queries.library.Parameter.to_term), and :func:`bind_values` checks every
term again: anything that is not exactly one IRI or literal in N-Triples syntax is
refused with :class:`TermError` before it comes near the query text.

    >>> bind_values("SELECT ?t WHERE { ?m <p> ?t }", {"m": iri("https://e.org/m/1")})
    'SELECT ?t WHERE { VALUES (?m) { (<https://e.org/m/1>) }\\n ?m <p> ?t }'
    >>> text = "SELECT * { ?m <p> ?t OPTIONAL { ?m <q> ?a ; <r> ?b } }"
    >>> print(bind_values(text, {"m": "<x:y>"}, inner=True))
    SELECT * { VALUES (?m) { (<x:y>) }
     ?m <p> ?t OPTIONAL { VALUES (?m) { (<x:y>) }
     ?m <q> ?a ; <r> ?b } }
    >>> bind_values("CONSTRUCT { ?m <p> 1 } WHERE { ?m ?p ?o }", {"m": "<x:y>"})
    'CONSTRUCT { ?m <p> 1 } WHERE { VALUES (?m) { (<x:y>) }\\n ?m ?p ?o }'
    >>> literal('say "hi"\\n', lang="en")
    '"say \\\\"hi\\\\"\\\\n"@en'
    >>> iri("https://e.org/a>b")
    Traceback (most recent call last):
    ...
    service.queries.binding.TermError: not an IRI: it contains '>' at position 15
"""

from __future__ import annotations

import re

from service.queries.groups import values_positions

MAX_TERM_LENGTH = 8192
"""Longer values are refused: no IRI we mint or literal we look up comes close."""

_SCHEME = r"[A-Za-z][A-Za-z0-9+.-]*:"
_IRI_CHAR = r"[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]"
_IRI_BODY = re.compile(rf"{_SCHEME}{_IRI_CHAR}*")
_IRI_TERM = rf"<{_SCHEME}{_IRI_CHAR}*>"
_LANG = r"[A-Za-z]+(?:-[A-Za-z0-9]+)*"
_STRING = r"\"(?:[^\"\\\x00-\x1f\x7f]|\\[tbnrf\"'\\]|\\U000000(?:75|55))*\""
_TERM = re.compile(rf"{_IRI_TERM}|{_STRING}(?:@{_LANG}|\^\^{_IRI_TERM})?")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"'} | {
    char: "\\" + letter for char, letter in zip("\t\n\r\b\f", "tnrbf", strict=True)
}
_CONTROL = re.compile(r"[\x00-\x07\x0b\x0e-\x1f\x7f]")


class TermError(ValueError):
    """A value that is not one valid RDF term; ``name`` is the variable it was for, if known."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(f"?{name}: {message}" if name else message)
        self.name = name


def iri(value: str) -> str:
    """``<value>`` for an absolute IRI; :class:`TermError` for anything else."""
    _check_length(value)
    if not _IRI_BODY.fullmatch(value):
        bad = re.search(rf"(?!{_IRI_CHAR})[\s\S]", value)
        if not re.match(_SCHEME, value):
            raise TermError("not an IRI: it does not start with a scheme such as https:")
        assert bad is not None
        raise TermError(f"not an IRI: it contains {bad.group()!r} at position {bad.start()}")
    return f"<{value}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """``value`` as a quoted literal, with a language tag or a datatype IRI if given."""
    _check_length(value)
    control = _CONTROL.search(value)
    if control:
        raise TermError(f"a literal may not contain the control character {control.group()!r}")
    quoted = '"' + _escape(value) + '"'
    if lang is not None:
        if not re.fullmatch(_LANG, lang):
            raise TermError(f"not a language tag: {lang!r}")
        return f"{quoted}@{lang}"
    return f"{quoted}^^{iri(datatype)}" if datatype is not None else quoted


def check_term(term: str, name: str | None = None) -> str:
    """``term`` if it is exactly one IRI or literal in N-Triples syntax; else TermError."""
    if len(term) > MAX_TERM_LENGTH + 64 or not _TERM.fullmatch(term):
        raise TermError("not a single IRI or literal term", name)
    return term


def bind_values(query: str, terms: dict[str, str], *, inner: bool = False) -> str:
    """`query` with `VALUES (?a ?b) { (t1 t2) }` as the first pattern of its WHERE group and,
    with ``inner``, of the inner groups it narrows without changing results
    (service.queries.groups): for Oxigraph, which evaluates those over the whole store first.
    Virtuoso plans a block inside a sub-SELECT badly (panel-interests-on-module-topic went
    from 22 ms to 4.3 s on 1M triples), so a remote store gets the WHERE group's only.

    Every name must be a plain variable name and every term pass :func:`check_term`.
    """
    if not terms:
        return query
    for name, term in terms.items():
        if not _VARIABLE.fullmatch(name):
            raise TermError(f"not a variable name: {name!r}")
        check_term(term, name)
    by_position: dict[int, list[str]] = {}
    for name, positions in values_positions(query, list(terms)).items():
        for position in positions if inner else positions[:1]:
            by_position.setdefault(position, []).append(name)
    text = query
    for position in sorted(by_position, reverse=True):
        names = " ".join(f"?{name}" for name in by_position[position])
        row = " ".join(terms[name] for name in by_position[position])
        text = f"{text[:position]} VALUES ({names}) {{ ({row}) }}\n{text[position:]}"
    return text


def _escape(value: str) -> str:
    """The string's characters escaped for a quoted literal.

    rdflib's parser expands \\uXXXX over the whole query text before parsing, Oxigraph
    only inside strings: so a 'u' or 'U' right after a backslash is written \\U000000XX,
    which both read as that letter (a plain 'u' there would make rdflib misread the
    escaped backslash and the following hex digits).
    """
    out = []
    for index, char in enumerate(value):
        if char in "uU" and index and value[index - 1] == "\\":
            out.append(f"\\U{ord(char):08X}")
        else:
            out.append(_ESCAPES.get(char, char))
    return "".join(out)


def _check_length(value: str) -> None:
    if len(value) > MAX_TERM_LENGTH:
        raise TermError(f"the value is longer than {MAX_TERM_LENGTH} characters")
