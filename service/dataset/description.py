"""The VoID + DCAT description of the dataset, and the dumps it describes.

    store = open_read_only(release)
    stats = statistics(store)                       # counted from the store, by SPARQL
    embedded = describe_dataset(stats, context)     # no checksums: goes inside the dumps
    body = dump_bytes(store, embedded, "ttl", base_iri)
    full = describe_dataset(stats, context, {"ttl": Dump.of("ttl", body), ...})

What is counted.  The dataset is everything the release's store holds: the named
graphs ``{base}graph/data``, ``/ontology``, ``/concepts``, ``/shapes`` and
``/validation``.  ``void:triples`` is the number of distinct triples in their union
(a triple in two graphs counts once); ``void:entities`` the distinct IRI subjects;
``void:classPartition`` gives per class (``rdf:type`` object) the distinct instances
(``void:entities``), ``void:propertyPartition`` per predicate its distinct triples.

The description counts the data, not itself.  The counts are taken from the store
before the description exists, and the description is never loaded into the store.
Each dump holds the data plus the description (in N-Quads and JSON-LD in its own
graph ``{base}graph/void``), so a dump has ``void:triples`` + (the description's size)
triples.  A file cannot hold its own checksum: the description inside the dumps has no
``spdx:checksum`` and no ``dcat:byteSize``; the one served at ``/.well-known/void`` has
both, taken over the bytes served.  Everything in the description is an IRI (no blank
nodes), so the dumps of one release are the same bytes in every process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyoxigraph
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from loaders.iris import Iris
from service.commands.export import export_bytes
from service.store.graphs import graph_iri

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace(
    "http://www.w3.org/ns/dcat#"
)  # DCAT 3 (rdflib's closed namespace lacks dcat:version)
SPDX = Namespace("http://spdx.org/rdf/terms#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"
PREFIXES = (("void", VOID), ("dcat", DCAT), ("spdx", SPDX), ("formats", FORMATS))
DESCRIPTION_GRAPH = "void"
DUMP_FORMATS = {  # file extension -> (media type, W3C format IRI name, title)
    "ttl": ("text/turtle", "Turtle", "Turtle dump (all graphs merged)"),
    "nt": ("application/n-triples", "N-Triples", "N-Triples dump (all graphs merged)"),
    "jsonld": ("application/ld+json", "JSON-LD", "JSON-LD dump (with named graphs)"),
    "nq": ("application/n-quads", "N-Quads", "N-Quads dump (with named graphs)"),
}
QUADS = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
TOTALS = f"""
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?p) AS ?properties)
       (COUNT(DISTINCT ?entity) AS ?entities)
WHERE {{ {{ {QUADS} }} BIND(IF(isIRI(?s), ?s, ?unbound) AS ?entity) }}
"""
CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n)
WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class
"""
PROPERTIES = f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {{ {QUADS} }} }} GROUP BY ?p"


@dataclass(frozen=True)
class Statistics:
    """Counts taken from a store (see the module docstring for what each one counts)."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int] = field(default_factory=dict)  # class IRI -> instances
    properties: dict[str, int] = field(default_factory=dict)  # predicate IRI -> triples

    @property
    def vocabularies(self) -> list[str]:
        """Namespaces of the classes and properties used."""
        return sorted({namespace(iri) for iri in [*self.classes, *self.properties]})


@dataclass(frozen=True)
class Dump:
    """One dump file: its format (file extension), SHA-256 and size in bytes."""

    format: str
    sha256: str
    size: int

    @classmethod
    def of(cls, format_name: str, body: bytes) -> Dump:
        return cls(format_name, hashlib.sha256(body).hexdigest(), len(body))


@dataclass(frozen=True)
class Context:
    """What the description says besides the counts."""

    base_iri: str
    service_url: str  # the root URL of the service, ending in '/'
    version: str = ""
    built_at: str = ""  # ISO 8601 date-time of the release
    sources: tuple[dict[str, str], ...] = ()  # {"path", "sha256", ...} per source document
    license: str = ""  # IRI of the data licence, when one is configured


def namespace(iri: str) -> str:
    """The IRI up to and including its last '#' or '/'."""
    cut = iri.rfind("#") if "#" in iri else iri.rfind("/")
    return iri[: cut + 1]


def statistics(store: pyoxigraph.Store) -> Statistics:
    """Count the store's named graphs by SPARQL (distinct triples of their union)."""
    (totals,) = list(store.query(TOTALS))
    return Statistics(
        triples=int(totals["triples"].value),
        entities=int(totals["entities"].value),
        distinct_subjects=int(totals["subjects"].value),
        distinct_objects=int(totals["objects"].value),
        classes={row["class"].value: int(row["n"].value) for row in store.query(CLASSES)},
        properties={row["p"].value: int(row["n"].value) for row in store.query(PROPERTIES)},
    )


def dataset_iri(base_iri: str) -> URIRef:
    return URIRef(f"{base_iri.rstrip('/')}/dataset")


