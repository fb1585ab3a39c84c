"""The concept scheme: complete concepts, mappings exactly as in the reference csv, tagging."""

import csv

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from loaders import paths
from loaders.concepts import CONCEPTS_PATH, load_concepts
from loaders.iris import CONCEPT, GKG

CODES_CSV = paths.CONCEPT_CODES
SNOMED, MESH, WIKIDATA = (
    "http://snomed.info/id/",
    "http://id.nlm.nih.gov/mesh/",
    "http://www.wikidata.org/entity/",
)


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(CONCEPTS_PATH, format="turtle")


def concepts(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, SKOS.Concept))


def test_every_concept_is_complete(scheme: Graph) -> None:
    assert len(concepts(scheme)) >= 80
    for concept in concepts(scheme):
        notation = scheme.value(concept, SKOS.notation)
        assert concept == CONCEPT[str(notation)]
        languages = {label.language for label in scheme.objects(concept, SKOS.prefLabel)}
        assert languages == {"en", "nl"}, concept
        fsn = str(scheme.value(concept, GKG.fullySpecifiedName))
        assert fsn.endswith(f"({scheme.value(concept, GKG.semanticTag)})"), concept
        assert (concept, SKOS.inScheme, CONCEPT.scheme) in scheme
        broader = list(scheme.objects(concept, SKOS.broader))
        is_top = (concept, SKOS.topConceptOf, CONCEPT.scheme) in scheme
        assert is_top != bool(broader), concept
        for parent in broader:
            assert (parent, RDF.type, SKOS.Concept) in scheme


def test_tracers_name_their_isotope(scheme: Graph) -> None:
    assert (CONCEPT["fludeoxyglucose-f-18"], GKG.radionuclide, CONCEPT["fluorine-18"]) in scheme
    assert (CONCEPT["fapi-tracer"], GKG.radionuclide, CONCEPT["gallium-68"]) in scheme
    assert (CONCEPT["fes-pet-ct"], GKG.usesTracer, CONCEPT["fluoroestradiol-f-18"]) in scheme


def code_mappings(graph: Graph) -> set[tuple[URIRef, URIRef, URIRef]]:
    prefixes = (SNOMED, MESH, WIKIDATA)
    return {
        (s, p, o)
        for p in (SKOS.exactMatch, SKOS.closeMatch)
        for s, o in graph.subject_objects(p)
        if str(o).startswith(prefixes)
    }


CODE_COLUMNS = [("snomed_ct_id", SNOMED), ("mesh_id", MESH), ("wikidata_id", WIKIDATA)]


def row_targets(row: dict[str, str]) -> frozenset[URIRef]:
    return frozenset(URIRef(base + row[column]) for column, base in CODE_COLUMNS if row[column])


def test_every_code_mapping_is_a_csv_row_and_every_csv_code_is_mapped(scheme: Graph) -> None:
    rows = {row_targets(row): row for row in csv.DictReader(CODES_CSV.open(encoding="utf-8"))}
    rows.pop(frozenset(), None)
    mappings = code_mappings(scheme)
    by_concept: dict[URIRef, set[URIRef]] = {}
    for concept, _, target in mappings:
        by_concept.setdefault(concept, set()).add(target)
    assert sorted(map(sorted, by_concept.values())) == sorted(map(sorted, rows))
    for concept, targets in by_concept.items():
        row = rows[frozenset(targets)]
        axioms = list(scheme.subjects(OWL.annotatedSource, concept))
        assert len(axioms) == len(targets)
        for axiom in axioms:
            assert scheme.value(axiom, GKG.mappingSource) == Literal(row["source_for_codes"])
            if scheme.value(axiom, OWL.annotatedProperty) == SKOS.exactMatch:
                assert scheme.value(axiom, GKG.mappingConfidence) == Literal(
                    row["snomed_confidence"]
                )
                assert scheme.value(axiom, GKG.targetLabel) == Literal(row["snomed_fsn"])


def test_snomed_codes_are_exact_and_others_close(scheme: Graph) -> None:
    breast_cancer = CONCEPT["breast-cancer"]
    assert (breast_cancer, SKOS.exactMatch, URIRef(SNOMED + "254837009")) in scheme
    assert (breast_cancer, SKOS.closeMatch, URIRef(MESH + "D001943")) in scheme
    assert (breast_cancer, SKOS.closeMatch, URIRef(WIKIDATA + "Q128581")) in scheme
    assert not list(scheme.objects(CONCEPT["oligometastatic-disease"], SKOS.exactMatch))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Gebruik FDG-PET/CT als standaardmodaliteit voor het detecteren van oligometastasen "
            "bij borstkanker.",
            {"fdg-pet-ct", "oligometastatic-disease", "breast-cancer"},
        ),
        ("Voer niet standaard een PET/CT met ¹⁸FES uit.", {"fes-pet-ct"}),
        (
            "Gebruik NaF¹⁸ PET/CT bij onduidelijke of discrepante bevindingen van (mogelijke) "
            "botmetastasen, en bij lokale beschikbaarheid als alternatief voor de "
            "Tc^{99m}-HPD-botscan.",
            {"naf-pet-ct", "bone-metastasis", "bone-scintigraphy"},
        ),
        (
            "Comparing the diagnostic efficacy of [18F]FDG PET/CT and [18F]FDG PET/MRI for "
            "detecting bone metastases in breast cancer: a meta-analysis",
            {"fdg-pet-ct", "pet-mri", "bone-metastasis", "breast-cancer"},
        ),
        (
            "Bij supra-, infraclaviculaire of parasternale recidieven is radiotherapie de "
            "voorkeursbehandeling",
            {"radiotherapy"},
        ),
        (
            "Herbestraling kan worden gecombineerd met hyperthermie",
            {"re-irradiation", "hyperthermia-therapy"},
        ),
        ("De ct-waarde en de procedure", set()),
    ],
)
def test_tagging_finds_concepts_on_word_boundaries(sentence: str, expected: set[str]) -> None:
    found = {str(iri).rsplit("/", 1)[1] for iri in load_concepts().find(sentence)}
    assert found == expected


def test_first_picks_the_longest_label() -> None:
    index = load_concepts()
    assert index.first("FDG-PET/CT") == CONCEPT["fdg-pet-ct"]
    assert index.first("bone metastases") == CONCEPT["bone-metastasis"]
    assert index.first("iets anders") is None
