"""Precision of every warning kind the bundled document gives: each is tried on look-alikes.

Issue 14 item 6.  For each kind, a fixture that looks like a false alarm (the kind of text
that set the warning off wrongly, or could) must give no warning, and the true case beside
it must still give one.  The fixtures are written here in other layouts and with other
names than the bundled document.  Warnings that come from SHACL rules over the graph are
tried on Turtle look-alikes in tests/data/shapes (listed in LOOK_ALIKE_FIXTURES).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from test_shapes import CASE, split_fixture

from loaders.parsers.accountability import parse_accountability
from loaders.parsers.accountability_wkkgz import parse_wkkgz
from loaders.parsers.module_body import parse_module_body
from loaders.parsers.people import PeopleRegistry
from loaders.parsers.references import parse_references
from loaders.parsers.sections import split_sections
from loaders.parsers.text import clean_lines
from loaders.records import Module, Problem, Span
from service.gate.validation import load_ontology, load_shapes, validate

SHAPE_FIXTURES = Path(__file__).parent / "data" / "shapes"


# --- helpers ---------------------------------------------------------------------------------


def module_body(considerations: list[str], literature: list[str]) -> tuple[Module, list[Problem]]:
    """A module with one recommendation, the given considerations and reference list, parsed."""
    raw = [
        "Module 4.2 Proefmodule over nacontrole",
        "Uitgangsvraag",
        "Hoe vaak is nacontrole nodig?",
        "Aanbeveling",
        "Eindoordeel: Sterke aanbeveling voor (Doen)",
        "Verricht jaarlijks een mammografie.",
        "Overwegingen",
        *considerations,
        "Literatuur",
        *(f"- {entry}" for entry in literature),
    ]
    (section,) = [s for s in split_sections(clean_lines(raw)) if s.kind == "module"]
    module = Module("4.2", section.title, "", section.span)
    return module, parse_module_body(section, module)


def kinds(problems: list[Problem], *wanted: str) -> list[tuple[str, str]]:
    return [(p.kind, p.subject_key) for p in problems if p.kind in wanted]


def references(*entries: str) -> list[Problem]:
    return parse_references(clean_lines([f"- {entry}" for entry in entries]), "4.2")[1]


def cited_keys(module: Module) -> dict[str, str]:
    return {citation.text: citation.reference_key for citation in module.citations}


JANSEN = (
    "Jansen P, de Wit K. Follow-up after breast conserving therapy. Breast. 2019;45:1-9. "
    "doi: 10.1016/j.breast.2019.01.001. PMID: 30000001."
)
BOSCH = (
    "Bosch A, Smit B. Yearly mammography after treatment. Eur J Cancer. 2018;90:11-19. "
    "doi: 10.1016/j.ejca.2018.01.002. PMID: 30000002."
)
IKNL = (
    "IKNL, 2021c. Richtlijn Mammacarcinoom. Module Nacontrole. Geautoriseerd op 2022. "
    "Te raadplegen via: https://richtlijnendatabase.nl/richtlijn/mammacarcinoom/nacontrole.html"
)
KWF = (
    "KWF Kankerbestrijding. Rapport kanker in Nederland. Amsterdam, 1 maart 2020. "
    "https://www.kwf.nl/rapport-kanker-in-nederland-2020"
)


# --- citations and references (loader) -------------------------------------------------------


def test_unresolved_citation_an_institute_cited_with_a_mistyped_year_resolves() -> None:
    """Looks like the false alarm 'NABON/NIV, 2017': an institute cited with another year."""
    module, problems = module_body(
        ["De module sluit aan bij de richtlijn (IKNL, 2011) en bij Jansen (2019)."],
        [JANSEN, IKNL],
    )
    assert cited_keys(module) == {"IKNL, 2011": "iknl-2021", "Jansen (2019)": "jansen-2019"}
    assert kinds(problems, "unresolved-citation") == []
    assert kinds(problems, "citation-wrong-year") == [("citation-wrong-year", "iknl-2021")]


def test_unresolved_citation_a_body_missing_from_the_list_is_still_reported() -> None:
    module, problems = module_body(
        ["Zie ook de richtlijn (NHG, 2020) en Jansen (2019)."], [JANSEN, IKNL]
    )
    assert cited_keys(module)["NHG, 2020"] == ""
    assert kinds(problems, "unresolved-citation") == [("unresolved-citation", "4.2")]


def test_uncited_reference_cited_only_with_a_mistyped_year_is_cited() -> None:
    """Looks like the false alarm 'nabon-niv-2012 never cited' (cited as 2017)."""
    _, problems = module_body(
        ["Zo beschreven door Bosch (2013) en Jansen (2019)."], [JANSEN, BOSCH]
    )
    assert kinds(problems, "uncited-reference") == []
    assert kinds(problems, "citation-wrong-year") == [("citation-wrong-year", "bosch-2018")]


def test_uncited_reference_never_named_is_still_reported() -> None:
    _, problems = module_body(["Zo beschreven door Jansen (2019)."], [JANSEN, BOSCH])
    assert kinds(problems, "uncited-reference") == [("uncited-reference", "bosch-2018")]


def test_citation_wrong_year_not_when_the_author_is_also_cited_with_the_listed_year() -> None:
    """'Jansen (2016)' next to 'Jansen (2019)': another work of Jansen's, missing from the list."""
    module, problems = module_body(
        ["Jansen (2019) vond dit eerder; Jansen (2016) ook, en Bosch (2018)."], [JANSEN, BOSCH]
    )
    assert cited_keys(module) == {
        "Jansen (2019)": "jansen-2019",
        "Jansen (2016)": "",
        "Bosch (2018)": "bosch-2018",
    }
    assert kinds(problems, "citation-wrong-year") == []
    assert kinds(problems, "unresolved-citation") == [("unresolved-citation", "4.2")]


