"""The namespaces the data graph uses, and the prefixes it is serialised with."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DC, DCTERMS, FOAF, ORG, PROV, SKOS

from loaders.iris import GKG

FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
SCHEMA = Namespace("https://schema.org/")
PICO = Namespace("http://data.cochrane.org/ontologies/pico/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
PREFIXES = {
    "gkg": GKG, "fabio": FABIO, "cito": CITO, "frapo": FRAPO, "bibo": BIBO, "prism": PRISM,
    "schema": SCHEMA, "pico": PICO, "obo": OBO, "spdx": SPDX, "org": ORG, "foaf": FOAF,
    "prov": PROV, "skos": SKOS, "skosxl": SKOSXL, "dcterms": DCTERMS, "dc": DC,
}  # fmt: skip
