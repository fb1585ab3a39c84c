"""Binding parameters into a query as a `VALUES` block built from RDF terms.

Engine substitution in pyoxigraph only binds variables of the SELECT projection,
so parameters are bound the standard way instead: a `VALUES` block at the top of
the query's WHERE group.  The block is built from terms already checked and
escaped (service.query_library.Parameter.to_term), never from raw input.

    >>> bind_values("SELECT ?t WHERE { ?m <p> ?t }", {"m": "<https://e.org/m/1>"})
    'SELECT ?t WHERE { VALUES (?m) { (<https://e.org/m/1>) }\\n ?m <p> ?t }'
    >>> bind_values("CONSTRUCT { ?m <p> 1 } WHERE { ?m ?p ?o }", {"m": "<x:y>"})
    'CONSTRUCT { ?m <p> 1 } WHERE { VALUES (?m) { (<x:y>) }\\n ?m ?p ?o }'
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE,
)


def bind_values(query: str, terms: dict[str, str]) -> str:
    """`query` with `VALUES (?a ?b) { (t1 t2) }` as the first pattern of its WHERE group."""
    if not terms:
        return query
    position = _where_group_start(query)
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(terms.values())
    return f"{query[:position]} VALUES ({names}) {{ ({row}) }}\n{query[position:]}"


def _where_group_start(query: str) -> int:
    """The offset just after the '{' that opens the query's WHERE group."""
    skip_template = False
    depth = 0
    seen_form = False
    previous_word = ""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if not seen_form and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                seen_form = True
                skip_template = word == "CONSTRUCT"
            if depth == 0 and word == "WHERE":
                skip_template = False
            previous_word = word
        elif kind == "open":
            if depth == 0:
                if skip_template and previous_word != "WHERE":
                    depth += 1
                    continue
                return match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
    raise ValueError("the query has no WHERE group to bind parameters in")