def test_citation_wrong_year_not_for_years_far_apart() -> None:
    module, problems = module_body(["Bosch (1998) en Jansen (2019)."], [JANSEN, BOSCH])
    assert cited_keys(module)["Bosch (1998)"] == ""
    assert kinds(problems, "citation-wrong-year") == []


def test_citation_name_variant_not_for_an_organisation_cited_by_its_short_name() -> None:
    """Looks like the false alarm 'Zorginstituut, 2023' for 'Zorginstituut Nederland'."""
    short = "Volgens het rapport van KWF Kankerbestrijding (KWF, 2020) en Jansen (2019)."
    module, problems = module_body([short], [JANSEN, KWF])
    assert cited_keys(module)["KWF, 2020"] == "kwf-kankerbestrijding-2020"
    assert kinds(problems, "citation-name-variant") == []


def test_citation_name_variant_not_for_accents_but_for_a_particle_the_list_lacks() -> None:
    accented = (
        "Gonçalves R, Mota B. Oncological safety of fat grafting. BMC Cancer. 2022;22:391. "
        "doi: 10.1186/s12885-022-09485-5. PMID: 35410000."
    )
    module, problems = module_body(
        ["Veilig volgens Goncalves (2022) en volgens von Jansen (2019)."], [accented, JANSEN]
    )
    assert cited_keys(module) == {
        "Goncalves (2022)": "goncalves-2022",
        "von Jansen (2019)": "jansen-2019",
    }
    assert kinds(problems, "citation-name-variant") == [("citation-name-variant", "jansen-2019")]


def test_citation_year_unverified_only_when_the_entry_has_no_year() -> None:
    yearless = "Smit Follow-up of locoregional recurrence: a cohort"
    _, problems = module_body(["Zie Jansen (2019) en (Smit, 2017)."], [JANSEN, yearless])
    assert kinds(problems, "citation-year-unverified") == [("citation-year-unverified", "smit")]


def test_missing_identifier_not_for_a_guideline_or_report_with_a_url() -> None:
    """Looks like the false alarms on 'NIV, 2020. Richtlijn ...' and the Zorginstituut report."""
    assert kinds(references(IKNL, KWF), "missing-identifier") == []


def test_missing_identifier_for_an_article_or_a_bare_title() -> None:
    article = (
        "Visser M, Bakker J. Oncologic safety of lipofilling. Eur J Surg Oncol. 2021;47:100-8."
    )
    bare = "Mulder Loco-regional therapy for isolated axillary recurrence"
    assert kinds(references(article, bare), "missing-identifier") == [
        ("missing-identifier", "visser-2021"),
        ("missing-identifier", "mulder"),
    ]


def test_placeholder_url_only_for_a_placeholder() -> None:
    placeholder = IKNL.replace(
        "https://richtlijnendatabase.nl/richtlijn/mammacarcinoom/nacontrole.html", "xxx"
    )
    assert kinds(references(IKNL), "placeholder-url", "missing-identifier") == []
    assert kinds(references(placeholder), "placeholder-url", "missing-identifier") == [
        ("placeholder-url", "iknl-2021")
    ]


