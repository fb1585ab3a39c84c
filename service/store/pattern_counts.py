"""How many triples a triple pattern matches in a store: the statistics the join plan reads.

:mod:`service.sparql.join_plan` asks, for ``?s p ?o`` or ``?s rdf:type C``, how many
triples of the store match. A query process counts each pattern once per release it
holds and remembers at most :data:`REMEMBERED` answers (an unknown predicate counts 0 at
once). IRIs are bound as terms, never pasted into a query text::

    >>> store = pyoxigraph.Store()
    >>> store.add(pyoxigraph.Quad(*(pyoxigraph.NamedNode(f"http://e/{n}") for n in "spo")))
    >>> PatternCounts(store).count("http://e/p", None)
    1
"""

from __future__ import annotations

from collections import OrderedDict

import pyoxigraph

REMEMBERED = 4096
_BY_PREDICATE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_BY_CLASS = "SELECT ?p ?c (COUNT(*) AS ?n) WHERE { ?s ?p ?c } GROUP BY ?p ?c"


class PatternCounts:
    """Triples per pattern in one store (the union of its graphs), counted on first need."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        self._counts: OrderedDict[tuple[str, str | None], int] = OrderedDict()

    def count(self, predicate: str, cls: str | None) -> int:
        """Triples matching ``?s <predicate> ?o``, or ``?s <predicate> <cls>`` with a class."""
        key = (predicate, cls)
        if key in self._counts:
            self._counts.move_to_end(key)
            return self._counts[key]
        counted = self._counted(predicate, cls)
        self._counts[key] = counted
        if len(self._counts) > REMEMBERED:
            self._counts.popitem(last=False)
        return counted

    def _counted(self, predicate: str, cls: str | None) -> int:
        try:
            bound = {pyoxigraph.Variable("p"): pyoxigraph.NamedNode(predicate)}
            if cls is not None:
                bound[pyoxigraph.Variable("c")] = pyoxigraph.NamedNode(cls)
        except ValueError:  # not an IRI Oxigraph accepts: the query's own parse will say so
            return 0
        text = _BY_PREDICATE if cls is None else _BY_CLASS
        solutions = self.store.query(text, use_default_graph_as_union=True, substitutions=bound)
        return sum(int(solution["n"].value) for solution in solutions)
