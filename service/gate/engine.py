"""SHACL validation as set-based SPARQL on an Oxigraph store, with pySHACL as the fallback.

    results = Engine(shapes).validate(store, graphs=[data, ontology, concepts])

Each constraint of each shape with targets runs as one query over all the shape's focus nodes
(`shacl_checks`); SHACL-SPARQL constraints run once each too (`shacl_sparql`).  The results
are the ones pySHACL gives (tests/test_shacl_engine.py compares the two on every fixture and
on the bundled document).  A shape the compiler cannot translate is validated by pySHACL,
and only that shape: `fallback` names them, and `Engine.validate` needs `rdflib_data` (an
rdflib graph of the same triples, or a function making one) to run it.

Two differences from pySHACL are by design: values are the terms the store holds (Oxigraph
keeps literals in canonical form, "0.80"^^xsd:decimal as "0.8"), and a result of a property
shape nested in another is reported once, where pySHACL repeats it for every focus node that
shares the value node it is about.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pyoxigraph
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from service.gate.checks import Batch, Check, compile_shape, target_shapes
from service.gate.results import GenericMessages, Result, results_of
from service.gate.shacl_sparql import ShapesError, sparql_constraint_results
from service.gate.shapes import (
    TARGETS,
    Shape,
    Unsupported,
    is_implicit_class,
    uses_whole_graph_features,
)
from service.gate.values import rdflib_term

LOG = logging.getLogger(__name__)
DataGraph = Graph | Callable[[], Graph]
MAX_BLANK_DEPTH = 10


class Engine:
    """The shapes, compiled per store (class hierarchies come from the data)."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.fallback: list[Node] = []  # shapes left to pySHACL in the last run
        self.messages = GenericMessages(shapes)
        self._compiled_for: tuple[dict, list, tuple[Node, ...]] | None = None

    def validate(
        self,
        store: pyoxigraph.Store,
        *,
        graphs: Sequence[pyoxigraph.NamedNode] | None = None,
        rdflib_data: DataGraph | None = None,
        namespaces: Graph | None = None,
    ) -> tuple[list[Result], Graph]:
        """The results over the union of `graphs` (default: the store's default graph).

        Also returns a graph holding the triples of the blank nodes among the focus and value
        nodes (for the report), with `namespaces`' prefixes (for pySHACL's default messages).
        """
        options = {"default_graph": list(graphs)} if graphs else {}

        def run(query: str):  # noqa: ANN202 - pyoxigraph.QuerySolutions
            return store.query(query, **options)

        hierarchy = _class_hierarchy(run)

        def subclasses(cls: URIRef) -> tuple[URIRef, ...]:
            return tuple(sorted({cls, *hierarchy.get(cls, ())}))

        if uses_whole_graph_features(self.shapes):
            self.fallback = [s.node for s in target_shapes(self.shapes)]
            return self._pyshacl(self.shapes, rdflib_data), Graph()
        checks = self._compiled(hierarchy, subclasses)
        with ThreadPoolExecutor(os.cpu_count()) as pool:  # Oxigraph queries let go of the GIL
            ran = pool.map(lambda check: self._run(run, check), checks)
            found = [pair for pairs in ran for pair in pairs]
        if self.fallback:
            compiled = [s for s in target_shapes(self.shapes) if s.node not in self.fallback]
            reduced = _without_targets(self.shapes, compiled)
            found += [(result, None) for result in self._pyshacl(reduced, rdflib_data)]
        blank_nodes = Graph()
        if namespaces is not None:
            blank_nodes.namespace_manager = namespaces.namespace_manager
        _copy_blank_nodes(store, graphs, [result for result, _ in found], blank_nodes)
        results = [
            self._with_messages(result, parameter, blank_nodes) for result, parameter in found
        ]
        return results, blank_nodes

    def _compiled(self, hierarchy: dict, subclasses: Callable) -> list[Check | Batch]:
        """The checks of all shapes with targets (kept while the class hierarchy is the same)."""
        if self._compiled_for is not None and self._compiled_for[0] == hierarchy:
            self.fallback = list(self._compiled_for[2])
            return self._compiled_for[1]
        checks, self.fallback = [], []
        for shape in target_shapes(self.shapes):
            try:
                checks += compile_shape(shape, subclasses)
            except Unsupported as reason:
                LOG.info("pySHACL validates %s: %s", shape.node, reason)
                self.fallback.append(shape.node)
        self._compiled_for = (hierarchy, checks, tuple(self.fallback))
        return checks

    def _run(self, run: Callable, check: Check | Batch) -> list[tuple[Result, URIRef | None]]:
        """The results of one check (or batch of checks), each with the parameter it is about."""
        if isinstance(check, Batch):
            return self._run_batch(run, check)
        shape = check.shape
        if check.parameter == SH.sparql:
            found = sparql_constraint_results(
                run, self.shapes, shape.node, check.argument, check.focus
            )
            return [(result, None) for result in found]
        rows = run(check.query)
        if check.pair_fails is not None:  # one result per failing value, as a set
            try:
                failing = {
                    (r["this"], r["value"]): r
                    for r in rows
                    if check.pair_fails(r["value"], r["other"])
                }
            except ValueError as error:
                raise ShapesError(f"{shape.node}: {error}") from error
            rows = list(failing.values())
        return [_result(check, row) for row in rows]

    def _run_batch(self, run: Callable, batch: Batch) -> list[tuple[Result, URIRef | None]]:
        found = []
        if batch.flagged:
            flagged = batch.flagged
            names = [f"flag{i}" for i in range(len(flagged))]
            for row in run(batch.flags_query()):
                for check, name in zip(flagged, names, strict=True):
                    if row[name] is not None and row[name].value == "true":
                        found.append(_result(check, row))
        if batch.tested:
            values = [row["value"] for row in run(batch.candidates_query())]
            failing = {check: {v for v in values if check.fails(v)} for check in batch.tested}
            every = {str(v): v for failed in failing.values() for v in failed}
            if every:
                for row in run(batch.rows_for(sorted(every))):
                    for check in batch.tested:
                        if row["value"] in failing[check]:
                            found.append(_result(check, row))
        if batch.counted:
            for row in run(batch.counts_query()):
                number = int(row["count"].value)
                for check in batch.counted:
                    minimum = check.parameter == SH.minCount
                    if (number < check.limit) if minimum else (number > check.limit):
                        found.append(_result(check, row))
        return found

    def _with_messages(self, result: Result, parameter: URIRef | None, data: Graph) -> Result:
        """The result with its shape's messages (or pySHACL's default message)."""
        if parameter is None:  # SPARQL constraints and pySHACL's results have theirs
            return result
        messages = Shape(self.shapes, result.shape).messages
        if not messages:
            messages = self.messages.messages(
                result.shape, parameter, data, result.focus, result.value
            )
        return replace(result, messages=tuple(messages))

    def _pyshacl(self, shapes: Graph, rdflib_data: DataGraph | None) -> list[Result]:
        import pyshacl

        from service.gate.shacl_sparql import restore_message_languages

        if rdflib_data is None:
            raise ShapesError("these shapes need pySHACL, which needs the data as an rdflib graph")
        data = rdflib_data() if callable(rdflib_data) else rdflib_data
        _conforms, report, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=True,
            allow_infos=True,
            do_owl_imports=False,
        )
        if not isinstance(report, Graph):
            raise ShapesError(str(report))
        restore_message_languages(report, self.shapes)
        return results_of(report)


