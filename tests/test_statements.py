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
from loaders.parsers.statements import (
    directive_clause,
    main_clause,
    read_statement,
    split_clauses,
)
from loaders.parsers.text import clean_lines
from loaders.rdf.builder import build_graph
from loaders.records import ClinicalQuestion, Module, Recommendation, Span
from service.pipeline.build import BUNDLED_SOURCE

BASE = "https://w3id.org/gkg/"
CORPUS = Path(__file__).parent / "data" / "corpus"
GKG = "https://w3id.org/gkg/ontology#"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")

# (recommendation, statement number, line, verbatim text, direction, interventions,
#  comparators) -- every statement of the document, read by hand from the source; a
#  paragraph that advises twice (lines 760 and 1098) gives one statement per clause
BUNDLED = [
    ("borstkanker/10.1.1-1", 1, 340, "Gebruik FDG-PET/CT als standaardmodaliteit voor het "
     "detecteren van oligometastasen bij borstkanker.", "for", ["fdg-pet-ct"], []),
    ("borstkanker/10.1.1-1", 2, 342, "Verricht een aanvullende MRI van wervelkolom, bekken of "
     "lever uitsluitend in geselecteerde situaties waarin de PET/CT-bevindingen onzeker zijn "
     "en/of de uitslag directe consequenties heeft voor de lokale behandelstrategie.",
     "conditional", ["magnetic-resonance-imaging"], []),
    ("borstkanker/10.1.1-2", 1, 350, "Voer niet standaard een PET/CT met ¹⁸FES uit.", "against",
     ["fes-pet-ct"], []),
    ("borstkanker/10.1.1-2", 2, 352, "Gebruik ¹⁸FES-PET/CT in uitzonderlijke klinische "
     "situaties waarin FDG-PET/CT onvoldoende informatie geeft, biopteren niet de voorkeur "
     "heeft en de uitslag directe consequenties heeft voor de behandelkeuze.", "conditional",
     ["fes-pet-ct"], []),
    ("borstkanker/10.1.1-2", 3, 354, "Gebruik NaF¹⁸ PET/CT bij onduidelijke of discrepante "
     "bevindingen van (mogelijke) botmetastasen, en bij lokale beschikbaarheid als alternatief "
     "voor de Tc^{99m}-HPD-botscan.", "for", ["naf-pet-ct"], ["bone-scintigraphy"]),
    ("borstkanker/9.2.3-1", 1, 752, "Patiënten met een regionaal recidief van borstkanker "
     "dienen, indien mogelijk, met curatieve intentie te worden behandeld.", "for", [], []),
    ("borstkanker/9.2.3-1", 2, 754, "Na chirurgische excisie wordt regionale (re)radiotherapie "
     "uitgevoerd. (Zie module 9.2.1)", "for", ["radiotherapy"], []),
    ("borstkanker/9.2.3-1", 3, 756, "Indien voorafgaand systeemtherapie wordt gegeven, markeer "
     "dan voor start van de behandeling de grootste aangedane resectabele lymfeklier.", "for",
     [], []),
    ("borstkanker/9.2.3-1", 4, 758, "De uitgebreidheid van chirurgische behandeling dient in "
     "het MDO te worden besproken, rekening houdend met eerdere behandelingen, klinisch "
     "stadium, eventuele therapierespons en voorkeuren/wensen van de patiënt.", "for", [], []),
    ("borstkanker/9.2.3-1", 5, 760, "Bij patiënten waarbij het regionaal recidief technisch "
     "niet geresecteerd kan worden, kan radicale radiotherapie op regionale lymfekliergebieden "
     "worden overwogen, met een boost op macroscopische laesies.", "for", ["radiotherapy"], []),
    ("borstkanker/9.2.3-1", 6, 760, "In deze gevallen heeft primaire systemische therapie de "
     "voorkeur met als doel het verkleinen van de tumorload en het voorkomen van metastasen, "
     "zie ook module 9.2.4 Neoadjuvante systemische behandeling locoregionaal recidief "
     "(NABON/NIV, 2017)", "for", ["systemic-therapy"], []),
    ("borstreconstructie/6.1-1", 1, 1095, "Bespreek autologe vettransplantatie als "
     "reconstructieve optie voorafgaand aan een ablatio bij patiënten die waarde hechten aan "
     "een lichaamseigen reconstructie en bereid zijn meerdere behandelsessies te ondergaan en "
     "geen indicatie hebben voor radiotherapie.", "for", ["autologous-fat-grafting"], []),
    ("borstreconstructie/6.1-1", 2, 1096, "Bespreek met de patiënt de verwachte voordelen op "
     "het gebied van kwaliteit van leven en esthetiek, en ga in op mogelijke verschillen in "
     "volume en behandelbelasting ten opzichte van andere reconstructieopties.", "for", [], []),
    ("borstreconstructie/6.1-1", 3, 1097, "Bespreek de nadelen van AFT zoals behandelbelasting, "
     "maar ook kans op vetnecrose met soms zwelling en pijnklachten met als gevolg "
     "diagnostische dilemma's en noodzaak tot biopten", "for", ["autologous-fat-grafting"], []),
    ("borstreconstructie/6.1-1", 4, 1098, "Geef aan dat er geen aanwijzingen zijn voor "
     "verhoogde oncologische risico's, hoewel het bewijs hiervoor beperkt is.", "for", [], []),
    # no concept names imaging follow-up; 'ablatio' names the situation, not what is advised
    ("borstreconstructie/6.1-1", 5, 1098, "Geen indicatie voor routinematig beeldvormende "
     "follow-up in geval van status na ablatio.", "against", [], []),
    ("borstreconstructie/6.1-1", 6, 1099, "Zorg voor duidelijke informatie en gedeelde "
     "besluitvorming afgestemd op de voorkeuren en situatie van de patiënt.", "for", [], []),
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
    ("key", "number", "line", "text", "direction", "interventions", "comparators"),
    BUNDLED,
    ids=[f"{row[0]}/{row[1]}" for row in BUNDLED],
)
def test_each_bundled_statement_carries_its_direction(
    module_bodies, key, number, line, text, direction, interventions, comparators
):
    recommendation = _recommendations(module_bodies)[key.split("/")[1]]
    statement = recommendation.statements[number - 1]
    assert statement.span == Span(line, line)
    assert statement.text == text
    assert statement.direction == direction


