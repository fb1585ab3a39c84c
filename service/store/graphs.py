"""The store's named graphs and the ontology files that fill them.

>>> graph_iri("https://w3id.org/gkg/", "data")
'https://w3id.org/gkg/graph/data'
"""

from __future__ import annotations

import rdflib

from loaders import paths

ONTOLOGY_DIR = paths.ONTOLOGY_DIR
ONTOLOGY_FILES = {
    "ontology": "gkg.ttl",
    "concepts": "concepts.ttl",
    "shapes": "gkg.shapes.ttl",
}
GRAPH_NAMES = ("data", "ontology", "concepts", "shapes", "validation")


def graph_iri(base_iri: str, name: str) -> str:
    """The IRI of one of the store's named graphs."""
    return f"{base_iri.rstrip('/')}/graph/{name}"


def load_ontology_graphs() -> dict[str, rdflib.Graph]:
    """The ontology, concept scheme and shapes, each as its own graph."""
    graphs: dict[str, rdflib.Graph] = {}
    for name, filename in ONTOLOGY_FILES.items():
        graph = rdflib.Graph()
        path = ONTOLOGY_DIR / filename
        if path.exists():
            graph.parse(path, format="turtle")
        graphs[name] = graph
    return graphs
