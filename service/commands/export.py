"""`gkg export`: a dump of the published store (all graphs, or one)."""

from __future__ import annotations

import argparse
import sys

import pyoxigraph

from service.store.releases import current_release, open_read_only, store_root

FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"nq", "trig", "jsonld"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write a dump of the store")
    parser.add_argument("--store", help="store root directory (default: $GKG_STORE or var/store)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="nq")
    parser.add_argument("--graph", help="IRI of one named graph to export (default: all)")
    parser.add_argument("-o", "--output", help="output file (default: standard output)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = store_root(args.store)
    release = current_release(root)
    if release is None:
        print(f"gkg export: error: no published store in {root}; run 'gkg build'", file=sys.stderr)
        return 2
    store = open_read_only(release)
    data = export_bytes(store, args.format, args.graph)
    if args.output:
        with open(args.output, "wb") as handle:
            handle.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def export_bytes(store: pyoxigraph.Store, format_name: str, graph: str | None) -> bytes:
    """Serialise one graph, or everything: datasets keep graphs, triple formats merge them."""
    rdf_format = FORMATS[format_name]
    if graph:
        return store.dump(format=rdf_format, from_graph=pyoxigraph.NamedNode(graph))
    if format_name in DATASET_FORMATS:
        return store.dump(format=rdf_format)
    merged = pyoxigraph.Store()
    merged.extend(
        pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, pyoxigraph.DefaultGraph())
        for quad in store
    )
    return merged.dump(format=rdf_format, from_graph=pyoxigraph.DefaultGraph())
