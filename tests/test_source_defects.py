"""Defects of the source document that the build reports, pinned by the document's own lines.

Issue 14 items 5 and 8.  Each defect found by reading the bundled document is checked
twice: the text really says it (the lines themselves), and the build reports it on those
lines.  The same checks run on a small document of another cluster (other names, other
layout) and on copies of the bundled document with one defect put in, for the shape gaps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace

from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from loaders.records import Document
from service.gate.validation import ValidationResult, load_ontology, load_shapes, validate
from service.pipeline.build import BUNDLED_SOURCE

DATA = "https://w3id.org/gkg/"
CITO = Namespace("http://purl.org/spar/cito/")
LINES = BUNDLED_SOURCE.read_text("utf-8").split("\n")


def line(number: int) -> str:
    return LINES[number - 1]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def document() -> Document:
    return parse_document(BUNDLED_SOURCE)


@pytest.fixture(scope="module")
def graph(document: Document) -> Graph:
    return build_graph(document)


@pytest.fixture(scope="module")
def report(graph: Graph, ontology: Graph, shapes: Graph) -> ValidationResult:
    return validate(graph, ontology=ontology, shapes=shapes)


def warnings(result: ValidationResult, shape: str) -> list[tuple[str, str, str]]:
    """(focus node without the base IRI, source lines, English message) of one shape."""
    return sorted(
        (r.focus_node.removeprefix(DATA), r.lines, r.message_en)
        for r in result.results
        if r.shape.endswith(f"#{shape}")
    )


def problems(document: Document, kind: str) -> list[tuple[int, int, str]]:
    return [(p.span.first, p.span.last, p.message) for p in document.problems if p.kind == kind]


# --- item 5: defects the build used to miss ----------------------------------------------------


def test_a_declaration_row_copied_from_another_persons_row(report: ValidationResult) -> None:
    # Leonie Woerdeman's row in 9.2.3 (lines 720-722) holds Andrzej Piatkowski de Grzymala's
    # financial interests and reputation from his row in 6.1 (line 1069), word for word.
    for copied in (
        "Dienstverband MUMC+ Aandeelhouder MOOI kliniek",
        "Bekendheid van de AFT-procedure",
    ):
        assert copied in line(720).split("\t") and copied in line(1069).split("\t")
    assert line(720).startswith("Leonie Woerdenman\tPlastisch chirurg Anton van Leeuwenhoek")
    assert line(1069).startswith("Andrzej Piatkowski de Grzymala\t")
    # One warning for the pair: which of two identical rows is the copy, the data cannot tell.
    ((focus, lines, message),) = warnings(report, "CopiedDeclarationShape")
    rows = {
        "declaration/borstkanker/9.2.3/leonie-woerdeman/expertise": "720-722",
        "declaration/borstreconstructie/6.1/andrzej-piatkowski-de-grzymala/expertise": "1069",
    }
    assert rows[focus] == lines
    (other,) = set(rows) - {focus}
    assert f"{DATA}{other}" in message
    assert "personalFinancialInterests" in message and "intellectualInterests" in message


def test_a_research_entry_repeated_within_one_row(document: Document) -> None:
    # Agnes Jager's research column lists 'Oncode - Selection of advanced breast cancer patients
    # for carboplatin ...' as item 1 and again as item 5, and the Pfizer project as 2 and 6.
    assert "1. Oncode - Selection of advanced breast cancer" in line(285)
    assert "5. Oncode - Selection of advanced breast cancer" in line(288)
    assert "1. Onco - Selection of advanced breast cancer" in line(702)  # 'Onco': other words
    assert "5. Oncode - Selection of advanced breast cancer" in line(705)
    found = problems(document, "duplicate-entry")
    assert [(first, last) for first, last, _ in found] == [
        (285, 288),  # 10.1.1, steering group
        (298, 300),  # 10.1.1, expertise group
        (702, 705),  # 9.2.3
        (1060, 1063),  # 6.1
    ]
    assert all("lists 2 entries twice: research 'Onco" in message for _, _, message in found)
    assert "'Onco - Selection" in found[2][2] and "in other words" in found[2][2]


def test_a_panel_member_missing_from_the_cluster_list(report: ValidationResult) -> None:
    # Celien Vreuls is in the expertise group of module 9.2.3 (line 654) and declares there
    # (line 713), but the cluster's own expertise group (lines 96-133) does not list her.
    assert line(654) == "- 35 • C.P.H. (Celien) Vreuls, Patholoog, NVVP"
    assert not any("Vreuls" in line(number) for number in range(81, 143))
    assert warnings(report, "ClusterMemberListedShape") == [
        (
            "membership/borstkanker/9.2.3/expertise/celien-vreuls",
            "654",
            "Celien Vreuls is listed in the Clusterexpertisegroep of module 9.2.3 but is missing "
            "from the cluster's own list of that group.",
        )
    ]


def test_a_reference_cited_with_the_wrong_year(
    document: Document, graph: Graph, report: ValidationResult
) -> None:
    # Line 760 cites '(NABON/NIV, 2017)' for the module 'Neoadjuvante systemische behandeling
    # locoregionaal recidief', listed on line 918 as 'NABON/ NIV, 2012c'.
    assert line(760).endswith(
        "Neoadjuvante systemische behandeling locoregionaal recidief (NABON/NIV, 2017)"
    )
    assert line(918).startswith(
        "- NABON/ NIV, 2012c. Richtlijn Borstkanker. Module Borstkanker – Neoadjuvante"
    )
    assert problems(document, "citation-wrong-year") == [
        (
            760,
            760,
            "The citation 'NABON/NIV, 2017' gives the year 2017, but the reference "
            "'nabon-niv-2012' it names is listed with the year 2012.",
        )
    ]
    citation = URIRef(f"{DATA}module/borstkanker/9.2.3/citation/1")
    assert graph.value(citation, CITO.hasCitedEntity) == URIRef(f"{DATA}reference/nabon-niv-2012")
    assert ("module/borstkanker/9.2.3/citation/1", "760") not in {
        (focus, lines) for focus, lines, _ in warnings(report, "CitationResolvesShape")
    }
    assert "reference/nabon-niv-2012" not in {
        f for f, _, _ in warnings(report, "ReferenceCitedShape")
    }


def test_the_same_source_listed_twice_in_other_words(report: ValidationResult) -> None:
    # Line 1181 (Tian W ... 'Meta-analysis of the oncological safety of autologous fat transfer')
    # is Gonçalves R ... (line 1178) again: same journal, volume, article number and DOI.
    assert "*BMC Cancer*. 2022 Apr;22:391. doi: 10.1186/s12885-022-09485-5." in line(1178)
    assert "*BMC Cancer*. 2022;22:391. doi: 10.1186/s12885-022-09485-5." in line(1181)
    assert warnings(report, "SharedIdentifierShape") == [
        (
            "reference/tian-2022",
            "1181",
            f"This reference lists the same publication as {DATA}reference/goncalves-2022 (both "
            "give 10.1186/s12885-022-09485-5), in other words (other authors or title).",
        )
    ]


# --- item 5 on a document of another cluster -----------------------------------------------------

OTHER_CLUSTER = """\
Cluster Longkanker