def test_missing_pmid_not_for_a_guideline_or_a_pmid_without_space() -> None:
    guideline = "NVvR, 2019. Richtlijn Borstkankerscreening. doi: 10.1000/nvvr.2019.1."
    tight = JANSEN.replace("PMID: 30000001", "PMID:30000001")
    without = JANSEN.replace(" PMID: 30000001.", "")
    assert kinds(references(guideline, tight), "missing-pmid") == []
    assert kinds(references(without), "missing-pmid") == [("missing-pmid", "jansen-2019")]


def test_pmcid_as_pmid_not_for_a_labelled_pmcid() -> None:
    labelled = JANSEN.replace("PMID: 30000001.", "PMID: 30000001; PMCID: PMC7000001.")
    mislabelled = JANSEN.replace("PMID: 30000001.", "PMID: PMC7000001.")
    assert kinds(references(labelled), "pmcid-as-pmid") == []
    assert kinds(references(mislabelled), "pmcid-as-pmid") == [("pmcid-as-pmid", "jansen-2019")]


def test_incomplete_reference_not_for_an_organisation_with_a_year() -> None:
    assert kinds(references(IKNL, KWF), "incomplete-reference") == []
    bare = "Mulder Loco-regional therapy for isolated axillary recurrence"
    assert kinds(references(bare), "incomplete-reference") == [("incomplete-reference", "mulder")]


# --- recommendations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "contradictory"),
    [
        ("Zwakke (conditionele) aanbeveling voor", False),  # weak and conditional: one strength
        ("Conditionele aanbeveling tegen (Niet doen)", False),
        ("Sterke conditionele aanbeveling voor", True),
    ],
)
def test_contradictory_verdict_only_for_two_strengths(verdict: str, contradictory: bool) -> None:
    raw = [
        "Module 4.3 Proef",
        "Uitgangsvraag",
        "Wat werkt?",
        "Aanbeveling",
        f"Eindoordeel: {verdict}",
        "Doe A.",
        "Literatuur",
    ]
    (section,) = [s for s in split_sections(clean_lines(raw)) if s.kind == "module"]
    module = Module("4.3", section.title, "", section.span)
    problems = parse_module_body(section, module)
    assert bool(kinds(problems, "contradictory-verdict")) is contradictory
    assert (module.recommendations[0].strength == "unknown") is contradictory


# --- panels and declarations -----------------------------------------------------------------

HEADER = (
    "Naam\tHoofdfunctie\tNevenwerkzaamheden\tPersoonlijke financiële belangen\t"
    "Persoonlijke relaties\tExtern gefinancierd onderzoek\tIntellectuele belangen en reputatie\t"
    "Overige belangen"
)


def accountability(rows: list[str], members: list[str]) -> list[Problem]:
    raw = [
        "Verantwoording module 5.1 Proefmodule",
        "Initiatief: NVvR",
        "Samenstelling van de werkgroep",
        "Betrokken clusterexpertisegroepsleden",
        *members,
        "Belangenverklaringen",
        "Clusterexpertisegroepleden",
        HEADER,
        *rows,
        "Kwalitatieve raming van mogelijke financiële gevolgen in het kader van de Wkkgz",
        "Module\tUitkomst kwalitatieve raming\tToelichting",
        "Module Proefmodule\tgeen substantiële financiële gevolgen\tNiet breed toepasbaar.",
    ]
    section = split_sections(clean_lines(raw))[0]
    registry = PeopleRegistry()
    module = Module(section.number, section.title, "", section.span)
    return parse_accountability(section, module, registry) + registry.problems()


def test_duplicate_entry_not_for_two_projects_of_one_funder_or_numbered_phases() -> None:
    research = (
        "* KWF - Effect of exercise during adjuvant chemotherapy, phase 1 trial - Projectleider "
        "* KWF - Effect of exercise during adjuvant chemotherapy, phase 2 trial - Projectleider "
        "* KWF - Quality of life after breast reconstruction in young women - Projectleider"
    )
    row = f"Piet Jansen\tRadioloog, LUMC\tGeen\tGeen\tGeen\t{research}\tGeen\tGeen"
    problems = accountability([row], ["- P. (Piet) Jansen, Radioloog, NVvR"])
    assert kinds(problems, "duplicate-entry") == []