@pytest.mark.parametrize(
    ("key", "number", "line", "text", "direction", "interventions", "comparators"),
    BUNDLED,
    ids=[f"{row[0]}/{row[1]}" for row in BUNDLED],
)
def test_each_bundled_statement_in_the_graph(
    graph, key, number, line, text, direction, interventions, comparators
):
    node = URIRef(f"{BASE}recommendation/{key}/statement/{number}")
    assert str(graph.value(node, URIRef(GKG + "text"))) == text
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
    # the question each answers, by its line and opening words (lines 329, 330, 744, 1089)
    answered = [
        (
            graph.value(graph.value(q, PROV_DERIVED), URIRef(GKG + "firstLine")).toPython(),
            str(graph.value(q, URIRef(GKG + "text")))[:40],
        )
        for _, q in sorted(graph.subject_objects(URIRef(GKG + "answersQuestion")))
    ]
    assert answered == [
        (329, "Wat is de aanvullende waarde van MRI (we"),
        (330, "Wat is de waarde van overige PET-tracers"),
        (744, "Wat is de optimale lokale behandeling bi"),
        (1089, "Wat is de positie van autologe vettransp"),
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
        # a coordinated clause that directs, after one that does not
        ("Het bewijs is beperkt, maar overweeg een MRI.", "for", "overweeg een MRI", ""),
        ("Gebruik FES-PET/CT niet, behalve bij lobulair carcinoom.", "against",
         "Gebruik FES-PET/CT niet", ""),
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
    assert (
        directive_clause(text)
        == "Maak in het eerste jaar elke drie maanden een CT van thorax en abdomen"
    )
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


def test_every_bundled_statement_is_pinned(module_bodies):
    found = [
        (r.key, number)
        for m, _ in module_bodies.values()
        for r in m.recommendations
        for number, _ in enumerate(r.statements, start=1)
    ]
    assert found == [(key.split("/")[1], number) for key, number, *_ in BUNDLED]


# --- one statement per clause, in documents laid out otherwise ------------------------------

DUTCH_FIXTURE = """Richtlijn Botmetastasen

Module 3.1 Beeldvorming bij botmetastasen

Uitgangsvraag

Wat is de waarde van NaF-PET/CT vergeleken met skeletscintigrafie bij patiënten met \
borstkanker voor het opsporen van botmetastasen?

Aanbevelingen

Aanbeveling 1 NaF-PET/CT

Eindoordeel: zwakke aanbeveling voor

1. Overweeg NaF-PET/CT bij onduidelijke bevindingen op de skeletscintigrafie.
2. Gebruik geen FES-PET/CT, tenzij FDG-PET/CT onvoldoende informatie geeft; gebruik dan \
MRI van de wervelkolom.
3. Start niet standaard met chemotherapie, maar overweeg endocriene therapie bij een \
ER-positieve tumor.
4. Geef radiotherapie op pijnlijke botmetastasen (zie module 3.2; geen effect bij \
asymptomatische laesies), maar niet bij een dreigende dwarslaesie.

Overwegingen

De werkgroep woog voor- en nadelen af.

Literatuur

1. Jansen A. Een studie. Ned Tijdschr. 2020;1:1-2.
"""
ENGLISH_FIXTURE = """Bone Imaging Guideline

Module 5.2 Imaging of bone metastases

Clinical question

What is the value of PET/CT compared with bone scintigraphy in patients with breast cancer?

Recommendations

Recommendation 1 Bone scan

Final judgement: weak recommendation against

- Do not use bone scintigraphy unless PET/CT is unavailable.
- Do not offer radiotherapy routinely; consider it only for patients with residual disease.
- There is no role for chemotherapy in this setting.

Considerations

The working group weighed benefits and harms.

Literature

1. Smith J. A trial. Lancet. 2020;1:1-2.
"""


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("botmetastasen", DUTCH_FIXTURE, [
            (1, 15, "Overweeg NaF-PET/CT bij onduidelijke bevindingen op de skeletscintigrafie.",
             "RecommendationFor", ["naf-pet-ct"]),
            (2, 16, "Gebruik geen FES-PET/CT", "RecommendationAgainst", ["fes-pet-ct"]),
            (3, 16, "tenzij FDG-PET/CT onvoldoende informatie geeft",
             "RecommendationConditionallyFor", ["fes-pet-ct"]),
            (4, 16, "gebruik dan MRI van de wervelkolom.", "RecommendationFor",
             ["mri-of-spine"]),
            (5, 17, "Start niet standaard met chemotherapie", "RecommendationAgainst",
             ["chemotherapy"]),
            (6, 17, "overweeg endocriene therapie bij een ER-positieve tumor.",
             "RecommendationFor", ["endocrine-therapy"]),
            # a ';' inside parentheses cuts nothing; 'maar niet bij ...' has no verb of its own
            (7, 18, "Geef radiotherapie op pijnlijke botmetastasen (zie module 3.2; geen "
             "effect bij asymptomatische laesies)", "RecommendationFor", ["radiotherapy"]),
            (8, 18, "niet bij een dreigende dwarslaesie.", "RecommendationAgainst",
             ["radiotherapy"]),
        ]),
        ("bone-imaging", ENGLISH_FIXTURE, [
            (1, 15, "Do not use bone scintigraphy", "RecommendationAgainst",
             ["bone-scintigraphy"]),
            (2, 15, "unless PET/CT is unavailable.", "RecommendationConditionallyFor",
             ["bone-scintigraphy"]),
            (3, 16, "Do not offer radiotherapy routinely", "RecommendationAgainst",
             ["radiotherapy"]),
            (4, 16, "consider it only for patients with residual disease.",
             "RecommendationConditionallyFor", ["radiotherapy"]),
            (5, 17, "There is no role for chemotherapy in this setting.",
             "RecommendationAgainst", ["chemotherapy"]),
        ]),
    ],
)  # fmt: skip
def test_one_statement_per_clause_in_other_layouts(tmp_path, name, text, expected):
    """An exception ('tenzij', 'unless') is for what the clause before advises against; a
    coordinated clause ('; gebruik dan', ', maar overweeg') and a pronoun ('consider it')
    each get a statement of their own."""
    source = tmp_path / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    document = parse_document(source)
    (module,) = document.modules
    (recommendation,) = module.recommendations
    graph = build_graph(document, BASE)
    found = []
    for number, statement in enumerate(recommendation.statements, start=1):
        node = URIRef(f"{BASE}recommendation/{recommendation.key}/statement/{number}")
        concepts = graph.objects(node, URIRef(GKG + "concernsIntervention"))
        found.append((
            number, statement.span.first, str(graph.value(node, URIRef(GKG + "text"))),
            str(graph.value(node, URIRef(GKG + "direction"))).split("#")[1],
            sorted(str(c).rsplit("/", 1)[1] for c in concepts),
        ))  # fmt: skip
    assert found == expected


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("Gebruik geen X, behalve bij Z.", [("Gebruik geen X", False), ("behalve bij Z.", True)]),
        # an exception to a clause that is for something is only its condition
        ("Surgery is recommended within 48 hours, unless the patient is unstable.",
         [("Surgery is recommended within 48 hours, unless the patient is unstable.", False)]),
        # 'maar ook ...' directs nothing of its own
        ("Bespreek de nadelen van X, maar ook kans op Y.",
         [("Bespreek de nadelen van X, maar ook kans op Y.", False)]),
        # a leading sentence that directs nothing stays with the clause it introduces
        ("Dit geldt voor alle patiënten. Gebruik Y. (Zie module 2)",
         [("Dit geldt voor alle patiënten. Gebruik Y. (Zie module 2)", False)]),
    ],
)  # fmt: skip
def test_where_a_paragraph_is_cut_into_clauses(text, clauses):
    assert split_clauses(text) == clauses


