"""`gkg validate`: check a graph against the SHACL shapes and print the report.

    gkg validate                      # the bundled source document
    gkg validate data/source/x.txt    # a source document: parsed and built first
    gkg validate graph.ttl            # an RDF file (Turtle, N-Triples, N-Quads, TriG)
    gkg validate --store var/store    # the data graph of the published release
    gkg validate --format json FILE   # text (default), ttl (SHACL report graph) or json

Exit status: 0 when there is no violation, 1 when there is, 2 for a usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Dataset, Graph

from loaders import paths
from service.gate.validation import ShapesError, validate

DEFAULT_BASE_IRI = "https://w3id.org/gkg/"
BUNDLED_SOURCE = paths.BUNDLED_SOURCE
RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
}
QUAD_FORMATS = {"nquads", "trig"}
DATA_GRAPH_SUFFIX = "graph/data"


class InputError(Exception):
    """The input could not be read: reported as a message and exit status 2."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` subcommand to the CLI."""
    parser = subparsers.add_parser(
        "validate",
        help="validate a graph against the SHACL shapes",
        description=__doc__.split("\n\n")[0],
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", metavar="DIR", help="validate the published release of a store")
    source.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="RDF file (.ttl .nt .nq .trig) or source document (.txt, .html); "
        "default: bundled source",
    )
    parser.add_argument("--format", choices=("text", "ttl", "json"), default="text")
    parser.add_argument(
        "--base-iri", default=DEFAULT_BASE_IRI, help="base IRI of minted IRIs when building a .txt"
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate, print the report, return the exit status."""
    try:
        if args.store is not None:
            from service.store.releases import store_root

            result = validate_published(store_root(args.store))
        else:
            result = validate(load_data(args))
    except InputError as error:
        print(f"gkg validate: {error}", file=sys.stderr)
        return 2
    except ShapesError as error:
        print(f"gkg validate: the shapes graph is unusable: {error}", file=sys.stderr)
        return 2
    if args.format == "ttl":
        print(result.report_graph.serialize(format="turtle"))
    elif args.format == "json":
        print(result.to_json())
    else:
        print(result.to_text(), end="")
    return 0 if result.conforms else 1


def load_data(args: argparse.Namespace) -> Graph:
    """The data graph named by the arguments."""
    if args.store is not None:
        from service.store.releases import store_root

        return read_store(store_root(args.store))
    path = args.file or BUNDLED_SOURCE
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if path.suffix in (".txt", ".html", ".htm"):
        return build_from_source(path, args.base_iri)
    return read_rdf(path)


def read_rdf(path: Path) -> Graph:
    """An RDF file; from a quad format, its data graph (or all its triples when it has none)."""
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(RDF_FORMATS)) + ", .txt, .html"
        raise InputError(f"cannot tell the format of {path}: expected one of {known}")
    try:
        if rdf_format not in QUAD_FORMATS:
            return Graph().parse(path, format=rdf_format)
        dataset = Dataset()
        dataset.parse(path, format=rdf_format)
    except Exception as error:  # rdflib raises many kinds of parser errors
        raise InputError(f"{path} is not valid {rdf_format}: {error}") from error
    return _data_graph(dataset)


def _data_graph(dataset: Dataset) -> Graph:
    graph = Graph()
    named = [g for g in dataset.graphs() if str(g.identifier).endswith(DATA_GRAPH_SUFFIX)]
    for source in named or list(dataset.graphs()):
        for triple in source:
            graph.add(triple)
    return graph


def build_from_source(path: Path, base: str) -> Graph:
    """Parse a source document and build its graph."""
    from loaders import load
    from loaders.errors import SourceError
    from loaders.rdf.builder import build_graph

    try:
        document = load(path)
    except (SourceError, OSError, UnicodeDecodeError) as error:
        raise InputError(str(error)) from error
    return build_graph(document, base)


def validate_published(root: Path):  # noqa: ANN201 - ValidationResult
    """Validate the data graph of the published release, straight from the store.

    The data is copied store to store (no rdflib graph: at 1M triples that took most of the
    time) and validated with the project's ontology, concept scheme and shapes.
    """
    import pyoxigraph

    from service.gate.validation import load_ontology, load_shapes, validate_store

    store = _published_store(root)
    memory = pyoxigraph.Store()
    memory.bulk_load(
        store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=_data_graph_name(store)),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    ontology = load_ontology()
    memory.bulk_load(
        ontology.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    return validate_store(memory, shapes=load_shapes(), namespaces=ontology)


def read_store(root: Path) -> Graph:
    """The data graph of the current release of the store at `root`."""
    from pyoxigraph import RdfFormat

    store = _published_store(root)
    dump = store.dump(format=RdfFormat.N_TRIPLES, from_graph=_data_graph_name(store))
    return Graph().parse(data=dump.decode("utf-8"), format="nt")


def _published_store(root: Path):  # noqa: ANN202 - pyoxigraph.Store
    from service.store.releases import current_release, open_read_only

    if not root.is_dir():
        raise InputError(f"no such store directory: {root}")
    release = current_release(root)
    if release is None:
        raise InputError(f"{root} holds no published release")
    return open_read_only(release)


def _data_graph_name(store):  # noqa: ANN001, ANN202 - pyoxigraph.Store -> NamedNode
    from pyoxigraph import NamedNode

    names = [g for g in store.named_graphs() if isinstance(g, NamedNode)]
    data_graphs = [g for g in names if g.value.endswith(DATA_GRAPH_SUFFIX)]
    if not data_graphs:
        raise InputError(f"the published release has no data graph (…/{DATA_GRAPH_SUFFIX})")
    return data_graphs[0]
