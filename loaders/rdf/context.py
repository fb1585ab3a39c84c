"""What every part of the builder shares: the graph, its IRIs, concepts and provenance helpers."""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from loaders.concepts import ConceptIndex
from loaders.iris import GKG, Iris
from loaders.rdf.ntriples import NTriplesGraph
from loaders.rdf.vocabulary import PREFIXES
from loaders.records import Document, Span


def nl(text: str) -> Literal:
    """Verbatim Dutch text."""
    return Literal(text, lang="nl")


class Context:
    """The graph being built from one document, with the helpers that add to it."""

    def __init__(
        self,
        document: Document,
        iris: Iris,
        concepts: ConceptIndex,
        known_organisations: set[str] | None = None,
        graph: Graph | NTriplesGraph | None = None,
    ) -> None:
        self.document = document
        self.iris = iris
        self.concepts = concepts
        self.graph = Graph() if graph is None else graph
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.source = iris.source(document.source.sha256)
        self.cluster_key = document.cluster.key if document.cluster else "unknown"
        self.known_references = {r.key for m in document.modules for r in m.references}
        self.known_organisations = {o.key for o in document.organisations} | (
            known_organisations or set()
        )

    def text(self, text: str) -> Literal:
        """Verbatim text of the document, tagged with the document's language."""
        return Literal(text, lang=self.document.language)

    def add(self, subject: URIRef, predicate: URIRef, value: object) -> None:
        """Add a triple unless the value is empty (None or '')."""
        if value is None or value == "":
            return
        if not isinstance(value, URIRef | BNode | Literal):
            value = Literal(value)
        self.graph.add((subject, predicate, value))

    def add_list(self, items: list[Literal]) -> BNode:
        """The head of a new RDF list of `items` (no triples when there are no items)."""
        head = node = BNode()
        for position, item in enumerate(items):
            if position:
                node_after = BNode()
                self.graph.add((node, RDF.rest, node_after))
                node = node_after
            self.graph.add((node, RDF.first, item))
        if items:
            self.graph.add((node, RDF.rest, RDF.nil))
        return head

    def entity(self, iri: URIRef, types: list[URIRef], span: Span) -> URIRef:
        """Type an entity and derive it from its source span."""
        for rdf_type in types:
            self.graph.add((iri, RDF.type, rdf_type))
        self.graph.add((iri, PROV.wasDerivedFrom, self.span(span)))
        return iri

    def span(self, span: Span) -> URIRef:
        """The source span node, added on first use (in its own document, see `Span.source`)."""
        sha256 = span.source or self.document.source.sha256
        iri = self.iris.span(sha256, span)
        if (iri, RDF.type, GKG.SourceSpan) not in self.graph:
            self.graph.add((iri, RDF.type, GKG.SourceSpan))
            self.graph.add((iri, RDF.type, PROV.Entity))
            self.graph.add((iri, GKG.firstLine, Literal(span.first)))
            self.graph.add((iri, GKG.lastLine, Literal(span.last)))
            self.graph.add((iri, GKG.inDocument, self.iris.source(sha256)))
            element = self.document.locations.get(span.first) if not span.source else None
            if element:
                self.graph.add((iri, GKG.element, Literal(element)))
        return iri

    def subjects(self, iri: URIRef, *texts: str) -> list[URIRef]:
        """Tag an entity with the concepts its texts mention."""
        found = sorted({c for text in texts if text for c in self.concepts.find(text)})
        for concept in found:
            self.graph.add((iri, DCTERMS.subject, concept))
        return found

    def organisation(self, key: str) -> URIRef | None:
        """The organisation's IRI, or None if the document does not list it."""
        return self.iris.organisation(key) if key in self.known_organisations else None