def _class_hierarchy(run: Callable) -> dict[URIRef, frozenset[URIRef]]:
    """Each class with all its (direct and indirect) subclasses in the data."""
    query = f"SELECT DISTINCT ?sub ?class WHERE {{ ?sub <{RDFS.subClassOf}>+ ?class }}"
    found: dict[URIRef, set[URIRef]] = {}
    for row in run(query):
        if isinstance(row["sub"], pyoxigraph.NamedNode):
            found.setdefault(URIRef(row["class"].value), set()).add(URIRef(row["sub"].value))
    return {cls: frozenset(subs) for cls, subs in found.items()}


def _without_targets(shapes: Graph, compiled: list[Shape]) -> Graph:
    """A copy of the shapes graph in which the compiled shapes have no targets."""
    reduced = Graph(namespace_manager=shapes.namespace_manager)
    reduced += shapes
    for shape in compiled:
        for target in TARGETS:
            reduced.remove((shape.node, target, None))
        if is_implicit_class(shapes, shape.node):  # a class that is a shape targets itself
            for kind in (RDFS.Class, OWL.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)):
                reduced.remove((shape.node, RDF.type, kind))
    return reduced


def _result(check: Check, row: object) -> tuple[Result, URIRef]:
    """The result a row of a check's query stands for, with the check's parameter."""
    shape = check.shape
    value = _rdflib(row["value"]) if check.has_value else None
    result = Result(
        focus=_rdflib(row["this"]),
        shape=shape.node,
        component=check.component,
        severity=shape.severity,
        path=shape.path,
        value=value,
    )
    return result, check.parameter


def _copy_blank_nodes(
    store: pyoxigraph.Store,
    graphs: Sequence[pyoxigraph.NamedNode] | None,
    results: list[Result],
    into: Graph,
) -> None:
    """Copy the triples of blank focus and value nodes (and of blank nodes below them)."""
    pending = {n for r in results for n in (r.focus, r.value) if isinstance(n, BNode)}
    done: set[BNode] = set()
    for _depth in range(MAX_BLANK_DEPTH):
        done |= pending
        found = set()
        for node in sorted(pending):
            for graph in graphs or [pyoxigraph.DefaultGraph()]:
                subject = pyoxigraph.BlankNode(str(node))
                for quad in store.quads_for_pattern(subject, None, None, graph):
                    triple = (node, _rdflib(quad.predicate), _rdflib(quad.object))
                    into.add(triple)
                    if isinstance(triple[2], BNode) and triple[2] not in done:
                        found.add(triple[2])
        pending = found


def _rdflib(term: object) -> Node:
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    return rdflib_term(term)


__all__ = ["Engine", "Result", "ShapesError"]
