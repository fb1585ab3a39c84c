"""Conflict-of-interest declarations: table rows, continued rows, interests."""

from __future__ import annotations

from test_people import parsed

from loaders.parsers.declarations import parse_declarations, read_declaration_rows
from loaders.parsers.declarations_interests import (
    counterparty_text,
    paid_of,
    project_of,
    role_of,
    split_items,
)
from loaders.parsers.people import PeopleRegistry
from loaders.parsers.text import clean_lines
from loaders.records import Span

HEADER = (
    "Naam\tHoofdfunctie\tNevenwerkzaamheden\tPersoonlijke financiële belangen\t"
    "Persoonlijke relaties\tExtern gefinancierd onderzoek\t"
    "Intellectuele belangen en reputatie\tOverige belangen"
)


def declaration(module: str, person: str, group: str = ""):
    _, _, _, modules = parsed()
    return next(
        d
        for d in modules[module].declarations
        if d.person_key == person and (not group or d.group == group)
    )


def test_number_of_declaration_rows_per_module_and_group():
    _, _, _, modules = parsed()
    counts = {
        (number, group): sum(d.group == group for d in module.declarations)
        for number, module in modules.items()
        for group in ("steering", "expertise")
    }
    assert counts == {
        ("10.1.1", "steering"): 10,
        ("10.1.1", "expertise"): 6,
        ("9.2.3", "steering"): 10,
        ("9.2.3", "expertise"): 8,
        ("6.1", "steering"): 10,
        ("6.1", "expertise"): 5,
    }


def test_the_seven_categories_are_kept_verbatim():
    row = declaration("10.1.1", "annette-van-der-velden")
    assert (row.name_as_written, row.span) == ("Annette van der Velden", Span(268, 268))
    assert [
        row.main_position,
        row.side_activities,
        row.financial_interests,
        row.personal_relations,
        row.research_funding,
        row.intellectual_interests,
        row.other_interests,
    ] == ["Internist-oncoloog", "Kaderarts palliatieve zorg", "nvt", "nvt", "nee", "nee", "nee"]
    assert [i.kind for i in row.interests] == ["employment", "side-activity"]


def test_a_row_continued_on_the_next_page_is_merged_cell_by_cell():
    frederieke = declaration("10.1.1", "frederieke-van-duijnhoven")
    assert frederieke.span == Span(277, 279)
    assert frederieke.research_funding.endswith(
        "* EORTC-quality of life group - Follow-up in Early and Locally Advanced Breast Cancer "
        "Patiënts: An EORTC QLQ-BCG-ROG Protocol - clinical study in which quality of life data "
        "are registered in patiënts treated for breast cancer < 3 years ago - Geen projectleider, "
        "local PI"
    )
    assert frederieke.other_interests == "Geen"
    bert = declaration("10.1.1", "bert-van-der-vegt")
    assert bert.span == Span(301, 303)
    assert bert.side_activities.endswith("* Lid Palga Raad (onbetaald)")
    assert bert.financial_interests == "DEKRA, extern adviseur"
    meeuwis = declaration("9.2.3", "carla-meeuwis")
    assert meeuwis.span == Span(717, 719)
    assert "Chipsoft gebruikersvoorzitter - onbetaald" in meeuwis.side_activities


def test_who_declared_kwf_research_funding():
    _, _, _, modules = parsed()
    funded = {
        number: sorted(
            {
                d.person_key
                for d in module.declarations
                for i in d.interests
                if i.kind == "research-funding" and "kwf" in i.organisation_keys
            }
        )
        for number, module in modules.items()
    }
    assert funded == {
        "10.1.1": ["agnes-jager", "desiree-van-den-bongard", "frederieke-van-duijnhoven"],
        "9.2.3": [
            "agnes-jager",
            "carla-meeuwis",
            "desiree-van-den-bongard",
            "frederieke-van-duijnhoven",
        ],
        "6.1": [
            "agnes-jager",
            "desiree-van-den-bongard",
            "frederieke-van-duijnhoven",
            "marijke-wevers",
        ],
    }


