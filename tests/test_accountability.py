"""Accountability sections: initiative, module panels, Wkkgz assessment, and checks."""

from __future__ import annotations

from test_people import parsed

from loaders.parsers.accountability import parse_accountability
from loaders.parsers.accountability_wkkgz import read_wkkgz_row
from loaders.parsers.people import PeopleRegistry
from loaders.parsers.sections import split_sections
from loaders.parsers.text import clean_lines
from loaders.records import Module, Span

NO_CONSEQUENCES = "geen substantiële financiële gevolgen"


def test_initiative_per_module():
    _, _, _, modules = parsed()
    assert [(m.number, m.initiative, m.initiative_key) for m in modules.values()] == [
        ("10.1.1", "NIV", "niv"),
        ("9.2.3", "NIV", "niv"),
        ("6.1", "NVPC", "nvpc"),
    ]
    assert modules["9.2.3"].accountability_span == Span(625, 739)


def test_panel_of_each_module_per_group():
    _, _, _, modules = parsed()

    def panel(number: str, group: str) -> list[str]:
        return [m.person_key for m in modules[number].memberships if m.group == group]

    steering = [
        "birgit-vriens", "annette-van-der-velden", "agnes-jager", "desiree-van-den-bongard",
        "marc-mureau", "cristina-guerrero-paez", "christiaan-van-swol",
        "frederieke-van-duijnhoven", "jose-volders", "linda-appelman",
    ]  # fmt: skip
    support = ["lotte-houtepen", "eline-pruijn-de-heus", "michiel-oerbekke", "joline-rohof"]
    for number in modules:
        assert panel(number, "steering") == steering
        assert panel(number, "support") == support
        assert {m.scope for m in modules[number].memberships} == {number}
    assert panel("10.1.1", "expertise") == [
        "femke-intema", "paulien-westhoff", "bert-van-der-vegt", "dominique-van-uden",
        "agnes-jager", "gerrit-jan-liefers",
    ]  # fmt: skip
    assert panel("9.2.3", "expertise") == [
        "emily-postma", "femke-van-der-leij", "celien-vreuls", "anne-crijns", "carla-meeuwis",
        "leonie-woerdeman", "femke-intema", "marieke-van-den-berg",
    ]  # fmt: skip
    assert panel("6.1", "expertise") == [
        "andrzej-piatkowski-de-grzymala", "femke-van-der-leij", "sophie-bosma",
        "marijke-wevers", "iris-langerak",
    ]  # fmt: skip


def test_roles_of_a_person_across_modules():
    _, memberships, _, modules = parsed()
    everything = memberships + [m for module in modules.values() for m in module.memberships]
    jager = [(m.scope, m.group, m.role) for m in everything if m.person_key == "agnes-jager"]
    assert jager == [
        ("cluster", "steering", "Internist-Oncoloog"),
        ("cluster", "expertise", "Internist-Oncoloog"),
        ("10.1.1", "steering", "Internist-Oncoloog"),
        ("10.1.1", "expertise", "Internist-Oncoloog"),
        ("9.2.3", "steering", "Internist-Oncoloog"),
        ("6.1", "steering", "Internist-Oncoloog"),
    ]
    vreuls = [m for m in everything if m.person_key == "celien-vreuls"]
    assert [(m.scope, m.group, m.role, m.span.first) for m in vreuls] == [
        ("9.2.3", "expertise", "Patholoog", 654)
    ]


def test_wkkgz_outcome_per_module():
    _, _, _, modules = parsed()
    assessments = {number: module.wkkgz for number, module in modules.items()}
    assert {n: (a.outcome, a.span.first) for n, a in assessments.items()} == {
        "10.1.1": (NO_CONSEQUENCES, 314),
        "9.2.3": (NO_CONSEQUENCES, 735),
        "6.1": (NO_CONSEQUENCES, 1083),
    }
    assert assessments["10.1.1"].module_title == (
        "Module Beeldvormende diagnostiek bij oligometastasen bij borstkanker"
    )
    assert assessments["9.2.3"].module_title == "Module Lokale behandeling regionale recidieven"
    assert assessments["6.1"].module_title == "Module Autologe vettransplantaties"
    assert assessments["6.1"].explanation.startswith("Uit de toetsing volgt dat de aanbeveling(en)")


