"""The bundled document as a published store, and its conflict-of-interest network.

Shared by tests/test_network*.py and tests/test_coi_*.py; made once per test process.
The store is built from the parsed document (loaders) without the SHACL gate of
`gkg build`, so that the network tests depend on the loaders and the builder only.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pyoxigraph

from loaders.iris import DEFAULT_BASE_IRI
from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.coi.network import CoiNetwork, load_network
from service.pipeline.build import BUNDLED_SOURCE
from service.store.graphs import graph_iri, load_ontology_graphs
from service.store.local_backend import LocalBackend
from service.store.releases import ReleaseInfo, new_release_dir, publish_release, write_release_info

BASE = DEFAULT_BASE_IRI


def publish_bundled(root: Path, release_id: str = "coi-test") -> Path:
    """Publish the bundled document (data, ontology and concept graphs) under ``root``."""
    graphs = load_ontology_graphs()
    graphs["data"] = build_graph(parse_document(BUNDLED_SOURCE), BASE)
    release = new_release_dir(root, release_id)
    store = pyoxigraph.Store(str(release))
    for name in ("data", "ontology", "concepts"):
        store.bulk_load(
            graphs[name].serialize(format="nt", encoding="utf-8"),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
            to_graph=pyoxigraph.NamedNode(graph_iri(BASE, name)),
            lenient=True,
        )
    store.flush()
    del store
    write_release_info(release, ReleaseInfo(release_id, "", BASE, []))
    publish_release(root, release)
    return release


@cache
def bundled_store() -> Path:
    """A store root holding the bundled document (removed when the process ends)."""
    root = Path(tempfile.mkdtemp(prefix="gkg-coi-"))
    atexit.register(shutil.rmtree, root, True)
    publish_bundled(root)
    return root


@cache
def bundled_network() -> CoiNetwork:
    """The network of :func:`bundled_store`, read through the local backend."""
    backend = LocalBackend(bundled_store(), processes=1)
    try:
        return load_network(backend)
    finally:
        backend.close()