Samenstelling van het cluster

Clusterexpertisegroep

- P. (Piet) Jansen, Longarts, NVALT
- K. (Kim) de Vries, Radiotherapeut, NVRO

Verantwoording module 2.1 Stereotactische radiotherapie

Initiatief: NVALT

Samenstelling van de werkgroep

Betrokken clusterexpertisegroepsleden

- P. (Piet) Jansen, Longarts, NVALT
- K. (Kim) de Vries, Radiotherapeut, NVRO
- T. (Tom) Klaassen, Longchirurg, NVvH

Belangenverklaringen

Clusterexpertisegroepleden

Naam\tHoofdfunctie\tNevenwerkzaamheden\tPersoonlijke financiële belangen\tPersoonlijke relaties\t\
Extern gefinancierd onderzoek\tIntellectuele belangen en reputatie\tOverige belangen
Piet Jansen\tLongarts, Radboudumc\tVoorzitter werkgroep longoncologie (onbetaald)\t\
Aandeelhouder Longkliniek Oost BV\tGeen\t* KWF - Stereotactische radiotherapie bij \
oligometastasen van longkanker: een gerandomiseerde studie - Projectleider \
* ZonMw - Beeldvorming na SBRT - Geen projectleider * KWF - Stereotactische radiotherapie bij \
oligometastasen van longkanker, gerandomiseerde studie (Projectleider)\t\
Spreker over SBRT op congressen\tGeen
Kim de Vries\tRadiotherapeut, UMC Utrecht\tGeen\tAandeelhouder Longkliniek Oost BV\tGeen\t\
* ZonMw - Beeldvorming na SBRT - Geen projectleider\tSpreker over SBRT op congressen\tGeen
Tom Klaassen\tLongchirurg, LUMC\tGeen\tGeen\tGeen\tGeen\tGeen\tGeen

Module 2.1 Stereotactische radiotherapie

Uitgangsvraag

Wat is de plaats van stereotactische radiotherapie?

Aanbeveling

Eindoordeel: Sterke aanbeveling voor (Doen)

Overweeg stereotactische radiotherapie bij oligometastasen (Jansen, 2021; NVALT, 2018).

Overwegingen

De behandeling is kort en wordt goed verdragen.

Literatuur

