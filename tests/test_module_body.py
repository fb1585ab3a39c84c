"""Questions, considerations, GRADE certainty and citations of the bundled document's modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.parsers.citations import find_citations
from loaders.parsers.considerations import paragraphs
from loaders.parsers.evidence import grade_levels
from loaders.parsers.module_body import parse_module_body
from loaders.parsers.sections import split_sections
from loaders.parsers.text import clean_lines
from loaders.records import Module, Span

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"


@pytest.fixture(scope="module")
def modules(module_bodies: dict[str, tuple[Module, list]]) -> dict[str, tuple[Module, list]]:
    return module_bodies


def test_questions_and_sub_questions(modules):
    questions = modules["10.1.1"][0].questions
    assert [(q.number, q.span) for q in questions] == [
        (None, Span(325, 325)),
        (1, Span(329, 329)),
        (2, Span(330, 330)),
    ]
    assert questions[0].text == (
        "Wat is de waarde van beeldvormingsmodaliteiten in het detecteren van oligometastasen "
        "bij borstkanker?"
    )
    assert questions[2].text.startswith("Wat is de waarde van overige PET-tracers (zoals FES,")
    assert [(q.number, q.text) for q in modules["9.2.3"][0].questions] == [
        (
            None,
            "Wat is de optimale lokale behandeling bij patiënten met borstkanker met een "
            "regionaal recidief?",
        )
    ]
    (question,) = modules["6.1"][0].questions
    assert question.span == Span(1089, 1089)
    assert question.text.endswith("kwaliteit van leven en aantal behandelsessies?")


def test_considerations_of_10_1_1(modules):
    found = [(c.kind, c.heading, c.span) for c in modules["10.1.1"][0].considerations]
    assert found == [
        ("other", "Overwegingen – van bewijs naar aanbeveling", Span(358, 360)),
        ("balance", "Balans tussen gewenste en ongewenste effecten", Span(364, 447)),
        ("evidence-quality", "Kwaliteit van bewijs", Span(449, 458)),
        (
            "values",
            "Waarden en voorkeuren van patiënten (en eventueel hun naasten/verzorgers)",
            Span(462, 473),
        ),
        ("costs", "Kostenaspecten", Span(475, 490)),
        ("equity", "Gelijkheid ((health) equity/equitable)", Span(494, 503)),
        ("acceptability", "Ethische aanvaardbaarheid", Span(507, 519)),
        ("sustainability", "Duurzaamheid", Span(521, 535)),
        ("feasibility", "Haalbaarheid", Span(537, 552)),
        (
            "rationale",
            "Rationale van de 1^e aanbeveling: weging van argumenten voor en tegen de indextest",
            Span(554, 562),
        ),
        (
            "rationale",
            "Rationale van de 2^e aanbeveling: weging van argumenten voor en tegen de indextest",
            Span(564, 570),
        ),
    ]


def test_consideration_text_is_joined_across_wraps_and_pages(modules):
    considerations = {c.span.first: c for c in modules["10.1.1"][0].considerations}
    acceptability = considerations[507].text
    assert acceptability.startswith(
        "Het inzetten van aanvullende MRI of nieuwe PET-tracers wordt over het algemeen als "
        "aanvaardbaar beschouwd. De bewijskracht voor een meerwaarde bovenop standaard "
        "FDG-PET/CT is echter laag,"
    )
    balance = considerations[364].text
    assert "routinematige inzet van aanvullende beeldvorming. Deze kennislacune ondersteunt" in (
        balance
    )
    kinds = [c.kind for c in modules["6.1"][0].considerations]
    assert kinds == [
        "balance",
        "evidence-quality",
        "values",
        "costs",
        "equity",
        "acceptability",
        "sustainability",
        "feasibility",
        "rationale",
    ]
    assert modules["6.1"][0].considerations[4].heading == "Gezondheidsgelijkheid"
    assert [c.heading for c in modules["9.2.3"][0].considerations][:2] == [
        "Overwegingen – van bewijs naar aanbeveling",
        "Algemene overwegingen",
    ]


def test_grade_of_10_1_1(modules):
    quality = modules["10.1.1"][0].evidence_quality
    assert (quality.levels, quality.graded, quality.span) == (["very-low"], True, Span(451, 451))
    assert quality.text.startswith("De overall kwaliteit van bewijs is zeer laag.")
    assert [(d.domain, d.span) for d in quality.downgrades] == [
        ("RiskOfBias", Span(455, 455)),
        ("Indirectness", Span(456, 456)),
        ("Imprecision", Span(457, 457)),
        ("PublicationBias", Span(458, 458)),
    ]
    assert quality.downgrades[3].text == (
        "Publicatie bias: kan niet worden uitgesloten, omdat vooral kleinere studies beschikbaar "
        "zijn waarin nieuwe modaliteiten worden onderzocht."
    )


def test_grade_of_9_2_3_is_not_graded(modules):
    quality = modules["9.2.3"][0].evidence_quality
    assert (quality.levels, quality.graded, quality.span, quality.downgrades) == (
        [],
        False,
        Span(823, 827),
        [],
    )
    assert "Er zijn aanwijzingen uit deze cohorten dat multimodale behandeling" in quality.text


def test_grade_of_6_1_keeps_both_ends(modules):
    quality = modules["6.1"][0].evidence_quality
    assert (quality.levels, quality.span) == (["low", "very-low"], Span(1123, 1123))
    assert [(d.domain, d.span) for d in quality.downgrades] == [
        ("RiskOfBias", Span(1127, 1128)),
        ("Imprecision", Span(1129, 1129)),
        ("Inconsistency", Span(1130, 1131)),
    ]
    assert quality.downgrades[0].text == (
        "Risk of Bias: methodologische beperkingen, waaronder beperkte blindering en het "
        "observationele karakter van de meeste studies."
    )


@pytest.mark.parametrize(
    ("sentence", "levels"),
    [
        ("De kwaliteit van het bewijs is hoog.", ["high"]),
        ("De overall kwaliteit van bewijs is redelijk tot laag.", ["moderate", "low"]),
        ("Geen oordeel.", []),
    ],
)
def test_grade_levels(sentence, levels):
    assert grade_levels(sentence) == levels


def _citations(modules, number):
    return [(c.text, c.span.first, c.reference_key) for c in modules[number][0].citations]


def test_citations_of_10_1_1(modules):
    assert _citations(modules, "10.1.1") == [
        ("NIV, 2020", 360, "niv-2020"),
        ("Xia (2023)", 370, "xia-2023"),
        ("von Gerke (2025)", 370, "gerke-2025"),
        ("Pasquier, 2023", 371, "pasquier-2023"),
        ("Xia (2023)", 372, "xia-2023"),
        ("Xia (2023)", 377, "xia-2023"),
        ("Xia (2023)", 382, "xia-2023"),
        ("Gerke 2025", 385, "gerke-2025"),
        ("Gerke (2025)", 389, "gerke-2025"),
        ("Xia (2023)", 390, "xia-2023"),
        ("Pasquier 2023", 392, "pasquier-2023"),
        ("Lievens 2020", 395, "lievens-2020"),
        ("Kurland (2020)", 408, "kurland-2020"),
        ("Xu (2025)", 411, "xu-2025"),
        ("Guglielmo (2025)", 414, "guglielmo-2025"),
        ("Zamanian (2023)", 422, "zamanian-2023"),
        ("Gerke (2025)", 425, "gerke-2025"),
        ("Zhang (2024)", 430, "zhang-2024"),
        ("Wass (2023)", 435, "wass-2023"),
        ("Dall' 2025", 441, "dall-armellina-2025"),
        ("Xia (2023)", 455, "xia-2023"),
    ]


def test_citations_of_9_2_3_and_6_1(modules):
    assert _citations(modules, "9.2.3") == [
        ("NABON/NIV, 2017", 760, "nabon-niv-2012"),  # listed as 'NABON/ NIV, 2012c'
        ("Baek, 2020", 768, "baek-2020"),
        ("Newman (2000)", 772, "newman-2000"),
        ("Konkin (2006)", 772, "konkin-2006"),
        ("Baek (2020)", 773, "baek-2020"),
        ("Pergolizzi (2006)", 776, "pergolizzi-2006"),
        ("Pedersen (2011)", 776, "pedersen-2011"),
        ("Baek (2020)", 777, "baek-2020"),
        ("Paluskiewicz, 2025", 780, "paluskievicz-2025"),
        ("Snellen (2026)", 780, "snellen-2026"),
        ("Buchholz, 2020", 784, "buchholz-2020"),
        ("Buchholz, 2020", 784, "buchholz-2020"),
        ("Konkin, 2006", 790, "konkin-2006"),
        ("Paluskiewicz, 2025", 790, "paluskievicz-2025"),
        ("Terata, 2020", 808, "terata"),
        ("Buchholz, 2020", 808, "buchholz-2020"),
        # line 823: '(Newman, 2000; de Boer, 2001; Kuo, 2008; Buchholz, 2020; ESMO; NCCN)'
        ("Newman, 2000", 823, "newman-2000"),
        ("de Boer, 2001", 823, "de-boer-2001"),
        ("Kuo, 2008", 823, "kuo-2008"),
        ("Buchholz, 2020", 823, "buchholz-2020"),
        ("ESMO", 823, ""),  # a guideline body without year, not in the reference list
        ("NCCN", 823, ""),
    ]
    assert _citations(modules, "6.1") == [
        ("Van der Venne (2026)", 1115, ""),
        ("Laas (2025)", 1118, ""),
        ("Zorginstituut, 2023", 1142, "zorginstituut-nederland-2023"),
        ("Goncalves, 2022", 1168, "goncalves-2022"),
    ]


def test_citation_problems(modules):
    def kinds(number):
        return [
            (p.kind, p.span.first, p.subject_key)
            for p in modules[number][1]
            if "citation" in p.kind
        ]

    assert kinds("10.1.1") == [
        ("citation-name-variant", 370, "gerke-2025"),
        ("citation-name-variant", 441, "dall-armellina-2025"),
    ]
    assert kinds("9.2.3") == [
        ("citation-wrong-year", 760, "nabon-niv-2012"),
        ("citation-name-variant", 780, "paluskievicz-2025"),
        ("citation-name-variant", 790, "paluskievicz-2025"),
        ("citation-year-unverified", 808, "terata"),
        ("unresolved-citation", 823, "9.2.3"),
        ("unresolved-citation", 823, "9.2.3"),
    ]
    (esmo, nccn) = [p.message for p in modules["9.2.3"][1] if p.span.first == 823]
    assert esmo == (
        "The citation 'ESMO' gives no year and matches no entry of the module's reference list."
    )
    assert "'NCCN'" in nccn
    assert kinds("6.1") == [
        ("unresolved-citation", 1115, "6.1"),
        ("unresolved-citation", 1118, "6.1"),
    ]  # 'Zorginstituut, 2023' (1142) is the short name of 'Zorginstituut Nederland': no variant


def test_a_group_with_particles_and_year_less_items():
    found = find_citations("zie (Smit, 2001; van der Berg 2003a; WHO; zie tabel 2).")
    assert [(c.text, c.name, c.core, c.year) for c in found] == [
        ("Smit, 2001", "Smit", "Smit", 2001),
        ("van der Berg 2003a", "van der Berg", "Berg", 2003),
        ("WHO", "WHO", "WHO", None),
    ]
    # a year-less name alone in parentheses is no citation; nor is a bare year range
    assert find_citations("de richtlijn (ESMO) en 21 studies (2013–2024)") == []


def test_paragraphs_rejoin_across_a_page_break():
    lines = clean_lines(
        ["Het bewijs is beperkt en", "", "55", "", "- 5 onzeker.", "- Een nieuwe alinea."]
    )
    assert [(p.text, p.span) for p in paragraphs(lines)] == [
        ("Het bewijs is beperkt en onzeker.", Span(1, 5)),
        ("Een nieuwe alinea.", Span(6, 6)),
    ]


def test_a_module_without_parts_reports_what_is_missing():
    (section,) = [
        s
        for s in split_sections(clean_lines(["Module 2.1 Leeg", "Alleen tekst."]))
        if s.kind == "module"
    ]
    module = Module("2.1", "Leeg", "", section.span)
    problems = parse_module_body(section, module)
    assert [(p.kind, p.span) for p in problems] == [
        ("missing-question", Span(1, 2)),
        ("missing-recommendations", Span(1, 2)),
        ("missing-references", Span(1, 2)),
    ]
    assert module.evidence_quality is None