def test_wkkgz_table_problems_are_reported():
    _, _, problems, _ = parsed()
    found = [(p.kind, p.subject_key, p.span.first) for p in problems if "table-row" in p.kind]
    assert found == [
        ("garbled-table-row", "10.1.1", 316),
        ("foreign-table-row", "10.1.1", 316),
        ("garbled-table-row", "10.1.1", 317),
        ("foreign-table-row", "10.1.1", 317),
        ("garbled-table-row", "9.2.3", 735),
    ]


def test_a_scattered_wkkgz_row_is_put_back_together():
    row = read_wkkgz_row(
        ["Module behandeling recidieven", "Lokale regionale", "geen gevolgen", "substantiële",
         "financiële", "Uit de toetsing"]
    )  # fmt: skip
    assert (row.title, row.outcome, row.explanation) == (
        "Module behandeling recidieven Lokale regionale",
        NO_CONSEQUENCES,
        "Uit de toetsing",
    )


def test_the_bundled_panels_and_declarations_agree():
    _, _, problems, _ = parsed()
    kinds = {"missing-declaration", "undeclared-member", "duplicate-row", "missing-initiative"}
    assert [p for p in problems if p.kind in kinds] == []


SYNTHETIC = [
    "Verantwoording module 2.1 Nieuwe module",
    "Initiatief: NVvR",
    "Samenstelling van de werkgroep",
    "Betrokken clusterexpertisegroepsleden",
    "- P. (Piet) Jansen, Radioloog, NVvR",
    "- K. (Kim) de Vries, Chirurg, NVvH",
    "Belangenverklaringen",
    "Clusterexpertisegroepleden",
    "Naam\tHoofdfunctie\tNevenwerkzaamheden\tPersoonlijke financiële belangen\t"
    "Persoonlijke relaties\tExtern gefinancierd onderzoek\tIntellectuele belangen en reputatie\t"
    "Overige belangen",
    "Piet Janssen\tRadioloog, LUMC\tGeen\tGeen\tGeen\tKWF - X - Projectleider\tGeen\tGeen",
    "Tom Klaassen\tArts\tGeen\tGeen\tGeen\tGeen\tGeen\tGeen",
    "Kwalitatieve raming van mogelijke financiële gevolgen in het kader van de Wkkgz",
    "Module\tUitkomst kwalitatieve raming\tToelichting",
    "Module Nieuwe module\tgeen substantiële financiële gevolgen\tNiet breed toepasbaar.",
]


def test_a_synthetic_module_with_other_people_and_order():
    section = split_sections(clean_lines(SYNTHETIC))[0]
    registry = PeopleRegistry()
    module = Module(section.number, section.title, "", section.span)
    problems = parse_accountability(section, module, registry)
    assert (module.number, module.initiative_key) == ("2.1", "nvvr")
    assert [(m.group, m.person_key) for m in module.memberships] == [
        ("expertise", "piet-jansen"),
        ("expertise", "kim-de-vries"),
    ]
    assert [(d.person_key, d.group) for d in module.declarations] == [
        ("piet-jansen", "expertise"),
        ("tom-klaassen", "expertise"),
    ]
    assert module.wkkgz.outcome == NO_CONSEQUENCES
    assert sorted((p.kind, p.span.first) for p in problems + registry.problems()) == [
        ("missing-declaration", 6),
        ("name-variant", 10),
        ("undeclared-member", 11),
    ]


def test_a_module_without_initiative_or_wkkgz_is_reported():
    section = split_sections(clean_lines(SYNTHETIC[:8]))[0]
    module = Module(section.number, section.title, "", section.span)
    problems = parse_accountability(section, module, PeopleRegistry())
    assert module.initiative == "NVvR"
    assert module.wkkgz is None
    kinds = [p.kind for p in problems]
    assert kinds == ["missing-wkkgz", "missing-declaration", "missing-declaration"]