def test_named_interests():
    novartis = declaration("6.1", "birgit-vriens").interests[-1]
    assert (novartis.kind, novartis.organisation_keys, novartis.paid) == (
        "other",
        ["novartis"],
        True,
    )
    mooi = [i for i in declaration("6.1", "andrzej-piatkowski-de-grzymala").interests]
    assert [(i.kind, i.organisation_keys) for i in mooi if i.kind == "financial"] == [
        ("financial", ["mumc", "mooi-kliniek"])
    ]
    assert mooi[-1].text == "Bekendheid van de AFT-procedure"
    dekra = [
        i for i in declaration("10.1.1", "bert-van-der-vegt").interests if i.kind == "financial"
    ]
    assert [(i.text, i.organisation_keys) for i in dekra] == [("DEKRA, extern adviseur", ["dekra"])]


def test_research_projects_roles_and_counterparties():
    interests = declaration("9.2.3", "desiree-van-den-bongard").interests
    research = [
        (i.organisation_keys, i.project, i.role) for i in interests if i.kind == "research-funding"
    ]
    assert research == [
        (["kwf", "pink-ribbon"], "ABLATIVE", "projectleider"),
        (["varian"], "BREAST-ART", "projectleider"),
        (["kwf", "pink-ribbon"], "RT-HYPE", "projectleider"),
        # 'ARTILLERY (HORIZON project) co-investigator': the project is ARTILLERY, funded
        # by the EU programme Horizon
        (["horizon-europe"], "ARTILLERY", "co-investigator"),
    ]
    side = [(i.organisation_keys, i.paid) for i in interests if i.kind == "side-activity"]
    assert side[:4] == [
        (["nabon"], False),
        # 'Voorzitter Landelijk Platform Radiotherapie Mammacarcinoom (LPRM) bestuur': no
        # reference list knows it; its head word 'Platform' does
        (["landelijk-platform-radiotherapie-mammacarcinoom"], False),
        (["estro"], True),
        (["borstkanker-vereniging-nederland"], False),
    ]
    frederieke = declaration("10.1.1", "frederieke-van-duijnhoven").interests
    assert [(i.organisation_keys, i.role) for i in frederieke if i.kind == "research-funding"] == [
        (["innovatiefonds-zorgverzekeraars"], "geen projectleider, co-PI"),
        (["kwf"], "geen projectleider, co-PI"),
        (["kwf"], "geen projectleider, local PI"),
        (["eortc"], "geen projectleider, local PI"),
    ]
    liefers = declaration("10.1.1", "gerrit-jan-liefers").interests
    assert [(i.organisation_keys, i.project) for i in liefers[1:]] == [
        (["hologic"], "BCI"),
        (["agendia"], "IDEAL"),
    ]


def test_a_supervisors_affiliations_are_not_counterparties():
    # line 282: 'O.l.v. Ritse Mann (mammarioloog Radboudumc & AvL) ben ik bezig met
    # promotietraject': Radboudumc and AvL are Ritse Mann's, not Linda Appelman's ties
    for module in ("10.1.1", "9.2.3", "6.1"):
        interests = declaration(module, "linda-appelman").interests
        (supervised,) = [i for i in interests if "O.l.v. Ritse Mann" in i.text]
        assert "(mammarioloog Radboudumc & AvL)" in supervised.text  # text kept
        assert (supervised.kind, supervised.organisation_keys) == ("side-activity", ["boog"])
    assert counterparty_text("onder leiding van Jan de Vries (NKI) onderzoek, KWF") == (
        "onder leiding van Jan de Vries  onderzoek, KWF"
    )


