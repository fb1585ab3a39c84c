"""The triples of a build that are only written out: a light graph that serialises itself.

The builder adds each document's triples to a graph and the build writes them out as
N-Triples for the store to load.  rdflib's in-memory store keeps indexes a build never reads,
and costs a third of the building; `NTriplesGraph` keeps the triples in the order they are
added, once each, with what the builder asks of a graph: add, remove, membership (also of
`(subject, predicate, None)`), length and iteration.

    >>> from rdflib import Literal, URIRef
    >>> graph = NTriplesGraph()
    >>> graph.add((URIRef("https://e.org/a"), URIRef("https://e.org/b"), Literal('x"y')))
    >>> graph.ntriples()
    b'<https://e.org/a> <https://e.org/b> "x\\\\"y" .\\n'

Terms are written as rdflib's N-Triples serialiser writes them, and an IRI it would refuse
(one with a space, quote or angle bracket) is refused here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
NOT_IN_AN_IRI = '<>" {}|\\^`'


class NTriplesGraph:
    """Triples in the order first added, each once; written out with `ntriples()`."""

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}
        self._pairs: Counter[tuple[Node, Node]] = Counter()  # (subject, predicate) -> objects

    def add(self, triple: Triple) -> None:
        if triple not in self._triples:
            self._triples[triple] = None
            self._pairs[triple[0], triple[1]] += 1

    def remove(self, triple: Triple) -> None:
        """Remove one triple (all three terms given); absent, nothing happens."""
        if triple in self._triples:
            del self._triples[triple]
            pair = triple[0], triple[1]
            self._pairs[pair] -= 1
            if not self._pairs[pair]:
                del self._pairs[pair]

    def __contains__(self, triple: tuple[Node, Node, Node | None]) -> bool:
        """Whether the triple is here; with object None, whether any with that subject and
        predicate is."""
        if triple[2] is None:
            return (triple[0], triple[1]) in self._pairs
        return triple in self._triples

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def bind(self, prefix: str, namespace: object) -> None:
        """Prefixes do not appear in N-Triples (accepted so that the builder may bind them)."""

    def ntriples(self) -> bytes:
        """Every triple as a line of N-Triples (UTF-8), in the order added."""
        written: dict[Node, str] = {}
        lines = []
        for triple in self._triples:
            terms = []
            for term in triple:
                text = written.get(term)
                if text is None:
                    text = written[term] = _n3(term)
                terms.append(text)
            lines.append(f"{terms[0]} {terms[1]} {terms[2]} .\n")
        return "".join(lines).encode("utf-8")


def _n3(term: Node) -> str:
    if isinstance(term, URIRef) and any(character in term for character in NOT_IN_AN_IRI):
        raise ValueError(f"{term!r} cannot be written in N-Triples: not a valid IRI")
    return nt_term(term)


def nt_term(term: Node) -> str:
    """A term as N-Triples, as rdflib's serialiser writes it (an IRI as it is, unchecked)."""
    if isinstance(term, Literal):
        quoted = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        return f"{quoted}^^<{term.datatype}>" if term.datatype else quoted
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"{term!r} is not an RDF term")


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
