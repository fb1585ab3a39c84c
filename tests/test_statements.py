"""Issue 14 item 2: direction at the grain of the statement, and the question each
recommendation answers.

The bundled document's own statements (lines 340-354, 752-760, 1095-1099) with the
direction and intervention each carries, checked by hand; then fixtures written in other
layouts (English, bullets, fronted conditions) so the reading is not keyed on this document.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from loaders.parsers.document import parse_document
from loaders.parsers.module_body import parse_module_body
from loaders.parsers.question_links import link_questions
from loaders.parsers.sections import split_sections
from loaders.parsers.statements import directive_clause, main_clause, read_statement
from loaders.parsers.text import clean_lines
from loaders.rdf.builder import build_graph
from loaders.records import ClinicalQuestion, Module, Recommendation, Span
from service.pipeline.build import BUNDLED_SOURCE

BASE = "https://w3id.org/gkg/"
CORPUS = Path(__file__).parent / "data" / "corpus"
GKG = "https://w3id.org/gkg/ontology#"

# (recommendation, statement number, first line, verbatim opening, direction, interventions,
#  comparators) -- read by hand from the source
BUNDLED = [
    ("borstkanker/10.1.1-1", 1, 340, "Gebruik FDG-PET/CT als standaardmodaliteit", "for",
     ["fdg-pet-ct"], []),
    ("borstkanker/10.1.1-1", 2, 342, "Verricht een aanvullende MRI van wervelkolom, bekken of "
     "lever uitsluitend in geselecteerde situaties", "conditional",
     ["magnetic-resonance-imaging"], []),
    ("borstkanker/10.1.1-2", 1, 350, "Voer niet standaard een PET/CT met ¹⁸FES uit.", "against",
     ["fes-pet-ct"], []),
    ("borstkanker/10.1.1-2", 2, 352, "Gebruik ¹⁸FES-PET/CT in uitzonderlijke klinische "
     "situaties waarin FDG-PET/CT onvoldoende informatie geeft", "conditional",
     ["fes-pet-ct"], []),
    ("borstkanker/10.1.1-2", 3, 354, "Gebruik NaF¹⁸ PET/CT bij onduidelijke of discrepante "
     "bevindingen", "for", ["naf-pet-ct"], ["bone-scintigraphy"]),
    ("borstkanker/9.2.3-1", 1, 752, "Patiënten met een regionaal recidief van borstkanker "
     "dienen, indien mogelijk, met curatieve intentie te worden behandeld.", "for", [], []),
    ("borstkanker/9.2.3-1", 2, 754, "Na chirurgische excisie wordt regionale (re)radiotherapie "
     "uitgevoerd.", "for", ["radiotherapy"], []),
    ("borstkanker/9.2.3-1", 3, 756, "Indien voorafgaand systeemtherapie wordt gegeven, markeer "
     "dan", "for", [], []),
    ("borstkanker/9.2.3-1", 4, 758, "De uitgebreidheid van chirurgische behandeling dient in "
     "het MDO te worden besproken", "for", [], []),
    ("borstkanker/9.2.3-1", 5, 760, "Bij patiënten waarbij het regionaal recidief technisch "
     "niet geresecteerd kan worden, kan radicale radiotherapie", "for",
     ["radiotherapy", "systemic-therapy"], []),
    ("borstreconstructie/6.1-1", 1, 1095, "Bespreek autologe vettransplantatie als "
     "reconstructieve optie voorafgaand aan een ablatio", "for", ["autologous-fat-grafting"], []),
    ("borstreconstructie/6.1-1", 2, 1096, "Bespreek met de patiënt de verwachte voordelen",
     "for", [], []),
    ("borstreconstructie/6.1-1", 3, 1097, "Bespreek de nadelen van AFT", "for",
     ["autologous-fat-grafting"], []),
    ("borstreconstructie/6.1-1", 4, 1098, "Geef aan dat er geen aanwijzingen zijn", "for", [], []),
    ("borstreconstructie/6.1-1", 5, 1099, "Zorg voor duidelijke informatie", "for", [], []),
]  # fmt: skip
DIRECTIONS = {
    "for": "RecommendationFor",
    "against": "RecommendationAgainst",
    "conditional": "RecommendationConditionallyFor",
    "unknown": "UnknownDirection",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(parse_document(BUNDLED_SOURCE), BASE)


def _recommendations(module_bodies) -> dict[str, Recommendation]:
    return {
        f"{key}": r
        for module, _ in module_bodies.values()
        for r in module.recommendations
        for key in [r.key]
    }


@pytest.mark.parametrize(
    ("key", "number", "line", "opening", "direction", "interventions", "comparators"),
    BUNDLED,
    ids=[f"{row[0]}/{row[1]}" for row in BUNDLED],
)
def test_each_bundled_statement_carries_its_direction(
    module_bodies, key, number, line, opening, direction, interventions, comparators
):
    recommendation = _recommendations(module_bodies)[key.split("/")[1]]
    statement = recommendation.statements[number - 1]
    assert statement.span.first == line
    assert statement.text.startswith(opening)
    assert statement.direction == direction


@pytest.mark.parametrize(
    ("key", "number", "line", "opening", "direction", "interventions", "comparators"),
    BUNDLED,
    ids=[f"{row[0]}/{row[1]}" for row in BUNDLED],
)
def test_each_bundled_statement_in_the_graph(
    graph, key, number, line, opening, direction, interventions, comparators
):
    node = URIRef(f"{BASE}recommendation/{key}/statement/{number}")
    assert graph.value(node, URIRef(GKG + "text")).startswith(opening)
    assert graph.value(node, URIRef(GKG + "direction")) == URIRef(GKG + DIRECTIONS[direction])
    concepts = sorted(
        str(c).rsplit("/", 1)[1] for c in graph.objects(node, URIRef(GKG + "concernsIntervention"))
    )
    assert concepts == interventions
    alternatives = sorted(
        str(c).rsplit("/", 1)[1] for c in graph.objects(node, URIRef(GKG + "concernsComparator"))
    )
    assert alternatives == comparators


def test_the_tracer_recommendation_is_against_fes_and_for_naf_in_specific_cases(graph):
    """Line 346-354: verdict 'tegen', yet its statements advise against routine FES-PET/CT,
    for it in exceptional situations and for NaF-PET/CT in stated situations."""
    query = f"""PREFIX gkg: <{GKG}>
    SELECT ?number ?direction ?concept WHERE {{
      <{BASE}recommendation/borstkanker/10.1.1-2> gkg:direction gkg:RecommendationAgainst ;
        gkg:hasStatement ?s .
      ?s gkg:statementNumber ?number ; gkg:direction ?direction ;
        gkg:concernsIntervention ?concept .
    }} ORDER BY ?number"""
    rows = [
        (int(r.number), str(r.direction).split("#")[1], str(r.concept).rsplit("/", 1)[1])
        for r in graph.query(query)
    ]
    assert rows == [
        (1, "RecommendationAgainst", "fes-pet-ct"),
        (2, "RecommendationConditionallyFor", "fes-pet-ct"),
        (3, "RecommendationFor", "naf-pet-ct"),
    ]


def test_recommendations_answer_their_sub_questions(module_bodies, graph):
    found = {r.key: r.question_number for m, _ in module_bodies.values() for r in m.recommendations}
    assert found == {"10.1.1-1": 1, "10.1.1-2": 2, "9.2.3-1": None, "6.1-1": None}
    links = sorted(
        (str(s).removeprefix(BASE), str(o).removeprefix(BASE))
        for s, o in graph.subject_objects(URIRef(GKG + "answersQuestion"))
    )
    assert links == [
        ("recommendation/borstkanker/10.1.1-1", "module/borstkanker/10.1.1/question/1"),
        ("recommendation/borstkanker/10.1.1-2", "module/borstkanker/10.1.1/question/2"),
        ("recommendation/borstkanker/9.2.3-1", "module/borstkanker/9.2.3/question/main"),
        ("recommendation/borstreconstructie/6.1-1", "module/borstreconstructie/6.1/question/main"),
    ]


# --- other layouts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "direction", "intervention", "comparator"),
    [
        ("Geef geen antipsychotica om een delier te voorkomen.", "against",
         "Geef geen antipsychotica", ""),
        ("Behandel een delier eerst met niet-medicamenteuze maatregelen.", "for",
         "Behandel een delier eerst met niet-medicamenteuze maatregelen", ""),
        ("Geef haloperidol alleen bij ernstige onrust of gevaar, in de laagst werkzame dosering.",
         "conditional", "Geef haloperidol alleen", ""),
        ("Do not offer routine CT to patients after resection.", "against",
         "Do not offer routine CT", ""),
        ("Consider PET-CT only when CEA rises.", "conditional", "Consider PET-CT only", ""),
        ("If the CEA rises, perform a PET-CT scan instead of a CT scan.", "for",
         "perform a PET-CT scan", "a CT scan"),
        ("Bij ouderen met een heupfractuur verdient een operatie binnen 24 uur de voorkeur.",
         "for", "verdient een operatie binnen 24 uur de voorkeur", ""),
        ("Kies voor een directe reconstructie bij patiënten zonder radiotherapie.", "for",
         "Kies voor een directe reconstructie", ""),
        ("Er is onvoldoende bewijs voor of tegen routinematige follow-up.", "unknown", "", ""),
        ("Surgery is recommended within 48 hours, unless the patient is unstable.", "for",
         "Surgery is recommended within 48 hours", ""),
    ],
)  # fmt: skip
def test_statements_in_other_layouts(text, direction, intervention, comparator):
    assert read_statement(text) == (direction, intervention, comparator)


def test_a_negation_in_a_subordinate_clause_does_not_turn_a_statement_against():
    text = "Gebruik X in situaties waarin biopteren niet mogelijk is."
    assert main_clause(text) == "Gebruik X in situaties"
    assert read_statement(text)[0] == "for"
    assert read_statement("When surgery is not possible, offer radiotherapy.")[0] == "for"


def test_a_fixture_module_in_english_with_bullets():
    """Labels name their sub-questions out of order: the words decide, not the numbers."""
    raw = [
        "Module 4.2 Follow-up imaging",
        "Clinical question",
        "What is the value of routine CT compared with ultrasound in patients after resection?",
        "The question has the following sub-questions:",
        "1. How often should CT be repeated?",
        "2. What is the added value of PET alongside CT?",
        "Recommendations",
        "Recommendation 1 PET",
        "Final judgement: weak recommendation for",
        "- Use PET only when CT is inconclusive.",
        "Recommendation 2 How often",
        "Final judgement: strong recommendation against",
        "- Do not repeat CT more often than yearly.",
        "Literature",
        "1. Smith J. A trial. Lancet. 2020;1:1-2.",
    ]
    (section,) = [s for s in split_sections(clean_lines(raw)) if s.kind == "module"]
    module = Module("4.2", "Follow-up imaging", "", section.span)
    parse_module_body(section, module)
    found = [
        (r.label, r.question_number, [(s.direction, s.intervention) for s in r.statements])
        for r in module.recommendations
    ]
    assert found == [
        ("Recommendation 1 PET", 2, [("conditional", "Use PET only")]),
        ("Recommendation 2 How often", 1, [("against", "Do not repeat CT more often than yearly")]),
    ]


def _questions(*texts: str) -> list[ClinicalQuestion]:
    span = Span(1, 1)
    return [ClinicalQuestion(t, span, n or None) for n, t in enumerate(texts)]


def _recommendation(label: str) -> Recommendation:
    return Recommendation("x-1", label, "", "unknown", "unknown", [], Span(1, 1))


def test_numbered_recommendations_answer_sub_questions_in_order_when_labels_say_nothing():
    questions = _questions("Hoofdvraag?", "Eerste deelvraag?", "Tweede deelvraag?")
    recommendations = [_recommendation("Aanbeveling 1"), _recommendation("Aanbeveling 2")]
    link_questions(questions, recommendations)
    assert [r.question_number for r in recommendations] == [1, 2]


def test_unmatched_recommendations_answer_the_main_question():
    questions = _questions("Hoofdvraag?", "Wat doet MRI?", "Wat doet CT?")
    recommendations = [_recommendation("Aanbeveling"), _recommendation("Aanbeveling 2 echo")]
    link_questions(questions, recommendations)
    assert [r.question_number for r in recommendations] == [None, None]
    only_main = [_recommendation("Aanbeveling 1 MRI")]
    link_questions(_questions("Wat doet MRI?"), only_main)
    assert only_main[0].question_number is None


def test_an_intervention_named_after_a_time_phrase_is_found_in_the_main_clause():
    """tests/data/corpus/longkanker-cluster-2025.txt line 80: the object 'een CT' follows
    'in het eerste jaar na de behandeling'; the words cut at 'na' name no procedure, so the
    statement's main clause is looked in."""
    text = (
        "Maak in het eerste jaar na de behandeling elke drie maanden een CT van thorax en abdomen."
    )
    assert read_statement(text) == ("for", "Maak in het eerste jaar", "")
    assert directive_clause(text) == text.rstrip(".")
    graph = build_graph(parse_document(CORPUS / "longkanker-cluster-2025.txt"), BASE)
    found = sorted(
        (str(s).removeprefix(BASE), str(o).rsplit("/", 1)[1])
        for s, o in graph.subject_objects(URIRef(GKG + "concernsIntervention"))
    )
    assert found == [
        ("recommendation/longkanker/6.1-1/statement/1", "radiotherapy"),
        ("recommendation/longkanker/6.1-2/statement/1", "computed-tomography"),
    ]
    # a module without sub-questions: every recommendation answers its main question
    answered = {str(o) for o in graph.objects(None, URIRef(GKG + "answersQuestion"))}
    assert answered == {f"{BASE}module/longkanker/6.1/question/main"}
