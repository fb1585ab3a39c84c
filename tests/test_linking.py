"""Links to other knowledge bases in the built graph: literature identifiers and concept tags.

References carry their DOI, PMID and PMCID as literals exactly as the source writes them,
and as links: ``owl:sameAs <https://doi.org/…>``, ``rdfs:seeAlso`` the PubMed and PMC
pages.  Only a real (numeric) PMID becomes ``bibo:pmid``: the source gives 'PMID:
PMC9979010' for Piatkowski 2023, which stays in the verbatim citation and is reported as
a data-quality finding, not published as an identifier.  The identifiers are
also collected from the source text with regular expressions of this test's own.

Every module and recommendation is tagged (``dcterms:subject``) with the concepts listed
below, each checked by reading the module's title, questions and recommendation texts in
data/source/borstkanker-cluster-3a-2026.txt (the line numbers given).
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.pipeline.build import BUNDLED_SOURCE

BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
BASE = "https://w3id.org/gkg/"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
PMC = "https://pmc.ncbi.nlm.nih.gov/articles/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(parse_document(BUNDLED_SOURCE), BASE)


def references(graph: Graph) -> list[URIRef]:
    return sorted(set(graph.subjects(DCTERMS.bibliographicCitation, None)))


def strings(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    return {str(value) for value in graph.objects(subject, predicate)}


def test_identifiers_are_those_written_in_the_source(graph: Graph) -> None:
    text = BUNDLED_SOURCE.read_text("utf-8")
    dois = set(re.findall(r"(?:doi:\s*|doi\.org/)(10\.\S+?)[.>]?(?=\s|$)", text, re.I))
    pmids = set(re.findall(r"PMID:\s*([A-Za-z]*\d+)", text))
    pmcids = set(re.findall(r"PMCID:\s*(PMC\d+)", text))
    assert (len(dois), len(pmids), len(pmcids)) == (30, 25, 11)
    assert {str(o) for o in graph.objects(None, BIBO.doi)} == dois
    assert {str(o) for o in graph.objects(None, BIBO.pmid)} == pmids - {"PMC9979010"}
    assert {str(o) for o in graph.objects(None, FABIO.hasPubMedCentralId)} == pmcids


def test_every_identifier_literal_has_its_link_and_every_link_its_literal(graph: Graph) -> None:
    for reference in references(graph):
        dois = strings(graph, reference, BIBO.doi)
        assert strings(graph, reference, OWL.sameAs) == {f"https://doi.org/{d}" for d in dois}
        pmids = strings(graph, reference, BIBO.pmid)
        pmcids = strings(graph, reference, FABIO.hasPubMedCentralId)
        links = {f"{PUBMED}{p}/" for p in pmids if p.isdigit()}
        links |= {f"{PMC}{p}/" for p in pmcids}
        assert strings(graph, reference, RDFS.seeAlso) == links, reference
        assert all(re.fullmatch(r"\d+", p) for p in pmids)
        assert all(re.fullmatch(r"PMC\d+", p) for p in pmcids)


@pytest.mark.parametrize(
    ("key", "doi", "pmid", "pmcid", "see_also"),
    [
        (  # line 902: DOI, PMID and PMCID
            "ai-2020",
            "10.21037/gs.2020.03.09",
            "32420257",
            "PMC7225486",
            {f"{PUBMED}32420257/", f"{PMC}PMC7225486/"},
        ),
        (  # line 1179: 'PMID: PMC9979010' - a PMCID written as PMID: not an identifier
            "piatkowski-2023",
            "10.1001/jamasurg.2022.7625",
            None,
            None,
            set(),
        ),
        (  # line 623: the DOI only as a https://doi.org/ link
            "zhang-2024",
            "10.1007/s40336-024-00656-x",
            None,
            None,
            set(),
        ),
    ],
)
def test_references_as_written(
    graph: Graph, key: str, doi: str, pmid: str | None, pmcid: str | None, see_also: set[str]
) -> None:
    reference = URIRef(f"{BASE}reference/{key}")
    assert strings(graph, reference, BIBO.doi) == {doi}
    assert strings(graph, reference, OWL.sameAs) == {f"https://doi.org/{doi}"}
    assert strings(graph, reference, BIBO.pmid) == ({pmid} if pmid else set())
    assert strings(graph, reference, FABIO.hasPubMedCentralId) == ({pmcid} if pmcid else set())
    assert strings(graph, reference, RDFS.seeAlso) == see_also


MODULE_CONCEPTS = {
    # 10.1.1 title 'Beeldvormende diagnostiek bij oligometastasen bij borstkanker'; questions:
    # 'beeldvormingsmodaliteiten', 'MRI', 'FDG-PET/CT', '(oligo)metastasen', 'PET-tracers
    # (zoals FES, NaF, PSMA, Fluciclovine en FAPI)', 'oligoprogressie'.
    "borstkanker/10.1.1": {
        "breast-cancer",
        "diagnostic-imaging",
        "fapi-tracer",
        "fdg-pet-ct",
        "fluciclovine-f-18",
        "fluoroestradiol-f-18",
        "magnetic-resonance-imaging",
        "metastatic-malignant-neoplasm",
        "oligometastatic-disease",
        "oligoprogression",
        "pet-tracer",
        "psma-tracer",
        "sodium-fluoride-f-18",
    },
    # 9.2.3 'Lokale behandeling regionale recidieven'; question: 'patiënten met borstkanker
    # met een regionaal recidief'.
    "borstkanker/9.2.3": {"breast-cancer", "regional-recurrence-of-breast-cancer"},
    # 6.1 'Autologe vettransplantatie bij borstreconstructie na ablatio'; question:
    # 'borstkanker patiënten', 'kwaliteit van leven'.
    "borstreconstructie/6.1": {
        "autologous-fat-grafting",
        "breast-cancer",
        "breast-reconstruction",
        "mastectomy",
        "quality-of-life",
    },
}
RECOMMENDATION_CONCEPTS = {
    # 'Gebruik FDG-PET/CT ... oligometastasen bij borstkanker'; 'aanvullende MRI ...
    # waarin de PET/CT-bevindingen onzeker zijn'.
    "borstkanker/10.1.1-1": {
        "breast-cancer",
        "fdg-pet-ct",
        "magnetic-resonance-imaging",
        "oligometastatic-disease",
        "pet-ct",
    },
    # 'overige PET-tracers'; 'PET/CT met ¹⁸FES', '¹⁸FES-PET/CT', 'FDG-PET/CT',
    # 'NaF¹⁸ PET/CT', 'botmetastasen', 'Tc^{99m}-HPD-botscan'.
    "borstkanker/10.1.1-2": {
        "bone-metastasis",
        "bone-scintigraphy",
        "fdg-pet-ct",
        "fes-pet-ct",
        "naf-pet-ct",
        "pet-tracer",
    },
    # 'regionaal recidief van borstkanker', 'chirurgische excisie', '(re)radiotherapie',
    # 'systeemtherapie', 'lymfeklier', 'metastasen'.
    "borstkanker/9.2.3-1": {
        "lymph-node",
        "metastatic-malignant-neoplasm",
        "radiotherapy",
        "regional-recurrence-of-breast-cancer",
        "surgical-procedure",
        "systemic-therapy",
    },
    # 'autologe vettransplantatie', 'ablatio', 'kwaliteit van leven', 'radiotherapie', 'AFT'.
    "borstreconstructie/6.1-1": {
        "autologous-fat-grafting",
        "mastectomy",
        "quality-of-life",
        "radiotherapy",
    },
}


def tags(graph: Graph, iri: URIRef) -> set[str]:
    prefix = f"{BASE}concept/"
    return {str(c).removeprefix(prefix) for c in graph.objects(iri, DCTERMS.subject)}


def test_every_module_is_tagged_with_the_concepts_it_is_about(graph: Graph) -> None:
    modules = {
        str(m).removeprefix(f"{BASE}module/")
        for m in graph.subjects(None, URIRef(f"{BASE}ontology#Module"))
    }
    assert modules == set(MODULE_CONCEPTS)
    for key, expected in MODULE_CONCEPTS.items():
        assert tags(graph, URIRef(f"{BASE}module/{key}")) == expected, key


def test_every_recommendation_is_tagged_with_the_concepts_it_is_about(graph: Graph) -> None:
    recommendation = URIRef(f"{BASE}ontology#Recommendation")
    keys = {
        str(r).removeprefix(f"{BASE}recommendation/") for r in graph.subjects(None, recommendation)
    }
    assert keys == set(RECOMMENDATION_CONCEPTS)
    for key, expected in RECOMMENDATION_CONCEPTS.items():
        assert tags(graph, URIRef(f"{BASE}recommendation/{key}")) == expected, key