def test_a_dutch_fixture_whose_labels_name_no_number():
    """Unnumbered labels ('Aanbeveling echografie') answer the sub-question whose words they
    share; a label sharing none answers the main question."""
    raw = [
        "Module 2.3 Beeldvorming van de oksel",
        "Uitgangsvraag",
        "Welke beeldvorming is zinvol bij patiënten met een klinisch negatieve oksel?",
        "De uitgangsvraag omvat de volgende deelvragen:",
        "1. Wat is de waarde van MRI van de oksel?",
        "2. Wat is de waarde van echografie van de oksel met punctie?",
        "Aanbevelingen",
        "Aanbeveling echografie met punctie",
        "Eindoordeel: Sterke aanbeveling voor",
        "Verricht een echografie van de oksel, en zo nodig een punctie.",
        "Aanbeveling algemeen",
        "Eindoordeel: Conditionele aanbeveling tegen",
        "Gebruik geen PET/CT voor de stadiëring van de oksel.",
        "Overwegingen",
        "De werkgroep woog voor- en nadelen af.",
    ]
    (section,) = [s for s in split_sections(clean_lines(raw)) if s.kind == "module"]
    module = Module("2.3", "Beeldvorming van de oksel", "", section.span)
    parse_module_body(section, module)
    found = [(r.label, r.question_number) for r in module.recommendations]
    assert found == [("Aanbeveling echografie met punctie", 2), ("Aanbeveling algemeen", None)]


def test_an_event_named_by_a_time_phrase_is_not_what_a_statement_advises():
    """tests/data/corpus/heupfractuur-2019.txt line 111: 'Mobiliseer de patiënt op de dag na
    de operatie ...' advises mobilisation (no concept of the scheme), not an operation."""
    text = (
        "Mobiliseer de patiënt op de dag na de operatie onder begeleiding van een fysiotherapeut."
    )
    assert directive_clause(text) == (
        "Mobiliseer de patiënt op de dag onder begeleiding van een fysiotherapeut"
    )
    graph = build_graph(parse_document(CORPUS / "heupfractuur-2019.txt"), BASE)
    found = sorted(
        (str(s).removeprefix(BASE), str(o).rsplit("/", 1)[1])
        for s, o in graph.subject_objects(URIRef(GKG + "concernsIntervention"))
    )
    assert found == [
        ("recommendation/proximale-femurfracturen/3.1-1/statement/2", "surgical-procedure")
    ]
