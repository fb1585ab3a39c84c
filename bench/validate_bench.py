"""Validation time on the bundled graph and on a synthetic graph N times larger.

    .venv/bin/python bench/validate_bench.py [--copies 100] [--engine pyshacl] [--by-shape]

`validate()` on an rdflib graph: the graph is loaded into an in-memory Oxigraph store and the
shapes run there as SPARQL (`--engine pyshacl`: pySHACL itself, the reference; hours at 100
copies).  `bench/run_build.sh` measures the build, which validates without rdflib graphs.

The synthetic graph repeats the bundled data graph with every data IRI suffixed by a copy
number (ontology and concept IRIs untouched) and its identifiers (DOI, PMID, PMCID), page
ranges and declaration texts made unique per copy, so that each copy is a separate graph with
the same results: rules across nodes (shared DOIs, the same journal pages, identical
declarations) do not pair up the copies.

`--by-shape` prints the CPU seconds of the ten costliest shapes at each size: a shape whose
share grows faster than the copies (e.g. 0.56 CPU-s at 20 copies, 4.9 at 60) scans the store
per focus node.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef

from loaders.iris import DEFAULT_BASE_IRI
from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.gate.engine import Engine
from service.gate.validation import validate

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
FIXED = ("https://w3id.org/gkg/ontology#", "https://w3id.org/gkg/concept/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
GKG = Namespace("https://w3id.org/gkg/ontology#")
PMCID = URIRef("http://purl.org/spar/fabio/hasPubMedCentralId")
PAGES = URIRef("http://prismstandard.org/namespaces/basic/2.0/pageRange")
DECLARED = {GKG[name] for name in (
    "mainPosition", "sideActivities", "personalFinancialInterests", "personalRelations",
    "externallyFundedResearch", "intellectualInterests", "otherInterests",
)}  # fmt: skip


def copies_of(graph: Graph, copies: int) -> Graph:
    """`copies` renamed copies of `graph` in one graph."""
    big = Graph()
    for index in range(copies):
        for s, p, o in graph:
            big.add((_rename(s, index), p, _unique(p, _rename(o, index), index)))
    return big


def _rename(term, index: int):
    text = str(term)
    if (
        isinstance(term, URIRef)
        and text.startswith(DEFAULT_BASE_IRI)
        and not text.startswith(FIXED)
    ):
        return URIRef(f"{text}/copy-{index}")
    return term


def _unique(predicate: URIRef, value, index: int):
    """Identifiers and declared texts made unique per copy (still well formed)."""
    if not isinstance(value, Literal):
        return value
    text = str(value)
    if predicate == BIBO.doi:
        return Literal(f"{text}.c{index}")
    if predicate == BIBO.pmid:
        return Literal(str(int(text) % 10**7 * 100 + index))
    if predicate == PMCID:
        return Literal(f"{text}{index:03d}")
    if predicate in DECLARED:
        return Literal(f"{text} (kopie {index})", lang=value.language)
    if predicate == PAGES:
        return Literal(f"{text}.c{index}")
    return value


def timed(label: str, graph: Graph, engine: str = "oxigraph", by_shape: bool = False) -> None:
    shapes = Counter()
    restore = _count_shape_seconds(shapes) if by_shape else None
    started = time.perf_counter()
    result = validate(graph, engine=engine)
    seconds = time.perf_counter() - started
    if restore:
        restore()
    print(f"{label}: {len(graph)} triples, {seconds:.2f} s, {result.summary()}", flush=True)
    for shape, cpu in shapes.most_common(10):
        print(f"  {cpu:8.2f} CPU-s  {shape}")


def _count_shape_seconds(seconds: Counter):  # noqa: ANN202 - the function undoing it
    """Add each check's CPU seconds (its thread's) to `seconds` under its shape's name."""
    run = Engine._run

    def counted(self: Engine, query_runner, check):  # noqa: ANN001, ANN202
        started = time.thread_time()
        try:
            return run(self, query_runner, check)
        finally:
            seconds[_shape_name(check.shape)] += time.thread_time() - started

    Engine._run = counted
    return lambda: setattr(Engine, "_run", run)


def _shape_name(shape) -> str:  # noqa: ANN001 - service.gate.shapes.Shape
    """A named shape's local name; a blank property shape by its path ('property <path>')."""
    if isinstance(shape.node, URIRef):
        return str(shape.node).rsplit("#", 1)[-1]
    path = shape.path
    return f"property {str(path).rsplit('#', 1)[-1].rsplit('/', 1)[-1]}" if path else "(blank)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--engine", choices=("oxigraph", "pyshacl"), default="oxigraph")
    parser.add_argument("--by-shape", action="store_true", help="CPU seconds per shape")
    args = parser.parse_args()
    graph = build_graph(parse_document(SOURCE))
    timed("bundled", graph, args.engine, args.by_shape)
    timed(f"synthetic x{args.copies}", copies_of(graph, args.copies), args.engine, args.by_shape)


if __name__ == "__main__":
    main()
