"""Issue 14 item 3: PICO with a comparator.

Each question of the bundled document (lines 325, 329, 330, 744, 1089) with its
population, intervention, comparator and outcomes verbatim, checked by hand; the same
elements in the graph with their concepts; questions in other layouts (English, 'versus',
'ten opzichte van', an effect 'op' an outcome); and the panel-interest query matching the
module's intervention only.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from loaders.parsers.document import parse_document
from loaders.parsers.pico import parse_pico, split_outcomes
from loaders.rdf.builder import build_graph
from loaders.records import Pico
from service.gate.validation import load_ontology
from service.pipeline.build import BUNDLED_SOURCE
from service.queries.library import QUERIES_DIR

BASE = "https://w3id.org/gkg/"
GKG = "https://w3id.org/gkg/ontology#"
PICO_NS = "http://data.cochrane.org/ontologies/pico/"

BUNDLED = {
    ("10.1.1", None): Pico(
        population="borstkanker",
        intervention="beeldvormingsmodaliteiten",
        outcomes=["het detecteren van oligometastasen"],
    ),
    ("10.1.1", 1): Pico(
        population="een verdenking op oligometastasen",
        intervention="MRI (wervelkolom/bekken of lever)",
        comparator="een positieve FDG-PET/CT",
        outcomes=["het detecteren van aanvullende (oligo)metastasen"],
    ),
    ("10.1.1", 2): Pico(
        population="borstkanker",
        intervention="overige PET-tracers (zoals FES, NaF, PSMA, Fluciclovine en FAPI)",
        outcomes=[
            "het karakteriseren van verdachte laesies",
            "het bevestigen van oligometastasen of oligoprogressie",
        ],
    ),
    ("9.2.3", None): Pico(
        population="patiënten met borstkanker met een regionaal recidief",
        intervention="lokale behandeling",
    ),
    ("6.1", None): Pico(
        population="borstreconstructie bij borstkanker patiënten na ablatio",
        intervention="autologe vettransplantatie (autologous fat transfer of AFT)",
        outcomes=[
            "borstvolumeretentie",
            "oncologische veiligheid",
            "(locoregionale) oncologische events",
            "complicaties",
            "patiënttevredenheid",
            "ziektespecifieke kwaliteit van leven",
            "aantal behandelsessies",
        ],
    ),
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(parse_document(BUNDLED_SOURCE), BASE)


def test_every_bundled_question_has_its_pico_verbatim(module_bodies):
    found = {
        (number, q.number): q.pico
        for number, (module, _) in module_bodies.items()
        for q in module.questions
    }
    assert found == BUNDLED
    for (number, question), pico in BUNDLED.items():
        text = next(q.text for q in module_bodies[number][0].questions if q.number == question)
        for words in [pico.population, pico.intervention, pico.comparator, *pico.outcomes]:
            assert words in text  # the question's own words, never rewritten


def _element(graph: Graph, question: str, predicate: str) -> list[tuple[str, list[str]]]:
    iri = URIRef(f"{BASE}module/{question}")
    found = []
    for element in graph.objects(iri, URIRef(GKG + predicate)):
        concepts = sorted(str(c).rsplit("/", 1)[1] for c in graph.objects(element, DCTERMS.subject))
        found.append((str(graph.value(element, URIRef(GKG + "text"))), concepts))
    return sorted(found)


def test_sub_question_1_keeps_the_comparator_apart_from_the_intervention(graph):
    """Line 329: 'de aanvullende waarde van MRI ... na een positieve FDG-PET/CT'."""
    question = "borstkanker/10.1.1/question/1"
    assert _element(graph, question, "picoIntervention") == [
        ("MRI (wervelkolom/bekken of lever)", ["magnetic-resonance-imaging"])
    ]
    assert _element(graph, question, "picoComparator") == [
        ("een positieve FDG-PET/CT", ["fdg-pet-ct"])
    ]
    assert _element(graph, question, "picoPopulation") == [
        ("een verdenking op oligometastasen", ["oligometastatic-disease"])
    ]
    assert _element(graph, question, "picoOutcome") == [
        ("het detecteren van aanvullende (oligo)metastasen", ["metastatic-malignant-neoplasm"])
    ]
    comparator = URIRef(f"{BASE}module/{question}/comparator")
    assert (comparator, RDF.type, URIRef(GKG + "PicoComparator")) in graph
    assert (comparator, RDF.type, URIRef(PICO_NS + "Intervention")) not in graph


def test_pico_concepts_of_the_other_questions(graph):
    assert _element(graph, "borstkanker/10.1.1/question/2", "picoIntervention") == [
        (
            "overige PET-tracers (zoals FES, NaF, PSMA, Fluciclovine en FAPI)",
            [
                "fapi-tracer",
                "fluciclovine-f-18",
                "fluoroestradiol-f-18",
                "pet-tracer",
                "psma-tracer",
                "sodium-fluoride-f-18",
            ],
        )
    ]
    assert _element(graph, "borstkanker/9.2.3/question/main", "picoPopulation") == [
        (
            "patiënten met borstkanker met een regionaal recidief",
            ["breast-cancer", "regional-recurrence-of-breast-cancer"],
        )
    ]
    assert _element(graph, "borstkanker/9.2.3/question/main", "picoIntervention") == [
        ("lokale behandeling", [])
    ]
    outcomes = _element(graph, "borstreconstructie/6.1/question/main", "picoOutcome")
    assert len(outcomes) == 7
    assert ("ziektespecifieke kwaliteit van leven", ["quality-of-life"]) in outcomes
    assert _element(graph, "borstreconstructie/6.1/question/main", "picoIntervention") == [
        ("autologe vettransplantatie (autologous fat transfer of AFT)", ["autologous-fat-grafting"])
    ]
    # no question of the bundled document states a comparator other than sub-question 1
    assert len(list(graph.subject_objects(URIRef(GKG + "picoComparator")))) == 1


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Wat is de waarde van CT ten opzichte van echografie voor het opsporen van "
            "recidieven bij vrouwen na een lumpectomie?",
            Pico("vrouwen na een lumpectomie", "CT", "echografie", ["het opsporen van recidieven"]),
        ),
        (
            "What is the effectiveness of early surgery compared with delayed surgery in older "
            "adults with hip fracture in terms of mortality, function and length of stay?",
            Pico(
                "older adults with hip fracture",
                "early surgery",
                "delayed surgery",
                ["mortality", "function", "length of stay"],
            ),
        ),
        (
            "Wat is het effect van mobilisatie op de eerste dag na de operatie op het "
            "functioneel herstel?",
            Pico(
                "",
                "mobilisatie op de eerste dag na de operatie",
                outcomes=["het functioneel herstel"],
            ),
        ),
        (
            "What is the added value of CEA measurement alongside CT?",
            Pico("", "CEA measurement", "CT"),
        ),
        (
            "Wat zijn de effecten van directe versus uitgestelde borstreconstructie bij "
            "patiënten die radiotherapie krijgen wat betreft complicaties en tevredenheid?",
            Pico(
                "patiënten die radiotherapie krijgen",
                "directe",
                "uitgestelde borstreconstructie",
                ["complicaties", "tevredenheid"],
            ),
        ),
        (
            "What is the role of (neo)adjuvant chemotherapy (e.g. in patients with HER2+ "
            "disease) among women over 70 for detecting recurrence?",
            Pico(
                "women over 70",
                "(neo)adjuvant chemotherapy (e.g. in patients with HER2+ disease)",
                "",
                ["detecting recurrence"],
            ),
        ),
        # no recognisable opener: nothing is guessed
        ("Binnen welke termijn moet een patiënt met een heupfractuur worden geopereerd?", Pico()),
    ],
)
def test_questions_in_other_layouts(question, expected):
    assert parse_pico(question) == expected


def test_outcome_lists():
    assert split_outcomes("pijn, functie (ADL, mobiliteit) en kwaliteit van leven") == [
        "pijn",
        "functie (ADL, mobiliteit)",
        "kwaliteit van leven",
    ]
    assert split_outcomes("het opsporen van X en het bevestigen van Y") == [
        "het opsporen van X",
        "het bevestigen van Y",
    ]
    assert split_outcomes("het detecteren van bot- en levermetastasen") == [
        "het detecteren van bot- en levermetastasen"
    ]
    assert split_outcomes("length of stay and mortality", listed=True, english=True) == [
        "length of stay",
        "mortality",
    ]


def test_an_interest_in_another_intervention_does_not_match_the_module_topic(graph):
    """Module 6.1's question is about AFT (line 1089): Marc Mureau's research on implants
    and the quality-of-life studies match none of its interventions; AFT research does."""
    query = (QUERIES_DIR / "panel-interests-on-module-topic.rq").read_text("utf-8")
    rows = (graph + load_ontology()).query(
        query, initBindings={"module": URIRef(f"{BASE}module/borstreconstructie/6.1")}
    )
    found = sorted({(str(r["name"]), str(r["concept"]).rsplit("/", 1)[1]) for r in rows})
    assert found == [("Andrzej Piatkowski de Grzymala", "autologous-fat-grafting")]


# every PICO element of the bundled document with the concepts it names (lines 325, 329,
# 330, 744, 1089), read by hand: only sub-question 1 states a comparator
PICO_CONCEPTS = {
    "borstkanker/10.1.1/question/main": [
        ("picoPopulation", "borstkanker", ["breast-cancer"]),
        ("picoIntervention", "beeldvormingsmodaliteiten", ["diagnostic-imaging"]),
        ("picoOutcome", "het detecteren van oligometastasen", ["oligometastatic-disease"]),
    ],
    "borstkanker/10.1.1/question/1": [
        ("picoPopulation", "een verdenking op oligometastasen", ["oligometastatic-disease"]),
        ("picoIntervention", "MRI (wervelkolom/bekken of lever)", ["magnetic-resonance-imaging"]),
        ("picoComparator", "een positieve FDG-PET/CT", ["fdg-pet-ct"]),
        ("picoOutcome", "het detecteren van aanvullende (oligo)metastasen",
         ["metastatic-malignant-neoplasm"]),
    ],
    "borstkanker/10.1.1/question/2": [
        ("picoPopulation", "borstkanker", ["breast-cancer"]),
        ("picoIntervention", "overige PET-tracers (zoals FES, NaF, PSMA, Fluciclovine en FAPI)",
         ["fapi-tracer", "fluciclovine-f-18", "fluoroestradiol-f-18", "pet-tracer",
          "psma-tracer", "sodium-fluoride-f-18"]),
        ("picoOutcome", "het bevestigen van oligometastasen of oligoprogressie",
         ["oligometastatic-disease", "oligoprogression"]),
        ("picoOutcome", "het karakteriseren van verdachte laesies", []),
    ],
    "borstkanker/9.2.3/question/main": [
        ("picoPopulation", "patiënten met borstkanker met een regionaal recidief",
         ["breast-cancer", "regional-recurrence-of-breast-cancer"]),
        ("picoIntervention", "lokale behandeling", []),
    ],
    "borstreconstructie/6.1/question/main": [
        ("picoPopulation", "borstreconstructie bij borstkanker patiënten na ablatio",
         ["breast-cancer", "breast-reconstruction", "mastectomy"]),
        ("picoIntervention", "autologe vettransplantatie (autologous fat transfer of AFT)",
         ["autologous-fat-grafting"]),
        ("picoOutcome", "(locoregionale) oncologische events", []),
        ("picoOutcome", "aantal behandelsessies", []),
        ("picoOutcome", "borstvolumeretentie", []),
        ("picoOutcome", "complicaties", []),
        ("picoOutcome", "oncologische veiligheid", []),
        ("picoOutcome", "patiënttevredenheid", []),
        ("picoOutcome", "ziektespecifieke kwaliteit van leven", ["quality-of-life"]),
    ],
}  # fmt: skip
ELEMENTS = ["picoPopulation", "picoIntervention", "picoComparator", "picoOutcome"]


def test_every_pico_element_of_the_bundled_document_with_its_concepts(graph):
    found = {
        str(question).removeprefix(f"{BASE}module/"): [
            (predicate, text, concepts)
            for predicate in ELEMENTS
            for text, concepts in _element(
                graph, str(question).removeprefix(f"{BASE}module/"), predicate
            )
        ]
        for question in graph.subjects(RDF.type, URIRef(GKG + "ClinicalQuestion"))
    }
    assert found == PICO_CONCEPTS


COI_FIXTURE = """Bone Imaging Guideline

