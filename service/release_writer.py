"""Writing a release straight into its Oxigraph store, validated where it lies.

    with spool_file(root) as spool:
        with spool.open("wb") as out:
            documents, triples = build_documents(sources, base_iri, out, progress)
        with ReleaseWriter(release, base_iri, load_ontology_graphs()) as writer:
            result = writer.validate(spool)
            writer.load(spool)
            writer.add_validation(result.report_ntriples())
            counts = writer.counts()

Each document is parsed and built into RDF by itself (in parallel processes when there are
several); its triples go to a spool file as N-Triples, from there into the store with one
bulk load: no rdflib graph of the whole corpus, no copies of it.  The SHACL shapes run as
SPARQL (`validate_store`) on an in-memory Oxigraph store loaded from the same file with the
ontology and concept scheme, dropped before the release store is written: at 1M triples this
took a third of the CPU time of the same queries on the freshly written on-disk store.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
import rdflib

from loaders.errors import SourceError

from .graphs import GRAPH_NAMES, graph_iri
from .validation import ValidationResult, validate_store

Progress = Callable[[str], None]
VALIDATED_GRAPHS = ("data", "ontology", "concepts")
BUILD_WORKERS = "GKG_BUILD_WORKERS"  # parallel parsing processes (default: one per CPU)


def parse_and_build(source: Path, base_iri: str) -> tuple[object, bytes, int]:
    """One document parsed and built: (Document, its triples as N-Triples, their count).

    A `SourceError` is returned rather than raised, so that it crosses process boundaries.
    """
    from loaders.builder import build_graph
    from loaders.document import parse_document

    try:
        document = parse_document(source)
    except SourceError as error:
        return (error.path, error.line, error.message), b"", 0
    graph = build_graph(document, base_iri)
    return document, graph.serialize(format="nt", encoding="utf-8"), len(graph)


def build_documents(
    sources: list[Path],
    base_iri: str,
    spool: BinaryIO,
    progress: Progress,
    build: Callable[..., tuple[object, bytes, int]] = parse_and_build,
    arguments: list[tuple] | None = None,
) -> tuple[list[object], int]:
    """Parse and build every source, appending its N-Triples to `spool`: (documents, triples).

    `build(*arguments[i])` makes document i (default: `parse_and_build(source, base_iri)`).
    """
    arguments = arguments or [(source, base_iri) for source in sources]
    documents, triples = [], 0
    for source, (document, text, count) in zip(sources, _mapped(build, arguments), strict=True):
        if isinstance(document, tuple):
            raise SourceError(*document)
        progress(f"parsed {source}: {len(document.modules)} module(s), {count} triples")
        spool.write(text)
        documents.append(document)
        triples += count
    return documents, triples


def _mapped(build: Callable, arguments: list[tuple]) -> Iterator[tuple[object, bytes, int]]:
    """`build` over `arguments`, in order; in parallel processes when there are several."""
    workers = min(len(arguments), int(os.environ.get(BUILD_WORKERS) or os.cpu_count() or 1))
    if workers <= 1:
        yield from (build(*args) for args in arguments)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = deque(pool.submit(build, *args) for args in arguments)
        while futures:  # each document's bytes are let go once written
            yield futures.popleft().result()


@contextmanager
def spool_file(root: Path) -> Iterator[Path]:
    """A scratch file for the N-Triples of the documents, in the store root, removed afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=root) as scratch:
        yield Path(scratch) / "data.nt"


class ReleaseWriter:
    """A release's store being written: data, ontology graphs, validation report."""

    def __init__(self, release: Path, base_iri: str, graphs: dict[str, rdflib.Graph]) -> None:
        self.release = release
        self.base_iri = base_iri
        self.graphs = graphs  # ontology, concepts, shapes
        self.store: pyoxigraph.Store | None = pyoxigraph.Store(str(release))

    def __enter__(self) -> ReleaseWriter:
        return self

    def __exit__(self, failure: type | None, *_: object) -> None:
        if failure is None:
            self.close()
        self.store = None  # a failed release is discarded as it is

    def graph(self, name: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(graph_iri(self.base_iri, name))

    def load(self, data: Path) -> None:
        """Bulk-load the data (an N-Triples file) and the ontology, concepts and shapes graphs."""
        self.store.bulk_load(
            path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=self.graph("data")
        )
        for name in self.graphs:
            self.store.bulk_load(
                self._ntriples(name),
                format=pyoxigraph.RdfFormat.N_TRIPLES,
                to_graph=self.graph(name),
            )

    def validate(self, data: Path) -> ValidationResult:
        """The SHACL validation of the data (an N-Triples file) with the ontology and concepts."""
        from loaders.rdf_vocabulary import PREFIXES

        store = pyoxigraph.Store()  # in memory, dropped when done
        store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        for name in VALIDATED_GRAPHS[1:]:
            store.bulk_load(self._ntriples(name), format=pyoxigraph.RdfFormat.N_TRIPLES)
        namespaces = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            namespaces.bind(prefix, namespace)
        for graph in self.graphs.values():
            for prefix, namespace in graph.namespaces():
                namespaces.bind(prefix, namespace, override=False)
        return validate_store(
            store,
            shapes=self.graphs["shapes"],
            rdflib_data=lambda: _rdflib_graph(store),
            namespaces=namespaces,
        )

    def add_validation(self, report: bytes) -> None:
        """Load the SHACL report (N-Triples) into the validation graph."""
        self.store.bulk_load(
            report, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=self.graph("validation")
        )

    def counts(self) -> dict[str, int]:
        """Named graph IRI -> its number of triples, for the graphs that hold any."""
        counts = {}
        for name in GRAPH_NAMES:
            iri = graph_iri(self.base_iri, name)
            query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
            number = int(next(iter(self.store.query(query)))["n"].value)
            if number:
                counts[iri] = number
        return counts

    def close(self) -> None:
        """Flush and compact the store, and close it."""
        if self.store is not None:
            self.store.flush()
            self.store.optimize()
            self.store = None

    def _ntriples(self, name: str) -> bytes:
        return self.graphs[name].serialize(format="nt", encoding="utf-8")


def _rdflib_graph(store: pyoxigraph.Store) -> rdflib.Graph:
    """The store's default graph as an rdflib graph (only for shapes left to pySHACL)."""
    dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return rdflib.Graph().parse(data=dump, format="nt")
