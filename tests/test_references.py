"""Reference lists of the bundled document, and entries split over page breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.parsers.references import parse_references, split_entries
from loaders.parsers.text import clean_lines
from loaders.records import Module, Span

SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"


@pytest.fixture(scope="module")
def modules(module_bodies: dict[str, tuple[Module, list]]) -> dict[str, tuple[Module, list]]:
    return module_bodies


def test_reference_counts(modules):
    assert {number: len(m.references) for number, (m, _) in modules.items()} == {
        "10.1.1": 16,
        "9.2.3": 15,
        "6.1": 5,
    }


def test_keys_and_spans_of_10_1_1(modules):
    references = modules["10.1.1"][0].references
    assert [(r.key, r.span.first, r.span.last) for r in references] == [
        ("bruckmann-2021", 574, 579),
        ("dall-armellina-2025", 580, 583),
        ("gerke-2025", 584, 589),
        ("guglielmo-2025", 590, 593),
        ("kurland-2020", 594, 599),
        ("lievens-2020", 600, 604),
        ("moser-2024", 605, 608),
        ("niv-2020", 609, 611),
        ("pasquier-2023", 612, 616),
        ("van-ommen-nijhof-2023", 617, 617),
        ("wass-2023", 618, 618),
        ("xia-2023", 619, 619),
        ("xu-2025", 620, 620),
        ("yoon-2024", 621, 621),
        ("zamanian-2023", 622, 622),
        ("zhang-2024", 623, 623),
    ]


def test_identifiers_of_10_1_1(modules):
    references = modules["10.1.1"][0].references
    assert [(r.key, r.doi, r.pmid, r.pmcid) for r in references] == [
        ("bruckmann-2021", "10.1007/s00330-021-07956-0", "33912991", "PMC8523471"),
        ("dall-armellina-2025", "10.3389/fonc.2025.1553505", "40165900", "PMC11955466"),
        ("gerke-2025", "10.1053/j.semnuclmed.2024.10.008", "39547916", ""),
        ("guglielmo-2025", "10.1007/s10549-025-07234-1", "", ""),
        ("kurland-2020", "10.1634/theoncologist.2019-0967", "32374053", "PMC7543360"),
        ("lievens-2020", "10.1016/j.radonc.2020.04.003", "32388150", ""),
        ("moser-2024", "10.2967/jnumed.123.266925", "38637138", ""),
        ("niv-2020", "", "", ""),
        ("pasquier-2023", "10.1016/S1470-2045(23)00286-3", "37541279", ""),
        ("van-ommen-nijhof-2023", "10.1016/j.breast.2022.12.007", "36549169", "PMC9795523"),
        ("wass-2023", "10.2967/jnumed.123.265471", "37290798", ""),
        ("xia-2023", "10.2478/raon-2023-0037", "37494596", "PMC10561067"),
        ("xu-2025", "10.1007/s00259-024-07111-9", "", ""),
        ("yoon-2024", "10.1007/s11912-024-01529-2", "38652425", "PMC11168988"),
        ("zamanian-2023", "10.3390/jimaging9120274", "38132692", "PMC10744045"),
        ("zhang-2024", "10.1007/s40336-024-00656-x", "", ""),
    ]


def test_identifiers_of_9_2_3(modules):
    references = modules["9.2.3"][0].references
    assert [(r.key, r.doi, r.pmid, r.pmcid) for r in references] == [
        ("ai-2020", "10.21037/gs.2020.03.09", "32420257", "PMC7225486"),
        ("baek-2020", "10.4048/jbc.2020.23.e66", "33408888", "PMC7779728"),
        ("buchholz-2020", "10.1200/JCO.19.02806", "32442059", "PMC8462537"),
        ("de-boer-2001", "10.1046/j.1365-2168.2001.01637.x", "11136323", ""),
        ("konkin-2006", "10.1001/archsurg.141.9.867", "16983030", ""),
        ("kuo-2008", "10.1016/j.ijrobp.2008.03.042", "18692329", ""),
        ("newman-2000", "10.1016/s0002-9610(00)00456-6", "11113430", ""),
        ("paluskievicz-2025", "10.7759/cureus.88753", "40861741", "PMC12375383"),
        ("pedersen-2011", "10.1007/s10549-010-0918-8", "20454924", ""),
        ("pergolizzi-2006", "10.1016/j.ijrobp.2005.11.010", "16446058", ""),
        ("snellen-2026", "10.1016/j.ejso.2025.111375", "", ""),
        ("song-2023", "10.1016/j.radonc.2023.109639", "36990395", ""),
        ("terata", "", "", ""),
        ("walstra-2019", "10.1016/j.ejso.2019.02.008", "30795956", ""),
        ("nabon-niv-2012", "", "", ""),
    ]


def test_identifiers_of_6_1(modules):
    references = modules["6.1"][0].references
    assert [(r.key, r.doi, r.pmid, r.pmcid) for r in references] == [
        ("goncalves-2022", "10.1186/s12885-022-09485-5", "", ""),
        ("piatkowski-2023", "10.1001/jamasurg.2022.7625", "PMC9979010", ""),
        ("tukiama-2022", "", "", ""),
        ("tian-2022", "10.1186/s12885-022-09485-5", "", ""),
        ("zorginstituut-nederland-2023", "", "", ""),
    ]


def test_fields_of_an_entry_wrapped_over_lines(modules):
    gerke = modules["10.1.1"][0].references[2]
    assert gerke.authors == [
        "Gerke O",
        "Naghavi-Behzad M",
        "Nygaard ST",
        "Sigaroudi VR",
        "Vogsen M",
        "Vach W",
        "Hildebrandt MG",
    ]
    assert gerke.title == (
        "Diagnosing Bone Metastases in Breast Cancer: A Systematic Review and Network "
        "Meta-Analysis on Diagnostic Test Accuracy Studies of 2-[18F]FDG-PET/CT, 18F-NaF-PET/CT, "
        "MRI, Contrast-Enhanced CT, and Bone Scintigraphy"
    )
    assert (gerke.journal, gerke.year, gerke.volume, gerke.issue, gerke.pages) == (
        "Semin Nucl Med",
        2025,
        "55",
        "1",
        "137-151",
    )
    assert gerke.kind == "systematic-review"


def test_entry_split_over_a_page_break(modules):
    pasquier = modules["10.1.1"][0].references[8]
    assert len(pasquier.authors) == 38
    assert pasquier.authors[21:24] == ["Smeets A", "Kaidar-Person O", "Poortmans P"]
    assert pasquier.journal == "Lancet Oncol"
    song = modules["9.2.3"][0].references[11]
    assert song.span == Span(913, 915)
    assert (song.journal, song.year, song.volume, song.pages) == (
        "Radiother Oncol",
        2023,
        "183",
        "109639",
    )


def test_organisation_and_other_formats(modules):
    niv = modules["10.1.1"][0].references[7]
    assert (niv.authors, niv.year, niv.kind) == (["NIV"], 2020, "guideline")
    assert niv.url.endswith("/gemetastaseerde_borstkanker/diagnostiek_en_stadierung.html")
    zhang = modules["10.1.1"][0].references[15]
    assert (zhang.journal, zhang.volume, zhang.pages, zhang.year) == (
        "Clin Transl Imaging",
        "12",
        "787–798",
        2024,
    )
    nabon = modules["9.2.3"][0].references[14]
    assert (nabon.authors, nabon.year, nabon.url) == (["NABON/ NIV"], 2012, "xxx")
    zin = modules["6.1"][0].references[4]
    assert (zin.authors, zin.year, zin.kind, zin.span) == (
        ["Zorginstituut Nederland"],
        2023,
        "report",
        Span(1182, 1183),
    )


def _problems(modules, number, kind):
    return [(p.subject_key, p.span) for p in modules[number][1] if p.kind == kind]


def test_reference_problems(modules):
    assert _problems(modules, "6.1", "pmcid-as-pmid") == [("piatkowski-2023", Span(1179, 1179))]
    assert _problems(modules, "6.1", "duplicate-doi") == [
        ("goncalves-2022", Span(1178, 1178)),
        ("tian-2022", Span(1181, 1181)),
    ]
    assert _problems(modules, "9.2.3", "placeholder-url") == [("nabon-niv-2012", Span(918, 919))]
    assert _problems(modules, "9.2.3", "incomplete-reference") == [("terata", Span(916, 916))]
    # a guideline or report is found by its URL: niv-2020 (609-611) and the Zorginstituut
    # report (1182-1183) give one; nabon-niv-2012's 'xxx' is a placeholder-url of its own
    assert _problems(modules, "10.1.1", "missing-identifier") == []
    assert _problems(modules, "9.2.3", "missing-identifier") == [("terata", Span(916, 916))]
    assert _problems(modules, "6.1", "missing-identifier") == [("tukiama-2022", Span(1180, 1180))]
    assert [key for key, _ in _problems(modules, "10.1.1", "missing-pmid")] == [
        "guglielmo-2025",
        "xu-2025",
        "zhang-2024",
    ]


def test_uncited_references(modules):
    assert [key for key, _ in _problems(modules, "10.1.1", "uncited-reference")] == [
        "bruckmann-2021",
        "moser-2024",
        "van-ommen-nijhof-2023",
        "yoon-2024",
    ]
    assert [key for key, _ in _problems(modules, "9.2.3", "uncited-reference")] == [
        "ai-2020",
        "song-2023",
        "walstra-2019",
    ]  # nabon-niv-2012 is cited on line 760, with a mistyped year
    assert [key for key, _ in _problems(modules, "6.1", "uncited-reference")] == [
        "piatkowski-2023",
        "tukiama-2022",
        "tian-2022",
    ]


def test_synthetic_list_with_page_break_and_same_author_year():
    raw = [
        "- 5 Smith J, Jones K. First study of a thing. *J Things.* 2020 Jan;1(2):3-4. doi:",
        "10.1000/one. PMID: 111.",
        "- 10 Smith J, Brown L, Green M, White N, Black O,",
        "",
        "55",
        "",
        "- 5 Grey P. Second study. *J Things.* 2020;2:5-6. doi: 10.1000/two.",
        "- van Dijk A. Derde studie. Ned Tijdschr. 2019 Mar;3(1):7-8. PMID: 333",
    ]
    lines = clean_lines(raw)
    assert [span for _, span in split_entries(lines)] == [Span(1, 2), Span(3, 7), Span(8, 8)]
    references, problems = parse_references(lines, "1.2")
    assert [r.key for r in references] == ["smith-2020a", "smith-2020b", "van-dijk-2019"]
    assert references[1].authors[-1] == "Grey P"
    assert (references[2].journal, references[2].pmid) == ("Ned Tijdschr", "333")
    assert [(p.kind, p.subject_key) for p in problems] == [
        ("missing-pmid", "smith-2020b"),
    ]
