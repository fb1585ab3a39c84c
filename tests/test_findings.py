"""Quantitative figures read from the bundled document's modules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.parsers.findings import figures_in
from loaders.parsers.module_body import parse_module_body
from loaders.parsers.sections import split_sections
from loaders.parsers.text import read_source
from loaders.records import Module, Span

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
D = Decimal


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    parsed = {}
    for section in split_sections(read_source(SOURCE)[1]):
        if section.kind == "module":
            module = Module(section.number, section.title, "", section.span)
            parse_module_body(section, module)
            parsed[section.number] = module
    return parsed


NEW_KINDS = {"proportion", "mean", "median", "follow-up"}  # read by loaders.parsers.quantities


def _figures(module: Module, study: str | None = None) -> list:
    """The figures read before counts and plain percentages were: accuracy, survival, HR."""
    return [
        f
        for f in module.findings
        if f.unit != "count"
        and f.measure not in NEW_KINDS
        and (study is None or f.study_key == study)
    ]


def _accuracy(module: Module, study: str) -> list[tuple]:
    return [
        (f.index_test, f.measure, f.value, f.lower, f.upper)
        for f in module.findings
        if f.study_key == study and f.measure in ("sensitivity", "specificity")
    ]


def _with_ci(module: Module, study: str) -> list[tuple]:
    """The accuracy figures of a study that carry a 95% confidence interval."""
    return [
        (f.index_test, f.measure, f.value, f.lower, f.upper)
        for f in module.findings
        if f.study_key == study
        and f.measure in ("sensitivity", "specificity")
        and f.confidence == D("0.95")
    ]


def test_xia_2023(modules):
    assert _accuracy(modules["10.1.1"], "xia-2023") == [
        ("FDG-PET/CT", "sensitivity", D("0.96"), D("0.92"), D("0.98")),
        ("FDG-PET/CT", "specificity", D("0.95"), D("0.91"), D("0.97")),
        ("PET/MRI", "sensitivity", D("0.93"), D("0.74"), D("0.99")),
        ("PET/MRI", "specificity", D("0.99"), D("0.94"), D("1.00")),
    ]
    xia = _figures(modules["10.1.1"], "xia-2023")
    assert [(f.n_studies, f.n_patients) for f in xia[:4]] == [
        (6, 433),
        (6, 433),
        (3, 343),
        (3, 343),
    ]
    assert {(f.span, f.unit, f.confidence, f.target_condition) for f in xia[:4]} == {
        (Span(375, 375), "proportion", D("0.95"), "bone metastases")
    }


def test_xia_predictive_values_are_approximate_ranges(modules):
    # line 375-376: 'Negatief en positief voorspellende waarden ... (respectievelijk ~95–100%
    # en ~93–94%)': no point value, the two ends, no confidence level; for both tests at once
    ranges = [f for f in modules["10.1.1"].findings if "predictive" in f.measure]
    assert [
        (f.measure, f.value, f.lower, f.upper, f.confidence, f.approximate, f.is_range)
        for f in ranges
    ] == [
        ("negative-predictive-value", None, D("0.95"), D("1.00"), None, True, True),
        ("positive-predictive-value", None, D("0.93"), D("0.94"), None, True, True),
    ]
    assert {(f.span, f.index_test, f.study_key, f.n_studies, f.n_patients) for f in ranges} == {
        (Span(375, 376), "", "xia-2023", None, None)
    }
    assert {f.target_condition for f in ranges} == {"bone metastases"}


def test_xia_detection_rates(modules):
    rates = [f for f in modules["10.1.1"].findings if f.measure == "detection-rate"]
    assert [(f.index_test, f.value, f.study_key, f.span) for f in rates] == [
        ("MRI", D("0.655"), "xia-2023", Span(378, 378)),
        ("CT", D("0.512"), "xia-2023", Span(378, 378)),
    ]


def test_gerke_2025(modules):
    assert _with_ci(modules["10.1.1"], "gerke-2025") == [
        ("FDG-PET/CT", "sensitivity", D("0.94"), D("0.89"), D("0.97")),
        ("FDG-PET/CT", "specificity", D("0.98"), D("0.96"), D("0.99")),
        ("MRI", "sensitivity", D("0.94"), D("0.82"), D("0.98")),
        ("MRI", "specificity", D("0.93"), D("0.87"), D("0.96")),
        ("NaF-PET/CT", "sensitivity", D("0.95"), D("0.85"), D("0.98")),
        ("NaF-PET/CT", "specificity", D("1.00"), D("0.93"), D("1.00")),
    ]
    # 'CE-CT en botsintigrafie waren duidelijk minder sensitief (sensitiviteit
    # respectievelijk 70% en 83%)': plain values, paired with the tests in order
    assert _accuracy(modules["10.1.1"], "gerke-2025")[6:] == [
        ("CE-CT", "sensitivity", D("0.70"), None, None),
        ("botscintigrafie", "sensitivity", D("0.83"), None, None),
    ]
    gerke = _figures(modules["10.1.1"], "gerke-2025")
    assert {(f.n_studies, f.n_patients, f.span) for f in gerke} == {(40, 4247, Span(386, 386))}
    assert {f.target_condition for f in gerke} == {"bone metastases"}
    assert {f.confidence for f in gerke[6:]} == {None}


def test_zamanian_2023(modules):
    assert _accuracy(modules["10.1.1"], "zamanian-2023") == [
        ("FDG-PET/CT", "sensitivity", D("0.92"), D("0.88"), D("0.95")),
        ("FDG-PET/CT", "specificity", D("0.99"), D("0.96"), D("1.00")),
        ("NaF-PET/CT", "sensitivity", D("0.96"), D("0.90"), D("0.99")),
        ("NaF-PET/CT", "specificity", D("0.81"), D("0.72"), D("0.88")),
        # 'Botscintigrafie liet lagere waarden zien (sensitiviteit 90%, specificiteit 91%)'
        ("botscintigrafie", "sensitivity", D("0.90"), None, None),
        ("botscintigrafie", "specificity", D("0.91"), None, None),
    ]
    assert _with_ci(modules["10.1.1"], "zamanian-2023") == [
        ("FDG-PET/CT", "sensitivity", D("0.92"), D("0.88"), D("0.95")),
        ("FDG-PET/CT", "specificity", D("0.99"), D("0.96"), D("1.00")),
        ("NaF-PET/CT", "sensitivity", D("0.96"), D("0.90"), D("0.99")),
        ("NaF-PET/CT", "specificity", D("0.81"), D("0.72"), D("0.88")),
    ]
    zamanian = _figures(modules["10.1.1"], "zamanian-2023")
    assert {(f.n_studies, f.n_patients, f.span) for f in zamanian} == {(11, 753, Span(422, 422))}
    # the paragraph names no condition: the study's title ('... for Detecting Bone
    # Metastases of Breast Cancer ...', line 622) does
    assert {f.target_condition for f in zamanian} == {"bone metastases"}


def test_kurland_xu_and_wass(modules):
    assert _accuracy(modules["10.1.1"], "kurland-2020") == [
        ("FES-PET", "sensitivity", D("0.78"), D("0.65"), D("0.88")),
        ("FES-PET", "specificity", D("0.98"), D("0.65"), D("1.00")),
    ]
    assert _accuracy(modules["10.1.1"], "xu-2025") == [
        ("FES-PET/CT", "sensitivity", D("0.75"), D("0.62"), D("0.85")),
        ("FES-PET/CT", "sensitivity", D("0.86"), D("0.71"), D("0.94")),
        ("FES-PET/CT", "sensitivity", D("0.79"), D("0.62"), D("0.89")),
    ]
    xu = _figures(modules["10.1.1"], "xu-2025")
    assert [f.target_condition for f in xu] == [
        "metastases",
        "oestrogen receptor status",
        # 'Voor het voorspellen van respons op endocriene therapie' (line 412): the response,
        # not the therapy (a procedure)
        "response to endocrine therapy",
    ]
    wass = _figures(modules["10.1.1"], "wass-2023")
    assert [(f.index_test, f.value, f.lower, f.upper, f.target_condition) for f in wass] == [
        ("FAPI-PET/CT", D("0.99"), D("0.97"), D("1.00"), "primary tumour"),
        ("FAPI-PET/CT", D("0.91"), D("0.81"), D("0.96"), "nodal metastases"),
        ("FAPI-PET/CT", D("0.99"), D("0.96"), D("1.00"), "distant metastases"),
        # 'de sensitiviteit van FDG lager (0,91; 0,78; 0,73 respectievelijk)'
        ("FDG", D("0.91"), None, None, "primary tumour"),
        ("FDG", D("0.78"), None, None, "nodal metastases"),
        ("FDG", D("0.73"), None, None, "distant metastases"),
    ]
    assert {(f.n_studies, f.n_patients, f.measure) for f in wass} == {(39, 1259, "sensitivity")}


def test_survival_in_9_2_3(modules):
    found = [
        (f.measure, f.value, f.lower, f.upper, f.study_key, f.span)
        for f in _figures(modules["9.2.3"])
    ]
    assert found == [
        ("5-year-progression-free-survival", D("0.675"), None, None, "baek-2020", Span(773, 773)),
        ("5-year-progression-free-survival", D("0.073"), None, None, "baek-2020", Span(773, 773)),
        ("5-year-overall-survival", None, D("0.40"), D("0.50"), "", Span(776, 776)),
        ("disease-free-survival", D("0.78"), D("0.65"), D("0.91"), "snellen-2026", Span(780, 780)),
        ("overall-survival", D("0.83"), D("0.72"), D("0.95"), "snellen-2026", Span(780, 780)),
    ]
    baek, _, cohorts, snellen, _ = _figures(modules["9.2.3"])
    # 'In een populatie van 18.790 patiënten ontwikkelden slechts 87 vrouwen (0,5%) een
    # geïsoleerd regionaal recidief' (line 773): the PFS figures concern the 87
    assert baek.n_patients == 87
    # 'cohorten zoals Pergolizzi (2006) en Pedersen (2011) ... De 5-jaars overleving bedraagt
    # in deze cohorten circa 40–50%': both cohorts, no single study, no count
    assert (cohorts.study_keys, cohorts.approximate, cohorts.confidence, cohorts.n_patients) == (
        ["pergolizzi-2006", "pedersen-2011"],
        True,
        None,
        None,
    )
    assert snellen.n_patients == 53


def test_hazard_ratio_in_6_1(modules):
    (hazard,) = [f for f in modules["6.1"].findings if f.measure == "hazard-ratio"]
    assert (hazard.measure, hazard.value, hazard.lower, hazard.upper, hazard.unit) == (
        "hazard-ratio",
        D("0.34"),
        D("0.14"),
        D("0.88"),
        "ratio",
    )
    assert hazard.span == Span(1115, 1116)
    assert hazard.study_key == ""  # 'Van der Venne (2026)' is not in the reference list
    assert hazard.text.endswith("met een HR van 0.34 (95% CI 0.14-0.88).")


def test_plain_values_ranges_and_respectively_in_synthetic_sentences():
    sentence = "MRI en botscintigrafie scoorden lager (specificiteit respectievelijk 0,80 en 75%)."
    assert [(f.measure, f.value, f.index_test) for f in figures_in(sentence)] == [
        ("specificity", D("0.80"), "MRI"),
        ("specificity", D("0.75"), "botscintigrafie"),
    ]
    ranges = figures_in("De NPV en PPV waren respectievelijk 80–90% en circa 70–75%.")
    assert [(f.measure, f.value, f.lower, f.upper, f.approximate) for f in ranges] == [
        ("negative-predictive-value", None, D("0.80"), D("0.90"), False),
        ("positive-predictive-value", None, D("0.70"), D("0.75"), True),
    ]
    # a percentage far from any accuracy measure is no figure
    assert figures_in("In 12% van de gevallen veranderde het beleid, aldus de studie.") == []


def test_figures_of_a_synthetic_sentence():
    sentence = (
        "Voor PSMA-PET was de sensitiviteit 0,88 (95%BI 0,80–0,93) en de specificiteit "
        "70 % (95 % CI 61 %-78 %) bij botmetastasen."
    )
    assert [
        (f.measure, f.value, f.lower, f.upper, f.index_test, f.target_condition)
        for f in figures_in(sentence)
    ] == [
        ("sensitivity", D("0.88"), D("0.80"), D("0.93"), "PSMA-PET", "bone metastases"),
        ("specificity", D("0.70"), D("0.61"), D("0.78"), "PSMA-PET", "bone metastases"),
    ]
