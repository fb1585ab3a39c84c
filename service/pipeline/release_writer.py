"""Writing a release straight into its Oxigraph store, documents parsed in parallel.

    spool = Spool(root)
    documents, triples = build_documents(sources, base_iri, spool, progress)
    report = validate_spool(spool, graphs)  # graphs: ontology, concepts, shapes; writes spool.index
    counts = write_release(release, spool, graphs, report, base_iri)  # removes the spool

Each document is parsed and built into RDF by itself (in parallel processes when there are
several); its triples go to a spool file as N-Triples, from there into the store with one
bulk load: no rdflib graph of the whole corpus, no copies of it.  The SHACL shapes run as
SPARQL (`validate_store`) on an in-memory Oxigraph store loaded from the same file with the
ontology and concept scheme, which also gives the search index (`spool.index`, moved into the
release), and is dropped before the release store is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
import rdflib

from loaders.errors import SourceError
from loaders.parse_cache import ParseCache
from loaders.rdf.ntriples import NTriplesGraph
from loaders.records import Document
from service.gate.validation import ValidationResult, validate_store
from service.logs import configure_logging
from service.store import search_index
from service.store.graphs import GRAPH_NAMES, graph_iri

Progress = Callable[[str], None]
VALIDATED_GRAPHS = ("data", "ontology", "concepts")
SHAPES_GRAPH = pyoxigraph.NamedNode("urn:gkg:shapes")  # in the validation store, once validated
BUILD_WORKERS = "GKG_BUILD_WORKERS"  # parallel parsing processes (default: one per CPU)


def parse_and_build(source: Path, base_iri: str) -> tuple[object, bytes, int]:
    """One document parsed and built: (Document, its triples as N-Triples, their count).

    A `SourceError` is returned rather than raised, so that it crosses process boundaries.
    """
    from loaders.parsers.document import parse_document
    from loaders.rdf.builder import build_graph

    try:
        document = parse_document(source)
    except SourceError as error:
        return (error.path, error.line, error.message), b"", 0
    graph = build_graph(document, base_iri, into=NTriplesGraph())
    return document, graph.ntriples(), len(graph)


def build_documents(
    sources: list[Path],
    base_iri: str,
    spool: Spool | BinaryIO,
    progress: Progress,
    build: Callable[..., tuple[object, bytes, int]] = parse_and_build,
    arguments: list[tuple] | None = None,
) -> tuple[list[object], int]:
    """Parse and build every source, appending its N-Triples to `spool`: (documents, triples).

    `build(*arguments[i])` makes document i (default: `parse_and_build(source, base_iri)`).
    A `Spool` is closed when done, and removed when a document is refused.
    """
    arguments = arguments or [(source, base_iri) for source in sources]
    documents, triples = [], 0
    try:
        built = zip(sources, _mapped(build, arguments), strict=True)
        for source, (document, text, count) in built:
            if isinstance(document, tuple):
                raise SourceError(*document)
            progress(f"parsed {source}: {len(document.modules)} module(s), {count} triples")
            spool.write(text)
            documents.append(document)
            triples += count
    except BaseException:
        if isinstance(spool, Spool):
            spool.remove()
        raise
    if isinstance(spool, Spool):
        spool.close()
    return documents, triples


def parse_documents(
    files: list[Path],
    cache: Path,
    *,
    allow_partial: bool = False,
    reuse: bool = True,
    progress: Progress = lambda message: None,
) -> list[Document]:
    """Every file parsed, in order (in parallel processes when there are several); a file
    parsed by an earlier build with the same content and parsers is read from `cache`."""
    arguments = [(file, cache, allow_partial, reuse) for file in files]
    documents = []
    for file, parsed in zip(files, _mapped(_parse_one, arguments), strict=True):
        if isinstance(parsed, SourceError):
            raise parsed
        document, reused = parsed
        progress(f"reusing {file} (parsed before, unchanged)" if reused else f"parsed {file}")
        documents.append(document)
    ParseCache(cache).prune()
    return documents


def _parse_one(
    file: Path, cache: Path, allow_partial: bool, reuse: bool
) -> tuple[Document, bool] | SourceError:
    """One file parsed or reused; a `SourceError` is returned, to cross process boundaries."""
    parse_cache = ParseCache(cache)
    try:
        if reuse:
            return parse_cache.load(file, allow_partial=allow_partial)
        return parse_cache.load_fresh(file, allow_partial=allow_partial), False
    except SourceError as error:
        return error


def build_corpus(documents: list[Document], base_iri: str, spool: Spool | BinaryIO) -> int:
    """The documents merged into one corpus (`loaders.corpus`), each document's triples built
    (in parallel processes when there are several) and appended to `spool` as N-Triples, in
    order; the number of triples written.

    A reference listed by several documents gets its author list once, from the first
    document that gives its authors.
    """
    from loaders.corpus import merge_documents

    merged = merge_documents(documents)
    organisations = frozenset(o.key for document in merged for o in document.organisations)
    arguments = []
    described: set[str] = set()  # references whose author list an earlier document writes
    for document in merged:
        listed = [r for module in document.modules for r in module.references]
        earlier = frozenset(described.intersection(r.key for r in listed))
        arguments.append((document, base_iri, organisations, earlier))
        described.update(r.key for r in listed if r.authors)
    triples = 0
    for text, count in _mapped(_corpus_document, arguments):
        spool.write(text)
        triples += count
    if isinstance(spool, Spool):
        spool.close()
    return triples


def _corpus_document(
    document: Document, base_iri: str, organisations: frozenset[str], described: frozenset[str]
) -> tuple[bytes, int]:
    """One document of a corpus as N-Triples, and their number; the author lists of the
    `described` references are left to the earlier document that writes them."""
    from loaders.iris import Iris
    from loaders.rdf.builder import build_graph
    from loaders.rdf.vocabulary import BIBO

    graph = NTriplesGraph()
    iris, elsewhere = Iris(base_iri), rdflib.BNode()
    written = [(iris.reference(key), BIBO.authorList, elsewhere) for key in sorted(described)]
    for triple in written:  # the builder skips a reference whose author list is in the graph
        graph.add(triple)
    build_graph(document, base_iri, known_organisations=set(organisations), into=graph)
    for triple in written:
        graph.remove(triple)
    return graph.ntriples(), len(graph)


def _mapped(build: Callable, arguments: list[tuple]) -> Iterator[tuple[object, bytes, int]]:
    """`build` over `arguments`, in order; in parallel processes when there are several."""
    workers = min(len(arguments), int(os.environ.get(BUILD_WORKERS) or os.cpu_count() or 1))
    if workers <= 1:
        yield from (build(*args) for args in arguments)
        return
    with ProcessPoolExecutor(
        workers, mp_context=get_context("spawn"), initializer=configure_logging
    ) as pool:
        futures = deque(pool.submit(build, *args) for args in arguments)
        while futures:  # each document's bytes are let go once written
            yield futures.popleft().result()


class Spool:
    """A scratch N-Triples file in the store root (`.build-*/data.nt`) for the built documents.

    `remove()` deletes it; it is also deleted when the object is collected or at exit.
    """

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".build-", dir=root))
        self.path = self.folder / "data.nt"
        self.index = self.folder / search_index.INDEX_FILE  # written by `validate_spool`
        self._file = self.path.open("wb")
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def close(self) -> None:
        self._file.close()

    def remove(self) -> None:
        self._file.close()
        self._finalizer()


def validate_spool(spool: Spool, graphs: dict[str, rdflib.Graph]) -> ValidationResult:
    """The SHACL validation of the spooled data with the ontology and concept scheme.

    Runs on an in-memory store, dropped when done: at 1M triples the same queries took three
    times the CPU on the freshly written on-disk store.  Data that conforms is also indexed for
    search from that store (`spool.index`), with the shapes graph: the release's graphs but the
    validation report, which holds nothing the index reads.
    """
    from loaders.rdf.vocabulary import PREFIXES

    store = pyoxigraph.Store()
    store.bulk_load(path=str(spool.path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    for name in VALIDATED_GRAPHS[1:]:
        text = graphs[name].serialize(format="nt", encoding="utf-8")
        store.bulk_load(text, format=pyoxigraph.RdfFormat.N_TRIPLES)
    namespaces = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        namespaces.bind(prefix, namespace)
    for graph in graphs.values():
        for prefix, namespace in graph.namespaces():
            namespaces.bind(prefix, namespace, override=False)
    result = validate_store(
        store,
        shapes=graphs["shapes"],
        rdflib_data=lambda: _rdflib_graph(store),
        namespaces=namespaces,
    )
    if result.conforms:
        shapes = graphs["shapes"].serialize(format="nt", encoding="utf-8")
        store.bulk_load(shapes, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=SHAPES_GRAPH)
        search_index.build_index(spool.index, search_index.store_select(store))
    return result


def write_release(
    release: Path,
    spool: Spool,
    graphs: dict[str, rdflib.Graph],
    report: ValidationResult,
    base_iri: str,
) -> dict[str, int]:
    """Write the release store (data, ontology graphs, report); remove the spool: the counts."""
    try:
        with ReleaseWriter(release, base_iri, graphs) as writer:
            writer.load(spool.path)
            writer.add_validation(report.report_ntriples())
            return writer.counts()
    finally:
        spool.remove()


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
