"""Findings linked to the outcomes they measure (`gkg:measuresOutcome`): the bundled
document's PICO outcomes, conclusions of the corpus documents, and the kinds of measure."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

from loaders.iris import GKG
from loaders.parsers.document import parse_document
from loaders.parsers.outcome_kinds import kinds, measures
from loaders.rdf.builder import build_graph
from loaders.records import Finding, Span

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
CORPUS = ROOT / "tests" / "data" / "corpus"
HOLDOUT = ROOT / "tests" / "data" / "holdout"
BASE = "https://w3id.org/gkg/"


def _links(path: Path) -> set[tuple[str, str]]:
    graph: Graph = build_graph(parse_document(path))
    return {
        (str(f).removeprefix(f"{BASE}finding/"), str(o).removeprefix(BASE))
        for f, o in graph.subject_objects(GKG.measuresOutcome)
    }


@pytest.fixture(scope="module")
def bundled() -> set[tuple[str, str]]:
    return _links(SOURCE)


# 'het detecteren van aanvullende (oligo)metastasen'
Q1 = "module/borstkanker/10.1.1/question/1/outcome-1"
Q2 = (  # 'het karakteriseren van verdachte laesies', 'het bevestigen van oligometastasen of ...'
    "module/borstkanker/10.1.1/question/2/outcome-1",
    "module/borstkanker/10.1.1/question/2/outcome-2",
)
MAIN = "module/borstkanker/10.1.1/question/main/outcome-1"  # 'het detecteren van oligometastasen'


def test_accuracy_figures_measure_the_outcome_of_their_own_sub_question(bundled):
    # lines 372-400 follow '*Uitgangsvraag 1 – Aanvullende waarde van MRI ...' (line 368)
    assert {o for f, o in bundled if f.startswith("borstkanker/10.1.1/xia-2023/")} == {Q1}
    assert ("borstkanker/10.1.1/gerke-2025/sensitivity-mri-bone-metastases", Q1) in bundled
    # 'In ongeveer 10% van de gevallen werden hierdoor extra botmetastasen geïdentificeerd'
    assert ("borstkanker/10.1.1/xia-2023/proportion", Q1) in bundled
    # lines 404-441 follow 'Uitgangsvraag 2 – Waarde van nieuwe PET-tracers ...' (line 402):
    # Kurland (line 408), Xu (411), Zamanian (422), Wass (435) measure both outcomes of Q2
    for study in ("kurland-2020", "xu-2025", "zamanian-2023", "wass-2023"):
        linked = {o for f, o in bundled if f.startswith(f"borstkanker/10.1.1/{study}/")}
        assert linked == set(Q2), study


def test_a_detection_yield_falls_back_on_the_main_question(bundled):
    # '59 laesies met FAPI aangetoond, tegenover 48 met FDG', 'bij circa 30% ... ten minste één
    # extra metastase gevonden' (line 430): Q2 names no detection, the main question does
    zhang = {(f, o) for f, o in bundled if f.startswith("borstkanker/10.1.1/zhang-2024/")}
    assert zhang == {
        ("borstkanker/10.1.1/zhang-2024/lesion-count-fapi", MAIN),
        ("borstkanker/10.1.1/zhang-2024/lesion-count-fdg", MAIN),
        ("borstkanker/10.1.1/zhang-2024/proportion", MAIN),
    }


def test_module_6_1_links_by_kind_and_by_the_outcomes_noun(bundled):
    six = {(f, o) for f, o in bundled if f.startswith("borstreconstructie/")}
    assert six == {
        # 'AFT niet geassocieerd is met verhoogde mortaliteit, met een HR van 0.34' (line 1116)
        # measures 'oncologische veiligheid' (outcome 2)
        (
            "borstreconstructie/6.1/unattributed/hazard-ratio",
            "module/borstreconstructie/6.1/question/main/outcome-2",
        ),
        # 'benodigde behandelsessies (gemiddeld 4 keer ...)' (line 1105): 'aantal behandelsessies'
        (
            "borstreconstructie/6.1/unattributed/mean",
            "module/borstreconstructie/6.1/question/main/outcome-7",
        ),
    }


def test_counts_and_study_sizes_measure_no_outcome(bundled):
    assert len(bundled) == 56
    linked = {f for f, _ in bundled}
    assert len(linked) == 39  # of 86 findings
    assert not {f for f in linked if "count" in f and "lesion" not in f}
    assert not {f for f in linked if f.startswith("borstkanker/9.2.3/")}  # 9.2.3 names none


def test_conclusions_of_other_documents():
    # 'Intensive CT follow-up detected resectable recurrences with a sensitivity of 86%' and
    # 'The hazard ratio for overall survival was 0.91' against 'Overall survival (critical)'
    # and 'Detection of resectable recurrence (important)'
    assert _links(CORPUS / "colorectal-cancer-en.txt") == {
        (
            "colorectal-cancer/4.2/hendriks-2018/sensitivity",
            "module/colorectal-cancer/4.2/conclusion/2",
        ),
        (
            "colorectal-cancer/4.2/morales-2019/hazard-ratio",
            "module/colorectal-cancer/4.2/conclusion/1",
        ),
    }
    # 'verlengde ... de progressievrije overleving, met een HR van 0,68': PFS, not 'Totale
    # overleving'; 'De 5-jaars overleving was 32%' is the overall survival
    assert _links(CORPUS / "longkanker-cluster-2025.txt") == {
        ("longkanker/6.1/okonkwo-2022/hazard-ratio", "module/longkanker/6.1/conclusion/2"),
        (
            "longkanker/6.1/visser-2019/5-year-overall-survival",
            "module/longkanker/6.1/conclusion/1",
        ),
    }
    # 'De sterfte was vergelijkbaar, met een HR van 1,07': 'Sterfte (belangrijk)'
    assert _links(HOLDOUT / "delier-2021.txt") == {
        (
            "delier-bij-volwassenen/2.3/fontaine-2019/hazard-ratio",
            "module/delier-bij-volwassenen/2.3/conclusion/2",
        )
    }


def _finding(measure: str, text: str = "", outcome: str = "") -> Finding:
    return Finding(measure, Decimal("0.5"), Span(1, 1), text=text, outcome=outcome)


def test_kinds_of_measure():
    assert kinds(_finding("specificity")) == ["accuracy"]
    assert kinds(_finding("5-year-disease-free-survival")) == ["disease-free-survival"]
    ratio = "Relapse-free patients were fewer; the HR for progression-free survival was 0.7."
    assert kinds(_finding("hazard-ratio", ratio)) == ["progression-free-survival"]
    assert kinds(_finding("hazard-ratio", "Het verband was vergelijkbaar (HR 1,19).")) == []
    assert kinds(_finding("event-count", outcome="lokale recidieven")) == ["recurrence"]
    assert kinds(_finding("proportion", outcome="Complications")) == ["complications"]
    assert kinds(_finding("patient-count")) == []


def test_measures_by_kind_never_by_title():
    pfs = _finding("progression-free-survival")
    assert measures(pfs, "Progressievrije overleving (belangrijk)")
    assert not measures(pfs, "Totale overleving (cruciaal)")
    assert measures(_finding("overall-survival"), "Overall survival")
    assert not measures(_finding("overall-survival"), "Disease-free survival")
    assert measures(_finding("sensitivity"), "Diagnostic accuracy for nodal staging")
    assert not measures(_finding("sensitivity"), "Quality of life")
    recurrences = _finding("event-count", outcome="regional recurrences")
    assert measures(recurrences, "oncological safety")
    # a figure that says what it summarises shares the outcome's main noun
    assert measures(_finding("median", outcome="hospital stay in days"), "length of hospital stay")
    assert not measures(_finding("mean", outcome="age at diagnosis"), "length of hospital stay")
    assert measures(
        _finding("median", outcome="number of treatment sessions"), "treatment sessions"
    )
    assert not measures(_finding("patient-count"), "aantal behandelsessies")
