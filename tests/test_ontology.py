"""The ontology: it parses, and every gkg: term used anywhere is declared and documented twice."""

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from loaders.concepts import CONCEPTS_PATH
from loaders.iris import GKG
from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "gkg.ttl"
SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
HL7 = "http://terminology.hl7.org/CodeSystem/"
DECLARED_TYPES = {
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    SKOS.Concept, SKOS.ConceptScheme,
}  # fmt: skip


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def gkg_terms(graph: Graph) -> set[URIRef]:
    return {
        term
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(GKG))
    }


def assert_documented(ontology: Graph, term: URIRef) -> None:
    assert set(ontology.objects(term, RDF.type)) & DECLARED_TYPES, f"{term} is not declared"
    for predicate in (RDFS.label, SKOS.definition):
        languages = {value.language for value in ontology.objects(term, predicate)}
        assert languages == {"en", "nl"}, f"{term} lacks {predicate} in en and nl"


def test_every_declared_term_is_documented_in_english_and_dutch(ontology: Graph) -> None:
    declared = {s for s in gkg_terms(ontology) if (s, RDFS.isDefinedBy, None) in ontology}
    assert len(declared) > 100
    for term in declared:
        assert_documented(ontology, term)


def test_every_term_the_builder_and_scheme_use_is_declared(ontology: Graph) -> None:
    data = build_graph(parse_document(SOURCE))
    scheme = Graph().parse(CONCEPTS_PATH, format="turtle")
    used = gkg_terms(data) | gkg_terms(scheme)
    assert GKG.Recommendation in used and GKG.fullySpecifiedName in used
    for term in used:
        assert_documented(ontology, term)


def test_own_classes_are_aligned_to_standard_vocabularies(ontology: Graph) -> None:
    schema = URIRef("https://schema.org/MedicalGuidelineRecommendation")
    assert (GKG.Recommendation, RDFS.subClassOf, schema) in ontology
    org = URIRef("http://www.w3.org/ns/org#FormalOrganization")
    assert (GKG.ProfessionalSociety, RDFS.subClassOf, org) in ontology
    assert (
        GKG.employedBy,
        SKOS.closeMatch,
        URIRef("http://www.wikidata.org/entity/P108"),
    ) in ontology


@pytest.mark.parametrize(
    ("concept", "code"),
    [
        (GKG.StrongRecommendation, HL7 + "recommendation-strength#strong"),
        (GKG.WeakRecommendation, HL7 + "recommendation-strength#weak"),
        (
            GKG.RecommendationAgainst,
            "http://hl7.org/fhir/uv/cpg/CodeSystem/cpg-recommendation-direction-cs#against",
        ),
        (GKG.VeryLowCertainty, HL7 + "certainty-rating#very-low"),
        (GKG.RiskOfBias, HL7 + "certainty-type#RiskOfBias"),
        (GKG.PublicationBias, HL7 + "certainty-type#PublicationBias"),
    ],
)
def test_own_codes_map_exactly_to_hl7(ontology: Graph, concept: URIRef, code: str) -> None:
    assert (concept, SKOS.exactMatch, URIRef(code)) in ontology