- Jansen P, de Vries K. SBRT for oligometastatic lung cancer. Lung Cancer. 2020;140:1-9. \
doi: 10.1016/j.lungcan.2020.01.001. PMID: 32000001.
- NVALT, 2019. Richtlijn Niet-kleincellig longcarcinoom. Te raadplegen via: \
https://richtlijnendatabase.nl/richtlijn/nscl
- Visser M. SBRT in the elderly. Lung cancer. 2020;140:1-9.
"""


@pytest.fixture(scope="module")
def other_cluster(tmp_path_factory: pytest.TempPathFactory, ontology: Graph, shapes: Graph):  # noqa: ANN201
    path = tmp_path_factory.mktemp("other-cluster") / "longkanker.txt"
    path.write_text(OTHER_CLUSTER, "utf-8")
    parsed = parse_document(path)
    return parsed, validate(build_graph(parsed), ontology=ontology, shapes=shapes)


def test_other_cluster_copied_row_and_member_missing_from_the_cluster_list(other_cluster) -> None:  # noqa: ANN001
    _, result = other_cluster
    assert [(f, lines) for f, lines, _ in warnings(result, "CopiedDeclarationShape")] == [
        ("declaration/longkanker/2.1/piet-jansen/expertise", "27")
    ]
    assert [(f, lines) for f, lines, _ in warnings(result, "ClusterMemberListedShape")] == [
        ("membership/longkanker/2.1/expertise/tom-klaassen", "20")
    ]


def test_other_cluster_repeated_entry_wrong_years_and_same_source(other_cluster) -> None:  # noqa: ANN001
    parsed, result = other_cluster
    assert [(first, last) for first, last, _ in problems(parsed, "duplicate-entry")] == [(27, 27)]
    assert [message for *_, message in problems(parsed, "citation-wrong-year")] == [
        "The citation 'Jansen, 2021' gives the year 2021, but the reference 'jansen-2020' it "
        "names is listed with the year 2020.",
        "The citation 'NVALT, 2018' gives the year 2018, but the reference 'nvalt-2019' it "
        "names is listed with the year 2019.",
    ]
    assert [(f, lines) for f, lines, _ in warnings(result, "DuplicateSourceShape")] == [
        ("reference/visser-2020", "51")
    ]


# --- item 8: shape gaps, on copies of the bundled document with one defect put in ----------------


def validated_copy(tmp_path: Path, old: str, new: str, ontology: Graph, shapes: Graph):  # noqa: ANN201
    text = BUNDLED_SOURCE.read_text("utf-8")
    assert text.count(old) == 1
    path = tmp_path / "copy.txt"
    path.write_text(text.replace(old, new), "utf-8")
    return validate(build_graph(parse_document(path)), ontology=ontology, shapes=shapes)


def test_a_value_range_with_lower_above_upper_is_a_violation(
    tmp_path: Path, ontology: Graph, shapes: Graph
) -> None:
    # Line 776: 'De 5-jaars overleving bedraagt in deze cohorten circa 40–50%', put as 50–40%.
    assert "circa 40–50%" in line(776)
    result = validated_copy(tmp_path, "circa 40–50%", "circa 50–40%", ontology, shapes)
    ranges = [
        (r.shape.rsplit("#")[-1], r.component.rsplit("#")[-1], r.lines) for r in result.violations
    ]
    assert ranges == [("RangeOrderShape", "SPARQLConstraintComponent", "776")]


def test_dois_that_differ_only_in_case_are_one_doi(
    tmp_path: Path, ontology: Graph, shapes: Graph
) -> None:
    # Gonçalves' DOI (line 1178) written with a capital S: still the DOI Tian gives (line 1181).
    result = validated_copy(
        tmp_path,
        "2022 Apr;22:391. doi: 10.1186/s12885-022-09485-5.",
        "2022 Apr;22:391. doi: 10.1186/S12885-022-09485-5.",
        ontology,
        shapes,
    )
    assert [(f, lines) for f, lines, _ in warnings(result, "SharedIdentifierShape")] == [
        ("reference/tian-2022", "1181")
    ]


def test_declarations_are_compared_in_both_directions(
    tmp_path: Path, ontology: Graph, shapes: Graph
) -> None:
    # Femke Intema's side activities in 9.2.3 (line 723) emptied: the declaration with the
    # greater IRI now lacks a category that the one in 10.1.1 (line 296) has.
    side = (
        "Wergroep Richtlijn botmetastasen. Voorzitter onderwijscommissie NVNG (onbetaald) Lid "
        "examencommissie NVvR (onbetaald) Lid commissie onderwijs NVvR (onbetaald) "
        "Onderwijscommissie NVNG Examencommissie NVvR Commissie onderwijs NVvR allen onbetaald"
    )
    assert line(723).split("\t")[2] == side
    result = validated_copy(tmp_path, f"\t{side}\t", "\t\t", ontology, shapes)
    intema = [
        (lines, message.split(" declares ")[1].split(" differently")[0])
        for focus, lines, message in warnings(result, "ConsistentDeclarationShape")
        if focus == "declaration/borstkanker/9.2.3/femke-intema/expertise"
    ]
    assert intema == [("723", "'personalFinancialInterests'"), ("723", "'sideActivities'")]
