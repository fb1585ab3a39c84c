"""A store of the bundled document for the linking tests (VoID, dumps, ontology page, federation).

``linked_store`` publishes what ``gkg build`` would (data, ontology, concepts and shapes
graphs, a release.json naming the source document and its SHA-256) without its SHACL
gate: these tests are about describing and linking the data, not about its validity.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.app import create_app
from service.pipeline.build import BUNDLED_SOURCE, _write_store
from service.store.graphs import load_ontology_graphs
from service.store.releases import ReleaseInfo, new_release_dir, publish_release, write_release_info

BASE_IRI = "https://w3id.org/gkg/"
RELEASE_ID = "20260101T000000000000Z-linking"
BUILT_AT = "2026-01-01T00:00:00+00:00"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def publish_linked(root: Path) -> Path:
    """Build the bundled document and publish it (without validation) as a release of root."""
    document = parse_document(BUNDLED_SOURCE)
    graphs = load_ontology_graphs()
    graphs["data"] = build_graph(document, BASE_IRI)
    release = new_release_dir(root, RELEASE_ID)
    counts = _write_store(release, graphs, BASE_IRI)
    source = {
        "path": document.source.path,
        "sha256": document.source.sha256,
        "lines": str(document.source.line_count),
    }
    info = ReleaseInfo(RELEASE_ID, BUILT_AT, BASE_IRI, [source], graphs=counts)
    write_release_info(release, info)
    publish_release(root, release)
    return root


@pytest.fixture(scope="session")
def linked_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_linked(tmp_path_factory.mktemp("linked-store"))


@pytest.fixture(scope="session")
def linked_app(linked_store: Path) -> Iterator[Flask]:
    """The service over ``linked_store``, in process, with the linking blueprints."""
    app = create_app({"GKG_STORE": linked_store, "TESTING": True, "GKG_DATA_LICENSE": LICENSE})
    for name in ("void", "ontology_docs"):
        if name not in app.blueprints:
            module = __import__(f"service.{name}", fromlist=["bp"])
            app.register_blueprint(module.bp)
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()