def describe_dataset(
    stats: Statistics, context: Context, dumps: dict[str, Dump] | None = None
) -> Graph:
    """The description; with ``dumps`` it also gives each dump's checksum and size."""
    graph = Graph()
    for prefix, ns in PREFIXES:
        graph.bind(prefix, ns)
    dataset = dataset_iri(context.base_iri)
    add = graph.add
    add((dataset, RDF.type, VOID.Dataset))
    add((dataset, RDF.type, DCAT.Dataset))
    add((dataset, DCTERMS.title, Literal("Guideline Knowledge Graph", lang="en")))
    add((dataset, DCTERMS.title, Literal("Kennisgraaf van richtlijnen", lang="nl")))
    add((dataset, DCTERMS.description, Literal(ABOUT, lang="en")))
    if context.version:
        add((dataset, DCAT.version, Literal(context.version)))
        add((dataset, OWL.versionInfo, Literal(context.version)))
    if context.built_at:
        built = Literal(context.built_at, datatype=XSD.dateTime)
        add((dataset, DCTERMS.issued, built))
        add((dataset, DCTERMS.modified, built))
    if context.license:
        add((dataset, DCTERMS.license, URIRef(context.license)))
    else:
        add((dataset, DCTERMS.rights, Literal(NO_LICENCE, lang="en")))
    for source in context.sources:
        iri = Iris(context.base_iri).source(source["sha256"])
        add((dataset, DCTERMS.source, iri))
        add_checksum(graph, iri, source["sha256"])
    add((dataset, VOID.uriSpace, Literal(context.base_iri)))
    for vocabulary in stats.vocabularies:
        add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    _integer = _counter(graph)
    _integer(dataset, VOID.triples, stats.triples)
    _integer(dataset, VOID.entities, stats.entities)
    _integer(dataset, VOID.distinctSubjects, stats.distinct_subjects)
    _integer(dataset, VOID.distinctObjects, stats.distinct_objects)
    _integer(dataset, VOID.classes, len(stats.classes))
    _integer(dataset, VOID.properties, len(stats.properties))
    for kind, counts, link, key, number in (
        ("class", stats.classes, VOID.classPartition, VOID["class"], VOID.entities),
        ("property", stats.properties, VOID.propertyPartition, VOID.property, VOID.triples),
    ):
        for iri, count in sorted(counts.items()):
            partition = URIRef(f"{dataset}/{kind}/{_short_hash(iri)}")
            add((dataset, link, partition))
            add((partition, key, URIRef(iri)))
            _integer(partition, number, count)
    _add_endpoint(graph, dataset, context)
    for format_name in DUMP_FORMATS:
        _add_distribution(graph, dataset, context, format_name, (dumps or {}).get(format_name))
    return graph


ABOUT = (
    "Dutch clinical practice guidelines as RDF: modules, clinical questions, "
    "recommendations, evidence, literature, panels and declared interests, with the "
    "ontology, concept scheme, SHACL shapes and validation report. Counts describe the "
    "data only, not this description."
)
NO_LICENCE = (
    "No licence has been configured for this dataset (GKG_DATA_LICENSE); the source "
    "documents remain under the terms of their publishers. The bundled document's colophon "
    "reads 'Alle rechten voorbehouden' (all rights reserved): reuse beyond research needs "
    "the publisher's permission."
)


def add_checksum(graph: Graph, subject: URIRef, sha256: str) -> None:
    """``subject spdx:checksum <subject#sha256>`` with the algorithm and hex value."""
    checksum = URIRef(f"{subject}#sha256")
    graph.add((subject, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))


def dump_url(service_url: str, format_name: str) -> str:
    return f"{service_url}dumps/gkg.{format_name}"


def _add_endpoint(graph: Graph, dataset: URIRef, context: Context) -> None:
    endpoint = URIRef(f"{context.service_url}sparql")
    graph.add((dataset, VOID.sparqlEndpoint, endpoint))
    graph.add((endpoint, RDF.type, DCAT.DataService))
    graph.add((endpoint, DCAT.endpointURL, endpoint))
    graph.add((endpoint, DCAT.servesDataset, dataset))
    graph.add((endpoint, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    distribution = URIRef(f"{dataset}/distribution/sparql")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    graph.add((distribution, DCAT.accessURL, endpoint))
    graph.add((distribution, DCAT.accessService, endpoint))


def _add_distribution(
    graph: Graph, dataset: URIRef, context: Context, format_name: str, dump: Dump | None
) -> None:
    media_type, format_iri, title = DUMP_FORMATS[format_name]
    url = URIRef(dump_url(context.service_url, format_name))
    distribution = URIRef(f"{dataset}/distribution/{format_name}")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((dataset, VOID.dataDump, url))
    graph.add((dataset, VOID.feature, FORMATS[format_iri]))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(title, lang="en")))
    graph.add((distribution, DCAT.downloadURL, url))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
    graph.add((distribution, DCTERMS.format, FORMATS[format_iri]))
    if context.built_at:
        graph.add((distribution, DCTERMS.issued, Literal(context.built_at, datatype=XSD.dateTime)))
    if dump is not None:
        graph.add(
            (distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger))
        )
        add_checksum(graph, distribution, dump.sha256)


def dump_bytes(store: pyoxigraph.Store, description: Graph, format_name: str, base: str) -> bytes:
    """The store's graphs plus ``description`` (in graph ``{base}graph/void``) as one dump.

    Turtle and N-Triples merge all graphs; N-Quads and JSON-LD keep them (as ``gkg export``).
    """
    merged = pyoxigraph.Store()
    merged.extend(store)
    merged.bulk_load(
        description.serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        to_graph=pyoxigraph.NamedNode(graph_iri(base, DESCRIPTION_GRAPH)),
    )
    return export_bytes(merged, format_name, None)


def _counter(graph: Graph):  # noqa: ANN202 - a small closure
    def add_integer(subject: URIRef, predicate: URIRef, value: int) -> None:
        graph.add((subject, predicate, Literal(value, datatype=XSD.integer)))

    return add_integer


def _short_hash(iri: str) -> str:
    return hashlib.sha256(iri.encode()).hexdigest()[:16]