Draft modules for consultation, 2025

Start page guideline Bone imaging

What is this guideline about?

This guideline covers imaging of bone metastases in adults with breast cancer.

Accountability module 5.2 Imaging of bone metastases

Initiative: NVvR

Composition of the working group

Working group
- A. (Anna) de Wit, radiologist, Radboudumc, NVvR (chair)
- B. (Bram) Kuiper, nuclear medicine physician, UMC Groningen, NVNG
- C. (Cora) Lind, medical oncologist, Maastricht UMC+, NIV

Declarations of interest

Name\tMain position\tSide activities\tPersonal financial interests\tPersonal relationships\t\
Externally funded research\tIntellectual interests and reputation\tOther interests
Anna de Wit\tRadiologist, Radboudumc\tNone\tNone\tNone\tNone\tNone\t\
Speaker fee for a bone scintigraphy course (paid)
Bram Kuiper\tNuclear medicine physician, UMC Groningen\tNone\tNone\tNone\t\
ZonMw - PET/CT trial - project leader\tNone\tNone
Cora Lind\tMedical oncologist, Maastricht UMC+\t\
Advisory board on chemotherapy for breast cancer (paid)\tNone\tNone\tNone\tNone\tNone

Module 5.2 Imaging of bone metastases

Clinical question
What is the value of PET/CT compared with bone scintigraphy in patients with breast cancer \
for detecting bone metastases?

