"""Counts, summaries, follow-up durations and plain percentages: the bundled document's own
lines, an English fixture laid out differently, and numbers that are no results."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from loaders.parsers.module_body import parse_module_body
from loaders.parsers.quantities import quantities_in
from loaders.parsers.sections import split_sections
from loaders.parsers.shares import shares_of
from loaders.parsers.subgroups import subgroup_of
from loaders.parsers.text import read_source
from loaders.readers import load
from loaders.records import Finding, Module, Span

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
ENGLISH = ROOT / "tests" / "data" / "findings" / "results-en.txt"
HIP = ROOT / "tests" / "data" / "corpus" / "heupfractuur-2019.txt"
D = Decimal
NEW_KINDS = {"proportion", "mean", "median", "follow-up"}


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    parsed = {}
    for section in split_sections(read_source(SOURCE)[1]):
        if section.kind == "module":
            module = Module(section.number, section.title, "", section.span)
            parse_module_body(section, module)
            parsed[section.number] = module
    return parsed


def _new(module: Module) -> list[Finding]:
    return [f for f in module.findings if f.unit == "count" or f.measure in NEW_KINDS]


def _row(f: Finding) -> tuple:
    return (f.span.first, f.measure, f.value, f.subgroup, f.study_key or "|".join(f.study_keys))


def test_every_new_finding_of_the_bundled_document_was_checked_by_hand(modules):
    # each one read against its line (docs/findings-precision.md): 47 of 47 are results
    assert [_row(f) for f in _new(modules["10.1.1"])] == [
        (374, "study-count", D("6"), "FDG-PET/CT", "xia-2023"),  # 'In zes studies naar FDG-PET/CT'
        (374, "patient-count", D("433"), "FDG-PET/CT", "xia-2023"),  # '(N=433 patiënten,'
        (374, "patient-count", D("98"), "met botmetastasen", "xia-2023"),
        (374, "study-count", D("3"), "FDG-PET/MRI", "xia-2023"),  # 'drie studies naar FDG-PET/MRI'
        (374, "patient-count", D("343"), "FDG-PET/MRI", "xia-2023"),
        (374, "patient-count", D("41"), "met botmetastasen", "xia-2023"),
        (377, "study-count", D("4"), "", "xia-2023"),  # 'een subset van vier head-to-head studies'
        (378, "proportion", D("0.10"), "", "xia-2023"),  # 'In ongeveer 10% van de gevallen'
        (385, "study-count", D("40"), "", "gerke-2025"),
        (385, "patient-count", D("4247"), "", "gerke-2025"),  # '(n=4247; ...'
        # '40 studies (n=4247; 29 opgenomen in de meta-analyse)' (lines 385-386): elliptic,
        # the noun of '40 studies', not of 'n=4247' (whose noun is implied)
        (385, "study-count", D("29"), "opgenomen in de meta-analyse", "gerke-2025"),
        (392, "patient-count", D("35"), "", "pasquier-2023"),  # 'namen 35 experts deel'
        (392, "country-count", D("13"), "", "pasquier-2023"),  # 'uit 13 Europese landen'
        (394, "proportion", D("0.24"), "", "pasquier-2023"),  # 'in circa 24% van de gevallen'
        (411, "study-count", D("21"), "", "xu-2025"),  # '21 studies (2013–2024)': no years
        (414, "study-count", D("20"), "", "guglielmo-2025"),
        (414, "patient-count", D("806"), "", "guglielmo-2025"),
        (422, "study-count", D("11"), "", "zamanian-2023"),
        (422, "patient-count", D("753"), "", "zamanian-2023"),
        (430, "study-count", D("6"), "", "zhang-2024"),
        (430, "proportion", D("0.30"), "", "zhang-2024"),  # 'bij circa 30% van de patiënten'
        (430, "lesion-count", D("59"), "FAPI", "zhang-2024"),  # '59 laesies met FAPI'
        (430, "lesion-count", D("48"), "FDG", "zhang-2024"),  # 'tegenover 48 met FDG'
        (433, "mean", D("10.4"), "", "zhang-2024"),  # 'gemiddelde SUVmax 10,4 vs. 6,7'
        (433, "mean", D("6.7"), "", "zhang-2024"),
        (435, "study-count", D("39"), "", "wass-2023"),
        (435, "patient-count", D("1259"), "", "wass-2023"),  # '(1.259 patiënten)'
    ]
    assert [_row(f) for f in _new(modules["9.2.3"])] == [
        (768, "proportion", D("0.05"), "", "baek-2020"),  # 'in <5% van de patiënten'
        (773, "patient-count", D("18790"), "", "baek-2020"),  # '18.790 patiënten'
        (773, "patient-count", D("87"), "", "baek-2020"),
        (773, "proportion", D("0.005"), "", "baek-2020"),  # '87 vrouwen (0,5%)'
        (773, "patient-count", D("58"), "axillair", "baek-2020"),
        (773, "patient-count", D("17"), "supraclaviculair", "baek-2020"),
        (773, "patient-count", D("12"), "parasternaal", "baek-2020"),
        (780, "patient-count", D("6"), "MARI/TAD", "paluskievicz-2025"),
        (780, "patient-count", D("15"), "ALND", "paluskievicz-2025"),
        (780, "patient-count", D("53"), "", "snellen-2026"),
        (780, "proportion", D("0.87"), "", "snellen-2026"),
        (780, "proportion", D("0.91"), "", "snellen-2026"),
        (780, "follow-up", D("44"), "", "snellen-2026"),
        (780, "event-count", D("0"), "", "snellen-2026"),  # 'geen axillaire recidieven gezien'
        (841, "proportion", None, "", ""),  # 'Afstandsmetastasen: 25–35% heeft ...'
    ]
    assert [_row(f) for f in _new(modules["6.1"])] == [
        (1105, "mean", D("4"), "", ""),  # 'gemiddeld 4 keer na een ablatio'
        (1115, "patient-count", D("242"), "AFT", ""),
        (1115, "patient-count", D("19936"), "controles", ""),
        (1119, "patient-count", D("7333"), "mastectomiegroep", ""),
        (1119, "patient-count", D("883"), "lumpectomiegroep", ""),
    ]


def test_findings_know_the_sub_question_whose_text_states_them(modules):
    # '*Uitgangsvraag 1 – Aanvullende waarde ...' (line 368), 'Uitgangsvraag 2 – Waarde van
    # nieuwe PET-tracers ...' (line 402); 'Zoals beschreven bij uitgangsvraag 1' (line 425)
    # opens no part of the text
    numbers = {(f.span.first < 402, f.question_number) for f in modules["10.1.1"].findings}
    assert numbers == {(True, 1), (False, 2)}
    assert {f.question_number for f in modules["9.2.3"].findings} == {None}


def test_snellen_2026_line_780(modules):
    snellen = {f.measure: f for f in _new(modules["9.2.3"]) if f.study_key == "snellen-2026"}
    follow_up = snellen["follow-up"]
    # 'Na een mediane follow up duur van 44 maanden werden er geen axillaire recidieven gezien.'
    assert (follow_up.statistic, follow_up.unit, follow_up.outcome, follow_up.n_patients) == (
        "median",
        "months",
        "follow up duur",
        53,
    )
    zero = snellen["event-count"]
    assert (zero.value, zero.unit, zero.outcome, zero.span) == (
        D("0"),
        "count",
        "axillaire recidieven",
        Span(780, 780),
    )
    shares = [f for f in _new(modules["9.2.3"]) if f.measure == "proportion" and f.study_key]
    # 'in 87% afgezien ... Het merendeel van de patiënten (91%)': of the 53 patients included
    assert [(f.value, f.n_patients) for f in shares if f.span.first == 780] == [
        (D("0.87"), 53),
        (D("0.91"), 53),
    ]


def test_baek_2020_shares_bounds_and_subgroups(modules):
    found = modules["9.2.3"].findings
    below = next(f for f in found if f.span.first == 768)
    assert (below.value, below.qualifier, below.citation.text) == (
        D("0.05"),
        "less-than",
        "Baek, 2020",
    )
    share = next(f for f in found if f.value == D("0.005"))
    assert (share.numerator, share.denominator, share.n_patients) == (87, 18790, 18790)
    # 'Zo was de 5-jaars PFS met maximaal 1 risicofactor 67.5%, en voor patiënten met meer dan
    # 1 risicofactor was dit 7.3%.': the same measure twice, told apart by subgroup
    pfs = [f for f in found if f.measure == "5-year-progression-free-survival"]
    assert [(f.value, f.subgroup, f.study_key) for f in pfs] == [
        (D("0.675"), "maximaal 1 risicofactor", "baek-2020"),
        (D("0.073"), "meer dan 1 risicofactor", "baek-2020"),
    ]


def test_hazard_ratio_and_counts_of_6_1_keep_their_unlisted_study(modules):
    # 'De recente publicatie van Van der Venne (2026) ... 242 AFT patiënten en 19936 controles
    # ... met een HR van 0.34' (lines 1115-1116): not in the reference list, still its study
    found = modules["6.1"].findings
    hazard = next(f for f in found if f.measure == "hazard-ratio")
    assert (hazard.study_key, hazard.citation.text, hazard.citation.span) == (
        "",
        "Van der Venne (2026)",
        Span(1115, 1115),
    )
    assert hazard.citation.reference_key == ""
    laas = [f for f in found if f.citation and f.citation.text == "Laas (2025)"]
    assert [(f.value, f.subgroup, f.span) for f in laas] == [
        (D("7333"), "mastectomiegroep", Span(1119, 1119)),
        (D("883"), "lumpectomiegroep", Span(1119, 1119)),
    ]


def test_detection_rates_keep_their_counts(modules):
    # '65,5% (180/275) versus 51,2% (166/324)' (line 378)
    rates = [f for f in modules["10.1.1"].findings if f.measure == "detection-rate"]
    assert [(f.value, f.numerator, f.denominator) for f in rates] == [
        (D("0.655"), 180, 275),
        (D("0.512"), 166, 324),
    ]


def test_numbers_that_are_no_results_give_no_finding(modules):
    lines = {line for m in modules.values() for f in m.findings for line in (f.span.first,)}
    # question numbers (366-368, 402), the prognostic thresholds '<2 jaar', '>5 jaar' and the
    # list numbers 1.-5. (837-840), page-margin numbers run into the text ('en 15 20
    # beschouwt', 831; 'maar 30 het cluster', 835; 'tot 45 hogere kosten', 849)
    assert lines.isdisjoint({366, 367, 368, 402, 831, 835, 837, 838, 839, 840, 849, 853})
    values = {f.value for m in modules.values() for f in m.findings if f.unit == "count"}
    # years ('In 2023 verscheen', '2014-2023', 'tussen 2015 en 2025') are never counts
    assert values.isdisjoint({D(year) for year in range(1990, 2031)})
    # '13 Europese landen' (line 392) is a count of countries, 'Europese' is no arm
    countries = [f for m in modules.values() for f in m.findings if f.measure == "country-count"]
    assert [(f.value, f.subgroup, f.outcome, f.span) for f in countries] == [
        (D("13"), "", "Europese landen", Span(392, 393))
    ]


def test_an_english_results_text_in_another_layout():
    (module,) = load(ENGLISH).modules
    rows = [
        (f.span.first, f.measure, f.value, f.unit, f.subgroup, f.study_key, f.statistic)
        for f in module.findings
    ]
    assert rows == [
        (16, "patient-count", D("1204"), "count", "", "lindholm-2019", ""),  # '1,204 women'
        (16, "follow-up", D("62"), "months", "", "lindholm-2019", "median"),
        (
            16,
            "5-year-disease-free-survival",
            D("0.824"),
            "proportion",
            "surgery arm",
            "lindholm-2019",
            "",
        ),  # fmt: skip
        (
            16,
            "5-year-disease-free-survival",
            D("0.751"),
            "proportion",
            "radiotherapy arm",
            "lindholm-2019",
            "",
        ),  # fmt: skip
        (16, "hazard-ratio", D("0.71"), "ratio", "", "lindholm-2019", ""),
        (16, "patient-count", D("31"), "count", "", "lindholm-2019", ""),
        (16, "proportion", D("0.051"), "proportion", "", "lindholm-2019", ""),
        (16, "event-count", D("0"), "count", "at least 4 nodes", "lindholm-2019", ""),
        (18, "study-count", D("8"), "count", "", "okoro-2021", ""),  # 'eight cohorts'
        (18, "patient-count", D("2310"), "count", "", "okoro-2021", ""),
        (
            18,
            "overall-survival",
            D("28.5"),
            "months",
            "intervention group",
            "okoro-2021",
            "median",
        ),  # fmt: skip
        (18, "overall-survival", D("21.0"), "months", "control group", "okoro-2021", "median"),
        (18, "proportion", D("0.10"), "proportion", "", "okoro-2021", ""),  # '<10%'
        (18, "patient-count", D("12"), "count", "", "okoro-2021", ""),  # not 'grade 3', 'p = 0.03'
        (22, "proportion", D("0.30"), "proportion", "", "okoro-2021", ""),  # 'about 30%'
    ]
    found = module.findings
    assert (found[6].numerator, found[6].n_patients) == (31, None)  # '31 patients (5.1%)'
    assert found[12].qualifier == "less-than"
    assert found[14].approximate is True
    assert found[14].outcome == "distant metastases"  # '30% of patients develop distant ...'
    assert found[6].outcome == "Local recurrences"  # 'occurred in 31 patients (5.1%)'
    assert found[7].outcome == "regional recurrences"
    assert found[12].outcome == "Complications"  # 'Complications were reported in <10% of'
    # '14 centres', 'between 2009 and 2016', 'module 2.1', 'Table 2', 'grade 3', 'p = 0.03' and
    # 'a disease-free interval of >5 years' are no results
    assert not {D("14"), D("2009"), D("2016"), D("2.1"), D("3"), D("0.03"), D("5")} & {
        f.value for f in found
    }


def test_other_number_formats_and_arms():
    found = quantities_in(
        "De studie includeerde N = 1.312 deelnemers: 640 in de interventiegroep en 672 in de "
        "controlegroep; na een follow-up van 5 jaar was het mediane aantal opnames 2 vs. 3.",
        [],
    )
    assert [(f.measure, f.value, f.unit, f.subgroup) for f, _, _ in found] == [
        ("patient-count", D("1312"), "count", ""),
        ("patient-count", D("640"), "count", "interventiegroep"),
        ("patient-count", D("672"), "count", "controlegroep"),
        ("follow-up", D("5"), "years", ""),
        ("median", D("2"), "number", ""),
        ("median", D("3"), "number", ""),
    ]
    arms = quantities_in("Of 1,000 women, 120 with BRCA1 and 80 with BRCA2 relapsed.", [])
    assert [(f.measure, f.value, f.subgroup) for f, _, _ in arms] == [
        ("patient-count", D("1000"), ""),
        ("patient-count", D("120"), "BRCA1"),
        ("patient-count", D("80"), "BRCA2"),
    ]


def test_elliptic_counts_take_the_noun_of_the_nearest_named_count():
    found = quantities_in(
        "We screened 31 cohorts (n = 5,120): 12 included in the meta-analysis and 4 excluded.", []
    )
    assert [(f.measure, f.value, f.subgroup) for f, _, _ in found] == [
        ("study-count", D("31"), ""),
        ("patient-count", D("5120"), ""),
        ("study-count", D("12"), "included in the meta-analysis"),
        ("study-count", D("4"), "excluded"),
    ]
    found = quantities_in("Of 230 patients, 41 randomised to surgery and 12 excluded.", [])
    assert [(f.measure, f.value, f.subgroup) for f, _, _ in found] == [
        ("patient-count", D("230"), ""),
        ("patient-count", D("41"), "randomised to surgery"),
        ("patient-count", D("12"), "excluded"),
    ]
    found = quantities_in(
        "Er werden twaalf trials gevonden (N=2.300), 9 geïncludeerd, 3 uitgesloten wegens "
        "overlap; deelnemers kwamen uit 7 landen.",
        [],
    )
    assert [(f.measure, f.value, f.subgroup, f.outcome) for f, _, _ in found] == [
        ("study-count", D("12"), "", ""),
        ("patient-count", D("2300"), "", ""),
        ("study-count", D("9"), "geïncludeerd", ""),
        ("study-count", D("3"), "uitgesloten wegens overlap", ""),
        ("country-count", D("7"), "", "landen"),
    ]
    # a part cannot exceed its whole: '350 behandeld' is no part of '12 studies'
    found = quantities_in("In 12 studies (n=800; 350 behandeld met chemotherapie).", [])
    assert [(f.measure, f.value) for f, _, _ in found] == [
        ("study-count", D("12")),
        ("patient-count", D("800")),
    ]
    found = quantities_in("Patients were enrolled in 9 European countries.", [])
    assert [(f.measure, f.value, f.subgroup) for f, _, _ in found] == [
        ("country-count", D("9"), "")
    ]


def test_what_the_plain_percentages_of_the_bundled_document_are_shares_of(modules):
    shares = [
        (f.span.first, f.value if f.value is not None else f.lower, f.outcome)
        for m in modules.values()
        for f in m.findings
        if f.measure == "proportion"
    ]
    assert shares == [
        # 'In ongeveer 10% van de gevallen werden hierdoor extra botmetastasen geïdentificeerd'
        (378, D("0.10"), "extra botmetastasen"),
        # 'dat FDG-PET/CT het behandelbeleid ... in circa 24% van de gevallen beïnvloedt'
        (394, D("0.24"), "behandelbeleid beïnvloedt"),
        # 'bij circa 30% van de patiënten met FAPI ten minste één extra metastase gevonden'
        (430, D("0.30"), "ten minste één extra metastase"),
        # 'Een geïsoleerd regionaal recidief wordt gezien in <5% van de patiënten'
        (768, D("0.05"), "geïsoleerd regionaal recidief"),
        # 'ontwikkelden slechts 87 vrouwen (0,5%) een geïsoleerd regionaal recidief in één ...'
        (773, D("0.005"), "geïsoleerd regionaal recidief"),
        # 'kon er in 87% afgezien worden van een okselklierdissectie'
        (780, D("0.87"), "afgezien van een okselklierdissectie"),
        # 'Het merendeel van de patiënten (91%) werd vervolgens behandeld met axillaire ...'
        (780, D("0.91"), "behandeld met axillaire radiotherapie"),
        (841, D("0.25"), "Afstandsmetastasen"),  # 'Afstandsmetastasen: 25–35% heeft of ...'
    ]


def _shares(text: str, *values: str) -> list[str]:
    return shares_of(text, [(text.index(v), text.index(v) + len(v)) for v in values])


def test_respectively_gives_each_percentage_the_item_of_its_position():
    assert _shares(
        "Het lokaal recidief, afstandsmetastasen en de sterfte waren respectievelijk 5%, 10% en "
        "20%.",
        "5%",
        "10%",
        "20%",
    ) == ["lokaal recidief", "afstandsmetastasen", "sterfte"]
    assert _shares(
        "Local recurrence and death occurred in 4% and 9% of patients, respectively.", "4%", "9%"
    ) == ["Local recurrence", "death"]
    # two items, three values: no position is certain, none is named
    assert _shares(
        "Lokaal recidief en sterfte waren respectievelijk 5%, 10% en 20%.", "5%", "10%", "20%"
    ) == ["", "", ""]
    # without 'respectievelijk' a list names no single value
    assert _shares("Lokaal recidief en sterfte kwamen voor bij 5% en 10%.", "5%", "10%") == [
        "",
        "",
    ]


def test_a_label_or_an_observation_names_a_percentage():
    assert _shares("3. Lokaal recidief: 8–12% binnen vijf jaar.", "8–12%") == ["Lokaal recidief"]
    assert _shares("Distant metastases were found in about 30% of patients.", "30%") == [
        "Distant metastases"
    ]
    assert _shares("Bij 12% van de patiënten werd een tweede tumor gevonden.", "12%") == [
        "tweede tumor"
    ]
    assert _shares("Het behandelplan veranderde bij 20% van de patiënten.", "20%") == [""]


def test_the_verb_of_its_clause_names_a_percentage():
    # the subject of a copula
    assert _shares("Het lokaal recidief bedroeg na vijf jaar 12%.", "12%") == ["lokaal recidief"]
    assert _shares("In this cohort, the response rate was 45%.", "45%") == ["response rate"]
    # a participle with its object, the auxiliary before or after it
    assert _shares(
        "Of the 120 patients, 40 (33%) were subsequently treated with adjuvant chemotherapy.",
        "33%",
    ) == ["treated with adjuvant chemotherapy"]
    assert _shares("Bij 15% kon worden afgezien van een reoperatie.", "15%") == [""]
    assert _shares("Bij circa 15% kon afgezien worden van een reoperatie.", "15%") == [
        "afgezien van een reoperatie"
    ]
    # the object after a share of a count, or what the share has or develops
    assert _shares(
        "Twelve of 300 patients (4%) developed a local recurrence within 2 years.", "4%"
    ) == ["local recurrence"]
    assert _shares("Lokale recidieven traden op bij 31 patiënten (5,1%).", "5,1%") == [
        "Lokale recidieven"
    ]
    assert _shares("Na twee jaar kreeg 20% van de patiënten een lokaal recidief.", "20%") == [
        "lokaal recidief"
    ]
    # the object and final verb of a subordinate clause
    assert _shares(
        "Men vond dat de MRI het chirurgisch plan in 18% van de gevallen veranderde.", "18%"
    ) == ["chirurgisch plan veranderde"]


def test_a_verb_without_a_clear_measure_names_no_percentage():
    assert _shares("Dit was 20%.", "20%") == [""]  # a pronoun
    assert _shares("The proportion was 20%.", "20%") == [""]  # a word for 'percentage'
    assert _shares("In 87% werd niet afgezien van een okselklierdissectie.", "87%") == [""]
    assert _shares("Na twee jaar had 20% van de patiënten geen recidief.", "20%") == [""]
    assert _shares("Hierbij werd 15% van de patiënten opgenomen.", "15%") == [""]
    assert _shares("Van de 40 patiënten (12%) werd vervolgens geopereerd.", "12%") == [""]
    assert _shares("Van de vrouwen was 30 jaar of ouder (41%).", "41%") == [""]


def test_a_qualified_population_is_the_subgroup_of_its_share():
    text = "Pressure ulcers developed in 4% of patients who were operated within 24 hours."
    at = text.index("4%")
    assert subgroup_of(text, at, at + 2) == "patients who were operated within 24 hours"
    text = "20% of the older women had a fracture, against 31% of the women."
    assert subgroup_of(text, text.index("20%"), text.index("20%") + 3) == "older women"
    assert subgroup_of(text, text.index("31%"), text.index("31%") + 3, 20) == ""  # unqualified
    # the hip fracture guideline: two shares of one measure, told apart by their populations
    hip = [
        (f.span.first, f.value, f.subgroup)
        for m in load(HIP).modules
        for f in m.findings
        if f.measure == "proportion"
    ]
    assert hip == [
        # 'kreeg 4% van de patiënten die binnen 24 uur werden geopereerd decubitus, tegen 9% van
        # de later geopereerde patiënten'
        (76, D("0.04"), "patiënten die binnen 24 uur werden geopereerd"),
        (76, D("0.09"), "later geopereerde patiënten"),
        # '61% van de vroeg gemobiliseerde patiënten zelfstandig, tegen 47% in de controlegroep'
        (123, D("0.61"), "vroeg gemobiliseerde patiënten"),
        (123, D("0.47"), "controlegroep"),
    ]


def test_claimed_spans_and_thresholds_are_left_alone():
    sentence = "De sensitiviteit was 90% (95% BI 80–95%) bij <5.000 patiënten en 2 jaar."
    claimed = [(sentence.index("90"), sentence.index(")") + 1)]
    assert quantities_in(sentence, claimed) == []


def test_subgroups_before_and_after_a_value():
    text = "OS was 70% in the chemotherapy arm, and 64% for the observation group."
    second = text.index("64")
    assert subgroup_of(text, second, second + 3, text.index("70") + 3) == "observation group"
    text = "Bij patiënten zonder meer dan 3 klieren was de DFS 88%."
    at = text.index("88")
    assert subgroup_of(text, at, at + 3) == "meer dan 3 klieren"
    assert subgroup_of("De overleving was 50%.", 18, 21) == ""
