"""Recommendations of the bundled document, and of small synthetic modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.parsers.module_body import parse_module_body
from loaders.parsers.recommendations import normalise_verdict
from loaders.parsers.sections import split_sections
from loaders.parsers.text import clean_lines, read_source
from loaders.records import Module, Span

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"


def _modules() -> dict[str, tuple[Module, list]]:
    parsed = {}
    for section in split_sections(read_source(SOURCE)[1]):
        if section.kind == "module":
            module = Module(section.number, section.title, "", section.span)
            parsed[section.number] = (module, parse_module_body(section, module))
    return parsed


@pytest.fixture(scope="module")
def modules() -> dict[str, tuple[Module, list]]:
    return _modules()


def test_four_recommendations_with_keys_and_labels(modules):
    found = [
        (r.key, r.label, r.span)
        for number in ("10.1.1", "9.2.3", "6.1")
        for r in modules[number][0].recommendations
    ]
    assert found == [
        ("10.1.1-1", "Aanbeveling-1 Aanvullende MRI", Span(336, 342)),
        ("10.1.1-2", "Aanbeveling-2 overige PET-tracers", Span(344, 354)),
        ("9.2.3-1", "Aanbeveling", Span(748, 760)),
        ("6.1-1", "Aanbeveling", Span(1091, 1099)),
    ]


def test_verdicts_verbatim_and_normalised(modules):
    found = [
        (r.verdict, r.strength, r.direction)
        for number in ("10.1.1", "9.2.3", "6.1")
        for r in modules[number][0].recommendations
    ]
    assert found == [
        ("Conditionele aanbeveling voor (Doen in geselecteerde gevallen)", "weak", "for"),
        (
            "Conditionele aanbeveling tegen (Niet doen, behalve in onderzoeksverband of "
            "specifieke gevallen).",
            "weak",
            "against",
        ),
        ("Conditionele aanbeveling voor (Doen)", "weak", "for"),
        ("[Sterke conditionele aanbeveling voor]", "unknown", "for"),
    ]


def test_statements_of_module_10_1_1(modules):
    first, second = modules["10.1.1"][0].recommendations
    assert [(s.text, s.span) for s in first.statements] == [
        (
            "Gebruik FDG-PET/CT als standaardmodaliteit voor het detecteren van oligometastasen "
            "bij borstkanker.",
            Span(340, 340),
        ),
        (
            "Verricht een aanvullende MRI van wervelkolom, bekken of lever uitsluitend in "
            "geselecteerde situaties waarin de PET/CT-bevindingen onzeker zijn en/of de uitslag "
            "directe consequenties heeft voor de lokale behandelstrategie.",
            Span(342, 342),
        ),
    ]
    assert [(s.text, s.span) for s in second.statements] == [
        ("Voer niet standaard een PET/CT met ¹⁸FES uit.", Span(350, 350)),
        (
            "Gebruik ¹⁸FES-PET/CT in uitzonderlijke klinische situaties waarin FDG-PET/CT "
            "onvoldoende informatie geeft, biopteren niet de voorkeur heeft en de uitslag directe "
            "consequenties heeft voor de behandelkeuze.",
            Span(352, 352),
        ),
        (
            "Gebruik NaF¹⁸ PET/CT bij onduidelijke of discrepante bevindingen van (mogelijke) "
            "botmetastasen, en bij lokale beschikbaarheid als alternatief voor de "
            "Tc^{99m}-HPD-botscan.",
            Span(354, 354),
        ),
    ]


def test_statements_of_module_9_2_3(modules):
    (recommendation,) = modules["9.2.3"][0].recommendations
    # line 760 advises twice: radiotherapy may be considered; systemic therapy is preferred
    assert [s.span.first for s in recommendation.statements] == [752, 754, 756, 758, 760, 760]
    assert recommendation.statements[1].text == (
        "Na chirurgische excisie wordt regionale (re)radiotherapie uitgevoerd. (Zie module 9.2.1)"
    )
    assert recommendation.statements[5].text.endswith(
        "zie ook module 9.2.4 Neoadjuvante systemische behandeling locoregionaal recidief "
        "(NABON/NIV, 2017)"
    )


def test_statements_of_module_6_1(modules):
    (recommendation,) = modules["6.1"][0].recommendations
    # line 1098: 'Geef aan ...' and then 'Geen indicatie voor routinematig ... follow-up'
    assert [s.span.first for s in recommendation.statements] == [
        1095, 1096, 1097, 1098, 1098, 1099
    ]  # fmt: skip
    assert recommendation.statements[2].text == (
        "Bespreek de nadelen van AFT zoals behandelbelasting, maar ook kans op vetnecrose met "
        "soms zwelling en pijnklachten met als gevolg diagnostische dilemma's en noodzaak tot "
        "biopten"
    )
    assert recommendation.statements[5].text == (
        "Zorg voor duidelijke informatie en gedeelde besluitvorming afgestemd op de voorkeuren "
        "en situatie van de patiënt."
    )


def test_self_contradictory_verdict_is_a_problem(modules):
    problems = [p for p in modules["6.1"][1] if p.kind == "contradictory-verdict"]
    assert [(p.span, p.subject_key) for p in problems] == [(Span(1093, 1093), "6.1-1")]
    assert "[Sterke conditionele aanbeveling voor]" in problems[0].message
    assert not [p for p in modules["10.1.1"][1] if p.kind == "contradictory-verdict"]


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        ("Sterke aanbeveling voor", ("strong", "for")),
        ("Sterke aanbeveling tegen (Niet doen)", ("strong", "against")),
        ("Zwakke aanbeveling voor", ("weak", "for")),
        ("Geen aanbeveling", ("unknown", "unknown")),
        # self-contradictory: kept visible as 'unknown', never silently normalised
        ("Sterke zwakke aanbeveling tegen", ("unknown", "against")),
        ("Sterke aanbeveling voor en aanbeveling tegen", ("strong", "unknown")),
    ],
)
def test_normalise_verdict(verdict, expected):
    assert normalise_verdict(verdict)[:2] == expected


def test_a_synthetic_module_with_three_recommendations():
    raw = [
        "Module 1.2 Iets anders",
        "Uitgangsvraag",
        "Wat werkt?",
        "Aanbevelingen",
        "Aanbeveling 1 eerste",
        "Eindoordeel: Sterke aanbeveling voor (Doen)",
        "Doe A.",
        "Aanbeveling 2 tweede",
        "Eindoordeel:",
        "",
        "Zwakke aanbeveling tegen",
        "- Doe B niet.",
        "- Doe C niet.",
        "Aanbeveling 3 derde",
        "Doe D.",
        "Literatuur",
    ]
    (section,) = [s for s in split_sections(clean_lines(raw)) if s.kind == "module"]
    module = Module("1.2", "Iets anders", "", section.span)
    problems = parse_module_body(section, module)
    assert [(r.key, r.label, r.strength, r.direction) for r in module.recommendations] == [
        ("1.2-1", "Aanbeveling 1 eerste", "strong", "for"),
        ("1.2-2", "Aanbeveling 2 tweede", "weak", "against"),
        ("1.2-3", "Aanbeveling 3 derde", "unknown", "unknown"),
    ]
    assert [s.text for s in module.recommendations[1].statements] == ["Doe B niet.", "Doe C niet."]
    assert [(p.kind, p.span) for p in problems if p.kind == "missing-verdict"] == [
        ("missing-verdict", Span(14, 15))
    ]