def test_hospital_spelling_variants_name_one_hospital():
    registry, _, _, _ = parsed()
    problems = registry.problems()
    spellings = {
        ("10.1.1", "Diakonesshuis"),  # line 280
        ("9.2.3", "Diaconesehuis"),  # line 696
        ("6.1", "Diaconeshuizen"),  # line 1054
    }
    for module, written in spellings:
        (employment,) = [
            i for i in declaration(module, "jose-volders").interests if written in i.text
        ]
        assert employment.organisation_keys == ["diakonessenhuis"]
    variants = {
        (p.span.first, p.message.split("'")[1])
        for p in problems
        if p.kind == "organisation-variant" and p.subject_key == "diakonessenhuis"
    }
    assert variants == {(280, "Diakonesshuis"), (696, "Diaconesehuis"), (1054, "Diaconeshuizen")}
    # line 285: 'Internist Oncoloog Erasmus Kanker Instituut Rotterdam MC ...'
    jager = declaration("10.1.1", "agnes-jager", "steering").interests
    assert [i.organisation_keys for i in jager if i.kind == "employment"] == [["erasmus-mc"]]


def test_employment_names_the_employer():
    employers = {
        person: [
            i.organisation_keys
            for i in declaration(module, person).interests
            if i.kind == "employment"
        ]
        for module, person in [
            ("10.1.1", "desiree-van-den-bongard"),
            ("10.1.1", "gerrit-jan-liefers"),
            ("10.1.1", "dominique-van-uden"),
            ("9.2.3", "celien-vreuls"),
            ("6.1", "andrzej-piatkowski-de-grzymala"),
        ]
    }
    assert employers == {
        "desiree-van-den-bongard": [["amsterdam-umc"]],
        "gerrit-jan-liefers": [["lumc"]],
        "dominique-van-uden": [["cwz"]],
        "celien-vreuls": [["umc-utrecht"]],
        "andrzej-piatkowski-de-grzymala": [["mumc"], ["mooi-kliniek"], ["universiteit-maastricht"]],
    }


def test_no_interest_answers_give_no_interests():
    van_der_leij = declaration("6.1", "femke-van-der-leij")
    assert van_der_leij.research_funding == "Niet van toepassing"
    assert [i.kind for i in van_der_leij.interests] == ["employment"]
    bosma = declaration("6.1", "sophie-bosma")
    assert (bosma.research_funding, bosma.other_interests) == ("-", "Nee")
    assert [i.kind for i in bosma.interests] == ["employment"]


def test_item_helpers():
    assert split_items("* A (onbetaald) * B; C") == ["A (onbetaald)", "B; C"]
    assert split_items("1. KWF - X (Projectleider JA) 2. Pfizer - Y") == [
        "KWF - X (Projectleider JA)",
        "Pfizer - Y",
    ]
    assert split_items("Geen") == []
    assert project_of("Lipocosm - EVE-trial, onderzoek") == "EVE"
    assert role_of("(Projectleider NEE)") == "geen projectleider"
    assert paid_of("Kaderarts") is None
    assert paid_of("werkzaamheden (betaald)") is True


def test_synthetic_tables_with_continuations_repeated_header_and_surplus_cells():
    lines = clean_lines(
        [
            "\t\t\t\t\tzwevend\t\t",
            HEADER,
            "Ann Smit\tArts, Radboudumc\tGeen\tGeen\tGeen\tKWF - A\tGeen\tGeen",
            "-----\t---\t---",
            "",
            "\t\t\t\t\t- Projectleider\t\t",
            HEADER,
            "Bo Visser\tArts\tGeen\tGeen\tGeen\tGeen\tGeen\tGeen\textra",
        ]
    )
    rows = read_declaration_rows(lines)
    assert [(row.cells[0], row.cells[5], row.cells[7], row.span) for row in rows] == [
        ("Ann Smit", "KWF - A - Projectleider", "Geen", Span(3, 6)),
        ("Bo Visser", "Geen", "Geen extra", Span(8, 8)),
    ]
    declarations, problems = parse_declarations(lines, "1.1", "steering", PeopleRegistry())
    assert [(d.person_key, d.module, d.group) for d in declarations] == [
        ("ann-smit", "1.1", "steering"),
        ("bo-visser", "1.1", "steering"),
    ]
    assert declarations[0].interests[-1].role == "projectleider"
    assert [(p.kind, p.span.first) for p in problems] == [("orphan-table-row", 1)]