def test_duplicate_entry_for_a_project_listed_again_in_other_words() -> None:
    research = (
        "* Oncode - Selection of patients for carboplatin by repair capacity (Projectleider) "
        "* ZonMw - Imaging after neoadjuvant therapy (Geen projectleider) "
        "* Oncod - Selection of patients for carboplatin by repair capacity test (Projectleider)"
    )
    row = f"Piet Jansen\tRadioloog, LUMC\tGeen\tGeen\tGeen\t{research}\tGeen\tGeen"
    problems = accountability([row], ["- P. (Piet) Jansen, Radioloog, NVvR"])
    assert kinds(problems, "duplicate-entry") == [("duplicate-entry", "piet-jansen")]


def test_name_variant_not_for_two_people_sharing_a_given_name() -> None:
    registry = PeopleRegistry()
    registry.person_for("F. (Femke) Intema", Span(1, 1))
    registry.person_for("F. (Femke) van der Leij", Span(2, 2))
    registry.person_for("Femke van der Leij", Span(3, 3))
    assert kinds(registry.problems(), "name-variant") == []
    registry.person_for("Femke Intemma", Span(4, 4))
    assert kinds(registry.problems(), "name-variant") == [("name-variant", "femke-intema")]


def test_organisation_variant_not_for_a_known_abbreviation_or_full_name() -> None:
    registry = PeopleRegistry()
    for text in ("NVvR", "Nederlandse Vereniging voor Radiologie", "NVvH"):
        registry.organisation_for(text, Span(1, 1))
    assert kinds(registry.problems(), "organisation-variant") == []
    registry.organisation_for("Nederlandse Vereeniging voor Radiologie", Span(2, 2))
    assert kinds(registry.problems(), "organisation-variant") == [("organisation-variant", "nvvr")]


def test_wkkgz_rows_of_this_module_in_other_words_are_neither_foreign_nor_garbled() -> None:
    lines = clean_lines(
        [
            "Module\tUitkomst kwalitatieve raming\tToelichting",
            "Module Nacontrole na borstsparende therapie\tgeen substantiële financiële gevolgen"
            "\tNiet breed toepasbaar.",
        ]
    )
    _, problems = parse_wkkgz(lines, "4.2", "Nacontrole na borstsparende behandeling")
    assert problems == []


def test_wkkgz_a_row_of_another_module_split_over_cells_is_both() -> None:
    lines = clean_lines(
        [
            "Module\tUitkomst kwalitatieve raming\tToelichting",
            "Module Nacontrole na borstsparende behandeling\tgeen substantiële financiële gevolgen"
            "\tNiet breed toepasbaar.",
            "Module lipofilling\tAutologe\tgeen gevolgen\tsubstantiële\tfinanciële\tNiet breed.",
        ]
    )
    _, problems = parse_wkkgz(lines, "4.2", "Nacontrole na borstsparende behandeling")
    assert sorted(p.kind for p in problems) == ["foreign-table-row", "garbled-table-row"]


# --- rules over the graph (SHACL) ----------------------------------------------------------------

LOOK_ALIKE_FIXTURES = {
    # shape: (look-alike that must conform, true case that must give the warning)
    "ConsistentDeclarationShape": (
        "consistent-declaration-formatting-only",
        "consistent-declaration-only-in-earlier",
    ),
    "CopiedDeclarationShape": ("copied-declaration-valid", "copied-declaration-copied-categories"),
    "ClusterMemberListedShape": (
        "cluster-member-listed-valid",
        "cluster-member-listed-missing-from-cluster",
    ),
    "SharedIdentifierShape": ("shared-identifier-valid", "shared-identifier-doi-differs-in-case"),
    "DuplicateSourceShape": ("duplicate-source-valid", "duplicate-source-same-journal-volume-page"),
    "CitationResolvesShape": ("citation-resolves-valid", "citation-resolves-unresolved"),
    "ReferenceCitedShape": ("reference-cited-valid", "reference-cited-never-cited"),
    "RecommendationStatedShape": (
        "recommendation-stated-valid",
        "recommendation-stated-unknown-strength",
    ),
}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.mark.parametrize("shape", sorted(LOOK_ALIKE_FIXTURES))
def test_graph_rule_gives_no_warning_on_its_look_alike(shape: str, ontology, shapes) -> None:  # noqa: ANN001
    look_alike, true_case = LOOK_ALIKE_FIXTURES[shape]
    for name, expected in ((look_alike, set()), (true_case, {shape})):
        data, header = split_fixture(SHAPE_FIXTURES / f"{name}.ttl")
        assert str(next(header.objects(None, CASE.shape))).endswith(shape)
        found = {
            r.shape.rsplit("#", 1)[-1]
            for r in validate(data, ontology=ontology, shapes=shapes).warnings
        }
        assert found == expected, name
