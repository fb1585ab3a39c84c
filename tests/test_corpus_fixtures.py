"""Documents laid out differently from the bundled one, read through `loaders.load`.

Five fixtures (tests/data/corpus/), each written for these tests:
- heupfractuur-2019.txt: an older evidence-based guideline without cluster or margin
  numbers: 'Werkgroep'/'Klankbordgroep' panels without bullets, a five-column interest
  table ('Gemelde belangen', 'Ondernomen actie'), numbered sub-recommendations without a
  verdict, 'Onderbouwing' with EBRO conclusions ('Niveau 2' ... 'B Verbeek 2012'), results
  under 'Samenvatting literatuur', a numbered reference list, citations with 'et al.' and
  without parentheses, and a module without a number;
- longkanker-cluster-2025.txt: a cluster document re-laid-out: upper-case and colon
  headings, a table in a recommendation, GRADE conclusions per outcome, a six-column
  interest table, Harvard-style references, citations 'e.a.', 'en', '&' and bare; its
  module 6.1 has the same number as the bundled document's module 6.1;
- colorectal-cancer-en.txt: English headings, verdicts and GRADE wording, an
  eight-column interest table in English, a numbered reference list cited as '[1, 2]';
- osteoporose-html/: two module pages of the guideline site saved as HTML.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from corpus_truth import (
    BISPHOSPHONATES,
    COLORECTAL,
    EXPECTED,
    HIP,
    KINDS,
    LUNG,
    PAGES,
    SCREENING,
    facts,
)
from holdout_truth import EXPECTED as HOLDOUT

from loaders import load
from loaders.errors import SourceError
from loaders.readers import expand, reader_for
from loaders.records import Document


@pytest.fixture(scope="module")
def documents() -> dict[Path, Document]:
    return {path: load(path) for path in EXPECTED}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda path: path.name)
def test_every_fact_of_every_kind_is_read(
    documents: dict[Path, Document], path: Path, kind: str
) -> None:
    assert facts(documents[path])[kind] == EXPECTED[path][kind]


def test_readers_are_chosen_by_content_and_folders_are_expanded(tmp_path: Path) -> None:
    assert reader_for(HIP).name == "text-export"
    assert reader_for(SCREENING).name == "html-page"
    renamed = tmp_path / "page.txt"
    renamed.write_bytes(SCREENING.read_bytes())
    assert reader_for(renamed).name == "html-page"  # the content decides, not the suffix
    assert expand([PAGES, SCREENING]) == [BISPHOSPHONATES, SCREENING]  # named once, by name


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="the folder holds no source file"):
        expand([tmp_path])


def test_languages_and_formats(documents: dict[Path, Document]) -> None:
    assert {path.name: d.language for path, d in documents.items()} == {
        "heupfractuur-2019.txt": "nl",
        "longkanker-cluster-2025.txt": "nl",
        "colorectal-cancer-en.txt": "en",
        "screening-na-fractuur.html": "nl",
        "duur-behandeling-bisfosfonaten.html": "nl",
    }
    page = documents[SCREENING].source
    assert (page.format, page.line_count) == ("html-page", 139)
    assert page.address == (
        "https://richtlijnendatabase.nl/richtlijn/osteoporose_en_fractuurpreventie/"
        "screening_na_fractuur.html"
    )


def test_html_records_know_their_element(documents: dict[Path, Document]) -> None:
    document = documents[SCREENING]
    module = document.modules[0]
    recommendation = module.recommendations[0]
    assert recommendation.span.first == 43
    assert document.locations[43] == "#aanbeveling > h2:nth-of-type(1)"
    table = recommendation.tables[0]
    assert table.span.first == 49
    assert document.locations[49] == (
        "#aanbeveling > table:nth-of-type(1) > thead:nth-of-type(1) > tr:nth-of-type(1)"
    )
    declaration = next(d for d in module.declarations if d.person_key == "daan-koster")
    assert declaration.span.first == 131
    assert document.locations[131].endswith("tbody:nth-of-type(1) > tr:nth-of-type(2)")
    assert (module.span.first, module.accountability_span.first) == (23, 109)
    guideline = document.guidelines[0]
    assert (guideline.title, guideline.span.first) == ("Osteoporose en fractuurpreventie", 18)


def test_interest_tables_of_five_to_eight_columns(documents: dict[Path, Document]) -> None:
    hip = {d.person_key: d for d in documents[HIP].modules[0].declarations}
    kuipers = hip["hans-kuipers"]
    assert (kuipers.main_position, kuipers.side_activities) == (
        "Hoogleraar orthopedie, Maastricht UMC+",
        "Consultant Stryker (betaald)",
    )
    assert kuipers.reported_interests == "Onderzoeksfinanciering Stryker voor een implantaatstudie"
    assert kuipers.action == "Geen trekker van de module over implantaatkeuze"
    assert kuipers.research_funding == kuipers.other_interests == ""
    lung = {d.person_key: d for d in documents[LUNG].modules[0].declarations}
    assert lung["wouter-brinkman"].other_interests == "Adviesraad AstraZeneca (betaald)"
    assert lung["agnes-jager"].research_funding == "KWF - RADIANT-studie (Projectleider)"
    assert lung["agnes-jager"].personal_relations == ""  # no such column
    english = {d.person_key: d for d in documents[COLORECTAL].modules[0].declarations}
    assert english["tessa-vos"].financial_interests == "Shares in a medical device start-up"
    assert english["karim-el-amrani"].other_interests == "Speaker fee GE Healthcare (paid)"
    assert [(i.kind, i.paid) for i in english["karim-el-amrani"].interests] == [
        ("employment", None),
        ("other", True),
    ]
    assert [i.kind for i in english["tessa-vos"].interests] == ["employment", "financial"]
    seven = {d.person_key: d for d in documents[BISPHOSPHONATES].modules[0].declarations}
    assert seven["femke-haverkamp"].research_funding == "ZonMw - DXA-FRAX studie (Projectleider)"
    assert seven["rianne-dekker"].side_activities == "Kaderhuisarts bewegingsapparaat"


def test_conclusions_keep_level_as_written_and_sources(documents: dict[Path, Document]) -> None:
    ebro = documents[HIP].modules[0].conclusions[0]
    assert (ebro.level_text, ebro.sources, ebro.span.first, ebro.span.last) == (
        "Niveau 2",
        "B Verbeek 2012, Lindqvist 2018",
        65,
        67,
    )
    assert ebro.text == (
        "Het is aannemelijk dat opereren binnen 24 uur na opname samenhangt met een lagere "
        "sterfte binnen 30 dagen."
    )
    grade = documents[LUNG].modules[0].conclusions[0]
    assert (grade.level_text, grade.sources) == (
        "Laag GRADE",
        "Bronnen: Visser, 2019; Okonkwo, 2022",
    )
    row = documents[SCREENING].modules[0].conclusions[0]
    assert (row.level_text, row.sources) == (
        "Laag GRADE",
        "Bronnen: (Haverkamp, 2017; Lindgren, 2019)",
    )
    assert row.text == (
        "Screening en behandeling na een fractuur verminderen mogelijk het aantal nieuwe "
        "klinische fracturen."
    )


def test_references_in_other_layouts(documents: dict[Path, Document]) -> None:
    visser = next(r for r in documents[LUNG].modules[0].references if r.key == "visser-2019")
    assert (visser.authors, visser.year, visser.journal, visser.volume, visser.pages) == (
        ["Visser MJ", "Jansen R", "Bos T"],
        2019,
        "Lung Cancer",
        "130",
        "15-21",
    )
    assert visser.title == (
        "Long-term survival after stereotactic radiotherapy for oligometastatic lung cancer: "
        "a cohort study"
    )
    hendriks = documents[COLORECTAL].modules[0].references[0]
    assert hendriks.text.startswith("Hendriks AB, de Vries MC, Tol JA. Intensive versus")
    assert (hendriks.label, hendriks.pmid) == ("1", "29601234")


def test_accountability_without_number_is_paired_with_its_module(
    documents: dict[Path, Document],
) -> None:
    module = documents[HIP].modules[1]
    assert (module.slug, module.accountability_span.first, module.span.first) == (
        "vroege-mobilisatie",
        87,
        105,
    )


def test_no_fixture_leaves_a_citation_unresolved_or_a_list_entry_unread(
    documents: dict[Path, Document],
) -> None:
    kinds = {p.kind for document in documents.values() for p in document.problems}
    assert not kinds & {
        "unresolved-citation",
        "unlisted-text",
        "empty-composition",
        "missing-question",
        "missing-recommendations",
        "missing-references",
        "undeclared-member",
        "missing-declaration",
        "uncited-reference",
    }


def test_the_cluster_document_reports_its_missing_wkkgz_and_nothing_else(
    documents: dict[Path, Document],
) -> None:
    missing = [p.kind for d in documents.values() for p in d.problems if p.kind == "missing-wkkgz"]
    assert missing == ["missing-wkkgz"]  # only the cluster module lacks its Wkkgz table
    lung = documents[LUNG]
    assert (lung.cluster.key, lung.cluster.cycle) == ("longkanker", "Eerste cyclus 2025")


def test_findings_from_the_literature_summary(documents: dict[Path, Document]) -> None:
    finding = next(
        f for f in documents[COLORECTAL].modules[0].findings if f.measure == "sensitivity"
    )
    assert (finding.value, finding.lower, finding.upper, finding.confidence) == (
        Decimal("0.86"),
        Decimal("0.78"),
        Decimal("0.92"),
        Decimal("0.95"),
    )
    assert finding.span.first == 53


def test_panel_functions_after_the_name_and_lists_without_a_group_heading() -> None:
    """Two gaps the hold-out fixtures found (see tests/holdout_truth.py), now closed."""
    for path, expected in HOLDOUT.items():
        found = facts(load(path))
        assert found["memberships"] == expected["memberships"], path.name
        assert found["declarations"] == expected["declarations"], path.name
        assert found["people"] == expected["people"], path.name
