"""Hash joins for large, unselective triple patterns: a rewrite of the query text.

Oxigraph joins the triple patterns of a group one row at a time: for each solution of one
pattern it looks the next one up in an index. That is the right plan when one side is
small, but for patterns that each match thousands of triples and share only variables
(``?interest gkg:counterparty ?org . ?declaration gkg:declaresInterest ?interest``) it
costs an index look-up per row, about 4 µs on the on-disk store. A triple pattern in a
sub-SELECT of its own is evaluated on its own, and Oxigraph then joins the sub-SELECTs
by hashing: on 1.2M triples this turned 320 ms into 80 ms (GROUP BY / HAVING) and 27 ms
into 6 ms (numeric filter + ORDER BY). The answer is the same multiset of solutions.

:func:`hash_joined` decides from the query's tokens (:mod:`service.sparql.lexer`) and
the number of triples each pattern matches, and writes the new text: each triple pattern
of the WHERE group becomes ``{ SELECT * WHERE { s p o } }``; so does the one triple of an
``OPTIONAL { s p o }`` (hash left join); a ``FILTER NOT EXISTS { s p o }`` becomes
``MINUS { s p o }`` at the end of the group (hash anti-join: the same wherever a variable
of the triple is bound in every solution, and a FILTER applies to the whole group anyway,
so moving it changes nothing; on 1.2M triples 37 -> 11 ms). Nothing else changes. It
leaves the query alone (returns None) unless all of these hold:

- a SELECT whose solutions are all computed anyway: no LIMIT or OFFSET, or an ORDER BY,
  GROUP BY or aggregate (a bare LIMIT stops a row-at-a-time join early);
- no BASE, VALUES, SERVICE or blank nodes anywhere (nor "values" or "service" in any
  name or comment: a quick test that spares named queries the tokenising); the WHERE
  group holds only triple patterns, FILTERs and OPTIONAL or MINUS groups (only those of
  one triple rewritten);
- every triple pattern has a variable subject, a predicate IRI and a variable object
  (or ``rdf:type`` with a class IRI); the group's own are connected by their variables,
  and an OPTIONAL's or NOT EXISTS's triple shares one with them;
- each pattern matches at least :data:`MIN_TRIPLES` triples and all of them together at
  most :data:`RATIO` times the smallest: a row-at-a-time join would then look up at least
  that many rows, and hashing reads little more (where the OPTIONAL and NOT EXISTS triples
  break this, the group's own joins alone are tried).

    >>> counts = {"http://e/p": 5000, "http://e/q": 8000}
    >>> text = "PREFIX e: <http://e/> SELECT * { ?a e:p ?b . ?b e:q ?c }"
    >>> planned = hash_joined(text, lambda predicate, cls: counts[predicate])
    >>> planned[planned.index("{"):]
    '{ { SELECT * WHERE { ?a e:p ?b } } { SELECT * WHERE { ?b e:q ?c } } }'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from service.sparql.lexer import LexError, Token, iri_value, tokenize

MIN_TRIPLES = 32
"""Fewest triples the smallest pattern must match before hashing pays (on the bundled
document GROUP BY / HAVING over 49-334 triples a pattern went from 2.95 to 0.55 ms)."""
RATIO = 16
"""Most triples all patterns may match together, as a multiple of the smallest."""
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
REFUSED_WORDS = {"BASE"}
_NEVER_PLANNED = re.compile("values|service", re.IGNORECASE)
"""VALUES and SERVICE are refused from the text itself, before tokenising."""
FOLLOWERS = {",", ";", ".", "}"}
ELEMENTS = {"FILTER", "OPTIONAL", "MINUS"}

Counter = Callable[[str, "str | None"], int]
"""(predicate IRI, class IRI or None) -> how many triples match ``?s predicate ?o``
(or ``?s rdf:type class``)."""


@dataclass(frozen=True)
class Pattern:
    """One triple pattern: its three tokens and what it matches (predicate, class)."""

    subject: Token
    predicate: Token
    object: Token
    key: tuple[str, str | None]

    def text(self) -> str:
        return f"{self.subject.text} {self.predicate.text} {self.object.text}"

    def variables(self) -> set[str]:
        return {t.text[1:] for t in (self.subject, self.object) if t.kind == "var"}


@dataclass(frozen=True)
class Run:
    """Consecutive triples of the group: the text from ``start`` to ``end`` holds them."""

    start: int
    end: int
    patterns: tuple[Pattern, ...]


@dataclass
class Group:
    """The WHERE group as the plan sees it.

    ``runs`` hold its own triples; ``optionals`` the one triple inside an OPTIONAL (the
    span is inside the braces); ``absences`` the one triple of a ``FILTER NOT EXISTS`` (the
    span is the whole FILTER); ``end`` is the offset of the group's closing brace.
    """

    runs: list[Run] = field(default_factory=list)
    optionals: list[Run] = field(default_factory=list)
    absences: list[Run] = field(default_factory=list)
    end: int = 0


class _NotPlanned(Exception):
    """The query is left as it is."""


def hash_joined(text: str, count: Counter, min_triples: int = MIN_TRIPLES) -> str | None:
    """``text`` with its WHERE group's triple patterns hash-joined, or None to run it as is.

    ``count`` tells how many triples a pattern matches; ``min_triples`` is the fewest the
    smallest pattern must match (:data:`MIN_TRIPLES`).
    """
    if _NEVER_PLANNED.search(text):  # cheaper than tokenising (named queries bind VALUES)
        return None
    try:
        group = _where_group(tokenize(text))
    except (LexError, _NotPlanned, IndexError):
        return None
    required = [pattern for run in group.runs for pattern in run.patterns]
    joined = len(required) >= 2
    bound = set().union(*(p.variables() for p in required))
    singles = [run.patterns[0] for run in group.optionals + group.absences]
    if not required or not _connected(required) or any(not p.variables() & bound for p in singles):
        return None
    if singles and not _worth_hashing(required + singles, count, min_triples):
        group.optionals, group.absences, singles = [], [], []  # perhaps the joins alone
    if not (joined or singles) or not _worth_hashing(required + singles, count, min_triples):
        return None
    edits = [(run.start, run.end, _hashed(run.patterns)) for run in group.runs if joined]
    edits += [(run.start, run.end, _hashed(run.patterns)) for run in group.optionals]
    edits += [(run.start, run.end, "") for run in group.absences]
    minus = "".join(f"MINUS {{ {run.patterns[0].text()} }} " for run in group.absences)
    edits.append((group.end, group.end, minus))
    parts, position = [], 0
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0]):
        parts += [text[position:start], replacement]
        position = end
    return "".join(parts) + text[position:]


def _hashed(patterns: tuple[Pattern, ...]) -> str:
    return " ".join(f"{{ SELECT * WHERE {{ {p.text()} }} }}" for p in patterns)


def _where_group(tokens: list[Token]) -> Group:
    """The WHERE group of a SELECT that qualifies (see module doc)."""
    if any(t.kind == "bnode" or _word(t) in REFUSED_WORDS for t in tokens):
        raise _NotPlanned
    prefixes, index = _prologue(tokens)
    if _word(tokens[index]) != "SELECT":
        raise _NotPlanned
    open_index = next(i for i in range(index, len(tokens)) if _opens_group_at_top(tokens[i]))
    close_index = _closing(tokens, open_index)
    head, tail = tokens[index:open_index], tokens[close_index + 1 :]
    aggregated = any(_word(t) in AGGREGATES for t in head)
    ordered = aggregated or any(_word(t) in ("ORDER", "GROUP") for t in tail)
    if not ordered and any(_word(t) in ("LIMIT", "OFFSET") for t in tail):
        raise _NotPlanned
    group = Group(end=tokens[close_index].start)
    _read_group(tokens, open_index + 1, close_index, prefixes, group)
    return group


def _read_group(
    tokens: list[Token], index: int, close_index: int, prefixes: dict[str, str], group: Group
) -> None:
    after_dot = False
    while index < close_index:
        token = tokens[index]
        word = _word(token)
        if token.kind == "var":
            run, index = _triples(tokens, index, prefixes)
            group.runs.append(run)
            after_dot = False
            continue
        if word == "FILTER":
            end = _skip_filter(tokens, index + 1)
            absent = _not_exists_single(tokens, index, prefixes)
            if absent is not None:
                closing = tokens[end - 1]
                group.absences.append(Run(token.start, closing.start + 1, absent.patterns))
            index = end
        elif word in ("OPTIONAL", "MINUS") and tokens[index + 1].text == "{":
            end = _closing(tokens, index + 1)
            single = _single(tokens, index + 1, end, prefixes) if word == "OPTIONAL" else None
            if single is not None:
                group.optionals.append(single)
            index = end + 1
        elif token.text == "." and not after_dot:
            index += 1
            after_dot = True
            continue
        else:
            raise _NotPlanned
        after_dot = False


def _not_exists_single(tokens: list[Token], index: int, prefixes: dict[str, str]) -> Run | None:
    """The one triple of ``FILTER NOT EXISTS { s p o }`` at ``index``, or None."""
    if _word(tokens[index + 1]) != "NOT" or _word(tokens[index + 2]) != "EXISTS":
        return None
    return _single(tokens, index + 3, _closing(tokens, index + 3), prefixes)


def _single(
    tokens: list[Token], open_index: int, close_index: int, prefixes: dict[str, str]
) -> Run | None:
    """The run of the group between ``open_index`` and ``close_index`` if it is one simple
    triple (and perhaps a '.'), else None."""
    if tokens[open_index + 1].kind != "var":
        return None
    try:
        run, index = _triples(tokens, open_index + 1, prefixes)
    except _NotPlanned:
        return None
    if tokens[index].text == ".":
        index += 1
    return run if index == close_index and len(run.patterns) == 1 else None


def _triples(tokens: list[Token], index: int, prefixes: dict[str, str]) -> tuple[Run, int]:
    """The run of simple triples starting at ``index`` (a subject variable), and what follows."""
    patterns: list[Pattern] = []
    start = tokens[index].start
    end = start
    while tokens[index].kind == "var":
        subject = tokens[index]
        index += 1
        while True:  # predicate-object lists, separated by ';'
            predicate = tokens[index]
            predicate_iri = _predicate_iri(predicate, prefixes)
            index += 1
            while True:  # objects, separated by ','
                obj = tokens[index]
                key = _key(predicate_iri, obj, prefixes)
                patterns.append(Pattern(subject, predicate, obj, key))
                end = obj.start + len(obj.text)
                index += 1
                if tokens[index].text != ",":
                    break
                index += 1
            if tokens[index].text not in FOLLOWERS and _word(tokens[index]) not in ELEMENTS:
                raise _NotPlanned  # a path, a literal's datatype, a missing '.' ...
            if tokens[index].text != ";":
                break
            while tokens[index].text == ";":
                index += 1
            if not _is_verb(tokens[index]):
                break
        if tokens[index].text != "." or tokens[index + 1].kind != "var":
            break  # a last '.' is left to the group
        index += 1
    return Run(start, end, tuple(patterns)), index


def _key(predicate_iri: str, obj: Token, prefixes: dict[str, str]) -> tuple[str, str | None]:
    if obj.kind == "var":
        return predicate_iri, None
    if predicate_iri == RDF_TYPE and obj.kind in ("iri", "pname"):
        return predicate_iri, _iri(obj, prefixes)
    raise _NotPlanned


def _predicate_iri(token: Token, prefixes: dict[str, str]) -> str:
    if token.kind == "word" and token.text == "a":
        return RDF_TYPE
    if token.kind in ("iri", "pname"):
        return _iri(token, prefixes)
    raise _NotPlanned


def _iri(token: Token, prefixes: dict[str, str]) -> str:
    """The absolute IRI an iri or pname token names; relative IRIs are not planned."""
    if token.kind == "iri":
        value = iri_value(token)
        if ":" not in value or not value.split(":", 1)[0].isalpha():
            raise _NotPlanned
        return value
    prefix, local = token.text.split(":", 1)
    if prefix not in prefixes:
        raise _NotPlanned
    return prefixes[prefix] + local


def _prologue(tokens: list[Token]) -> tuple[dict[str, str], int]:
    """PREFIX declarations (prefix -> IRI) and the index of the first token after them."""
    prefixes: dict[str, str] = {}
    index = 0
    while _word(tokens[index]) == "PREFIX":
        name, iri = tokens[index + 1], tokens[index + 2]
        if name.kind != "pname" or not name.text.endswith(":") or iri.kind != "iri":
            raise _NotPlanned
        prefixes[name.text[:-1]] = _iri(iri, {})
        index += 3
    return prefixes, index


def _skip_filter(tokens: list[Token], index: int) -> int:
    """The index after a FILTER's constraint: ``( ... )``, a call ``name( ... )`` or
    ``[NOT] EXISTS { ... }``."""
    if _word(tokens[index]) == "NOT" and _word(tokens[index + 1]) == "EXISTS":
        index += 1
    if _word(tokens[index]) == "EXISTS":
        if tokens[index + 1].text != "{":
            raise _NotPlanned
        return _closing(tokens, index + 1) + 1
    if tokens[index].text != "(":
        if tokens[index].kind not in ("word", "iri", "pname") or tokens[index + 1].text != "(":
            raise _NotPlanned
        index += 1
    return _closing(tokens, index) + 1


def _closing(tokens: list[Token], open_index: int) -> int:
    """The index of the token that closes the bracket at ``open_index``."""
    depth = tokens[open_index].depth
    closer = {"{": "}", "(": ")"}[tokens[open_index].text]
    for index in range(open_index + 1, len(tokens)):
        token = tokens[index]
        if token.depth == depth and token.kind == "punct" and token.text in ("}", ")", "]"):
            if token.text != closer:
                raise _NotPlanned
            return index
    raise _NotPlanned


def _opens_group_at_top(token: Token) -> bool:
    return token.depth == 0 and token.text == "{" and token.kind == "punct"


def _is_verb(token: Token) -> bool:
    return token.kind in ("iri", "pname", "var") or (token.kind == "word" and token.text == "a")


def _word(token: Token) -> str:
    return token.text.upper() if token.kind == "word" else ""


def _connected(patterns: list[Pattern]) -> bool:
    """Whether shared variables link every pattern to every other."""
    reached = set(patterns[0].variables())
    pending = list(patterns[1:])
    while pending:
        linked = [p for p in pending if p.variables() & reached]
        if not linked:
            return False
        for pattern in linked:
            reached |= pattern.variables()
            pending.remove(pattern)
    return True


def _worth_hashing(patterns: list[Pattern], count: Counter, min_triples: int) -> bool:
    sizes = {key: count(*key) for key in dict.fromkeys(p.key for p in patterns)}
    smallest = min(sizes.values())
    total = sum(sizes[p.key] for p in patterns)
    return smallest >= min_triples and total <= RATIO * smallest