Recommendations
Recommendation 1 PET/CT
Final judgement: Conditional recommendation for
Use PET/CT instead of bone scintigraphy when bone metastases are suspected.

Considerations
Balance of benefits and harms
PET/CT finds more metastases.

References
[1] Smith J, Jones K. PET/CT versus bone scan: a trial. Lancet Oncol. 2020;21(1):1-9. \
doi: 10.5555/bone.2020.0001.
"""


def test_an_interest_in_the_comparator_does_not_match_the_module_topic(tmp_path):
    """A fixture laid out otherwise (English, a declarations table): the question weighs
    PET/CT against bone scintigraphy in patients with breast cancer.  Only the interest in
    PET/CT, the intervention, matches; a speaker fee on bone scintigraphy (the comparator)
    and an advisory board on chemotherapy for breast cancer (another intervention, the
    population) do not."""
    source = tmp_path / "bone-imaging.txt"
    source.write_text(COI_FIXTURE, encoding="utf-8")
    graph = build_graph(parse_document(source), BASE)
    question = "bone-imaging/5.2/question/main"
    assert [
        (predicate, text, concepts)
        for predicate in ELEMENTS
        for text, concepts in _element(graph, question, predicate)
    ] == [
        ("picoPopulation", "patients with breast cancer", ["breast-cancer"]),
        ("picoIntervention", "PET/CT", ["pet-ct"]),
        ("picoComparator", "bone scintigraphy", ["bone-scintigraphy"]),
        ("picoOutcome", "detecting bone metastases", ["bone-metastasis"]),
    ]
    declared = {str(t) for t in graph.objects(None, URIRef(GKG + "text")) if "(paid)" in t}
    assert declared == {
        "Speaker fee for a bone scintigraphy course (paid)",
        "Advisory board on chemotherapy for breast cancer (paid)",
    }
    query = (QUERIES_DIR / "panel-interests-on-module-topic.rq").read_text("utf-8")
    rows = (graph + load_ontology()).query(query)
    found = [(str(r["name"]), str(r["concept"]).rsplit("/", 1)[1], str(r["text"])) for r in rows]
    assert found == [("Bram Kuiper", "pet-ct", "ZonMw - PET/CT trial - project leader")]
