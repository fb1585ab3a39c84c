"""People, organisations and the cluster composition of the bundled document."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from loaders.parsers.accountability import parse_accountability
from loaders.parsers.people import PeopleRegistry, parse_composition
from loaders.parsers.sections import split_sections
from loaders.parsers.text import clean_lines, read_source
from loaders.records import Module, Span

SOURCE = Path(__file__).parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"


@cache
def parsed():
    """Composition and every accountability section, in document order, one registry."""
    registry = PeopleRegistry()
    memberships, problems, modules = [], [], {}
    for section in split_sections(read_source(SOURCE)[1]):
        if section.kind == "composition":
            found, found_problems = parse_composition(section, registry)
            memberships += found
            problems += found_problems
        elif section.kind == "accountability":
            module = Module(section.number, section.title, "", section.span)
            problems += parse_accountability(section, module, registry)
            modules[module.number] = module
    return registry, memberships, problems, modules


CLUSTER = {
    "steering": [
        "birgit-vriens", "annette-van-der-velden", "agnes-jager", "desiree-van-den-bongard",
        "marc-mureau", "cristina-guerrero-paez", "christiaan-van-swol",
        "frederieke-van-duijnhoven", "jose-volders", "linda-appelman",
    ],
    "expertise": [
        "saskia-accord-maass", "marieke-van-den-berg", "frederiek-van-den-bos", "sophie-bosma",
        "margriet-collee", "anne-crijns", "carolien-van-deurzen", "sanne-engelen",
        "marco-van-esterik", "andrzej-piatkowski-de-grzymala", "marcelle-immink",
        "femke-intema", "agnes-jager", "loes-kooreman", "iris-langerak", "femke-van-der-leij",
        "gerrit-jan-liefers", "claudette-loo", "anne-lukas", "john-maduro", "carla-meeuwis",
        "emily-postma", "huub-van-rossum", "robert-jan-schipper", "marjolein-smidt",
        "marcel-stokkel", "arco-teske", "dominique-van-uden", "michelle-verseveld",
        "bert-van-der-vegt", "marijke-wevers", "paulien-westhoff", "caroline-willems-blom",
        "leonie-woerdeman",
    ],
    "support": ["lotte-houtepen", "eline-pruijn-de-heus", "michiel-oerbekke", "joline-rohof"],
}  # fmt: skip


def test_cluster_composition_lists_every_member_per_group_in_order():
    _, memberships, _, _ = parsed()
    for group, keys in CLUSTER.items():
        assert [m.person_key for m in memberships if m.group == group] == keys
    assert {m.scope for m in memberships} == {"cluster"}


def test_every_person_has_exactly_one_key():
    registry, _, _, _ = parsed()
    keys = [person.key for person in registry.people()]
    cluster_people = {key for keys in CLUSTER.values() for key in keys}
    assert len(keys) == len(set(keys)) == 48
    assert set(keys) == cluster_people | {"celien-vreuls"}  # Vreuls is listed only in 9.2.3


def test_person_names_are_split_into_initials_given_and_family_name():
    registry, _, _, _ = parsed()
    people = {person.key: person for person in registry.people()}
    vriens = people["birgit-vriens"]
    assert (vriens.initials, vriens.given_name, vriens.family_name) == (
        "B.E.P.J.",
        "Birgit",
        "Vriens",
    )
    bongard = people["desiree-van-den-bongard"]
    assert (bongard.name, bongard.family_name) == ("Desiree van den Bongard", "van den Bongard")
    assert people["eline-pruijn-de-heus"].family_name == "Pruijn-de Heus"
    assert people["michelle-verseveld"].family_name == "Verseveld"  # degree "Msc." dropped
    assert people["celien-vreuls"].span == Span(654, 654)
    assert people["birgit-vriens"].span == Span(85, 85)


def test_membership_keeps_role_and_organisations_as_written():
    _, memberships, _, _ = parsed()
    bongard = next(m for m in memberships if m.person_key == "desiree-van-den-bongard")
    assert (bongard.role, bongard.organisation_text) == ("Radiotherapeut-Oncoloog", "NABON/NVRO")
    assert bongard.organisation_keys == ["nabon", "nvro"]
    langerak = next(m for m in memberships if m.person_key == "iris-langerak")
    assert langerak.organisation_keys == ["borstkanker-vereniging-nederland"]
    verseveld = next(m for m in memberships if m.person_key == "michelle-verseveld")
    assert verseveld.organisation_keys == ["kngf", "nvfl"]
    assert verseveld.role == "Oedeem en oncologiefysiotherapeut"


def test_name_variants_are_kept_with_their_lines_and_reported():
    registry, _, _, _ = parsed()
    variants = {
        (p.subject_key, p.span.first) for p in registry.problems() if p.kind == "name-variant"
    }
    assert variants == {
        ("cristina-guerrero-paez", 274),  # Guerreo Paez (also 685, 1004, 1043)
        ("cristina-guerrero-paez", 644),  # Guerreiro Paez
        ("iris-langerak", 1070),  # Langeraak
        ("dominique-van-uden", 297),  # Domini que
        ("leonie-woerdeman", 720),  # Woerdenman
        ("michiel-oerbekke", 665),  # Oerbetke
    }
    people = {person.key: person for person in registry.people()}
    # every spelling with every line it is written on, the preferred one first (lines 90, 226)
    assert [
        (v.text, [span.first for span in v.spans])
        for v in people["cristina-guerrero-paez"].variants
    ] == [
        ("Cristina Guerrero Paez", [90, 226]),
        ("Cristina Guerreo Paez", [274, 685, 1004, 1043]),
        ("Cristina Guerreiro Paez", [644]),
    ]
    message = next(p.message for p in registry.problems() if p.span.first == 274)
    assert "line 274, 685, 1004, 1043" in message


def test_organisations_have_full_names_kinds_and_variants():
    registry, _, problems, _ = parsed()
    organisations = {o.key: o for o in registry.organisations()}
    assert organisations["niv"].name == "Nederlandsche Internisten Vereeniging"
    assert organisations["nvpc"].kind == "professional-society"
    bvn = organisations["borstkanker-vereniging-nederland"]
    assert (bvn.kind, bvn.abbreviations) == ("patient-organisation", ["BVN"])
    # every spelling written, the abbreviation and the full name too, with their lines
    assert [(v.text, [span.first for span in v.spans]) for v in bvn.variants] == [
        ("BVN", [90, 226, 270, 644, 681, 1004, 1016, 1039]),
        ("Borstkanker Ver. NL", [112]),
        ("Borstkanker Vereniging Nederland", [270, 274, 681, 685, 1039, 1043]),
        ("Borstkankervereniging Nederland", [1070]),
    ]
    assert organisations["contactgroep-phyllodes"].kind == "patient-organisation"
    assert organisations["kwf"].kind == "charity"
    assert organisations["pfizer"].kind == "company"
    assert organisations["zonmw"].kind == "government"
    kennis = [p for p in registry.problems() if p.subject_key == "kennisinstituut"]
    assert [(p.kind, p.span.first) for p in kennis] == [("organisation-variant", 139)]


def test_the_registry_is_deterministic():
    def keys() -> list[str]:
        registry = PeopleRegistry()
        for text in ["A. (Ann) de Wit", "Ann de Witt", "B. (Bo) Smit", "Bo Smit"]:
            registry.person_for(text, Span(1, 1))
        return [person.key for person in registry.people()]

    assert keys() == keys() == ["ann-de-wit", "bo-smit"]


def test_different_people_with_similar_names_stay_apart():
    registry = PeopleRegistry()
    keys = [
        registry.person_for(text, Span(n, n))
        for n, text in enumerate(
            ["F. (Femke) Intema", "F. (Femke) van der Leij", "A. (Anne) Crijns", "A. (Anne) Lukas"],
            1,
        )
    ]
    assert keys == ["femke-intema", "femke-van-der-leij", "anne-crijns", "anne-lukas"]
    assert registry.person_for("Femke Intemma", Span(9, 9)) == "femke-intema"


def test_composition_of_a_synthetic_cluster():
    lines = clean_lines(
        [
            "Samenstelling van het cluster",
            "Clusterexpertisegroep",
            "- X.Y. (Els) ter Horst, Internist, NIV",
            "Clusterstuurgroep",
            "- 5 • J. (Jan) de Boer, Chirurg, NVvH/NABON",
        ]
    )
    section = split_sections(lines)[0]
    memberships, problems = parse_composition(section, PeopleRegistry())
    assert [(m.group, m.person_key, m.organisation_keys) for m in memberships] == [
        ("expertise", "els-ter-horst", ["niv"]),
        ("steering", "jan-de-boer", ["nvvh", "nabon"]),
    ]
    assert problems == []
