"""Organisations found beyond the gazetteer, and every spelling of a name with its lines.

The bundled document's interest declarations name research networks, trial groups,
registries and boards that no reference list knows; generic cues find them (see
`loaders.parsers.organisations_cues`).  Each was checked by reading the lines pinned below.
Fixtures written here use other layouts and other (invented) names.
"""

from __future__ import annotations

from test_people import parsed

from loaders.parsers.declarations import parse_declarations
from loaders.parsers.organisations import OrganisationRegistry, find_mentions
from loaders.parsers.organisations_cues import (
    abbreviates,
    cut_short,
    find_cued_names,
    spelled_alike,
)
from loaders.parsers.people import PeopleRegistry
from loaders.parsers.text import clean_lines
from loaders.records import Span

# organisations of the bundled document no reference list knows: key -> (name, lines)
CUED_IN_BUNDLED = {
    # 'Voorzitter Landelijk Platform Radiotherapie Mammacarcinoom (LPRM) bestuur'
    "landelijk-platform-radiotherapie-mammacarcinoom": (
        "Landelijk Platform Radiotherapie Mammacarcinoom",
        [270, 681, 1039],
    ),
    # 'Lid NTVO redactie' and 'Lid hoofdredactieraad, Nederlands Tijdschrift voor Oncologie'
    "ntvo": ("Nederlands Tijdschrift voor Oncologie", [270, 301, 681, 1039]),
    # 'Lid landelijke werkgroep hypofractionering mammacarcinoom' (a name in lower case)
    "landelijke-werkgroep-hypofractionering-mammacarcinoom": (
        "landelijke werkgroep hypofractionering mammacarcinoom",
        [270, 681, 1039],
    ),
    # 'Maatschapslid AZR>SFG': a member acronym and the acronym joined to it
    "azr": ("AZR", [273, 684, 1042]),
    "sfg": ("SFG", [273, 684, 1042]),
    # 'clinical audit board Dutch Breast Implant Registry'
    "dutch-breast-implant-registry": ("Dutch Breast Implant Registry", [273, 684, 1042]),
    "european-commission-expert-panel-medical-devices": (
        "European Commission Expert Panel Medical Devices",
        [273, 684, 1042],
    ),
    # 'Lid Raad van Toezicht SPL te Leiden', 'raad van toezicht Bureau Clara Wichman', ...
    "spl": ("SPL", [274, 685, 1043]),
    "bureau-clara-wichman": ("Bureau Clara Wichman", [274, 685, 1043]),
    "systemic-justice": ("Systemic Justice", [274, 685, 1043]),
    "covid-consortium": ("Covid consortium", [274, 685, 1043]),
    "pag": ("PAG", [274, 685, 1043]),  # 'Verder werken wij met de PAG samen'
    # 'betrokken ben bij de patiëntenvereniging voor Phylloides tumoren van de borst'
    # (line 277), written 'Phyllodes' in the later copies of the table
    "patientenvereniging-voor-phylloides-tumoren": (
        "patiëntenvereniging voor Phylloides tumoren",
        [277, 690, 1048],
    ),
    # 'secretary of the Breast Cancer Group' (the EORTC's)
    "breast-cancer-group": ("Breast Cancer Group", [277, 690, 1048]),
    "neo-allto": ("NEO ALLTO", [277, 690, 1048]),  # 'NEO ALLTO study Steering committee'
    # 'voorzitter DORP (Dutch Oncology Research Platform)'
    "dutch-oncology-research-platform": ("Dutch Oncology Research Platform", [285, 702, 1060]),
    "treadmed": ("TreadMed", [285, 702, 1060]),  # 'WAR commissie lid van TreadMed'
    # 'vrz van Dutch Breast Cancer Cohort (DBCC)'
    "dutch-breast-cancer-cohort": ("Dutch Breast Cancer Cohort", [285, 298, 702, 1060]),
    "nkr": ("NKR", [285, 298, 702, 1060]),  # 'WAR lid NABON-BOOG_NKR commissie'
    "msb": ("MSB", [296, 723]),  # 'Nucleair geneeskundige Meander Medisch Centrum Lid MSB'
    "academisch-borstcentrum-groningen": ("Academisch Borstcentrum Groningen", [301]),
    "european-partnership-for-radiation-protection-research": (
        "European Partnership for Radiation Protection Research",
        [714],
    ),
    "cpme": ("CPME", [717]),  # 'CPME / KNMG werkgroep digital health'
    "dcbi": ("DCBI", [717]),  # 'NWR mammasectie (DCBI) bestuur secretaris'
    "onconext": ("ONCONEXT", [717]),  # 'ONCONEXT stuurgroep gegevensuitwisseling'
    "ihe-nl": ("IHE-NL", [717]),  # 'IHE-NL bestuur gebruikersvoorzitter'
    "bvo": ("BVO", [717]),  # 'BVO programmacommissie gegevensuitwisseling'
    "hebon": ("HEBON", [1071]),  # 'als lid van de stuurgroep HEBON'
}


def organisations():
    registry, _, _, _ = parsed()
    return {organisation.key: organisation for organisation in registry.organisations()}


def lines_of(organisation) -> list[int]:
    return sorted({span.first for variant in organisation.variants for span in variant.spans})


def test_the_bundled_document_names_105_organisations_28_found_by_cues():
    found = organisations()
    assert len(found) == 105
    cued = {key: (found[key].name, lines_of(found[key])) for key in CUED_IN_BUNDLED}
    assert cued == CUED_IN_BUNDLED


def test_defined_acronyms_become_abbreviations_and_spellings_with_their_lines():
    found = organisations()
    lprm = found["landelijk-platform-radiotherapie-mammacarcinoom"]
    assert (lprm.kind, lprm.abbreviations) == ("knowledge-institute", ["LPRM"])
    assert found["dutch-oncology-research-platform"].abbreviations == ["DORP"]
    assert found["dutch-breast-cancer-cohort"].abbreviations == ["DBCC"]
    # an acronym seen first, its full name later (line 301): one organisation, both spellings
    ntvo = found["ntvo"]
    assert ntvo.abbreviations == ["NTVO"]
    assert [(v.text, [s.first for s in v.spans]) for v in ntvo.variants] == [
        ("NTVO", [270, 681, 1039]),
        ("Nederlands Tijdschrift voor Oncologie", [301]),
    ]


def test_an_acronym_with_w_for_vv_is_a_variant_of_the_known_society():
    # 'NWR mammasectie (DCBI) bestuur secretaris' (line 717) beside 'NVVR mammasectie bestuur'
    nvvr = organisations()["nvvr"]
    assert [(v.text, v.span.first) for v in nvvr.variants if v.text in ("NWR", "NVVR")] == [
        ("NWR", 717),
        ("NVVR", 717),
    ]
    registry, _, _, _ = parsed()
    assert [(p.kind, p.span.first) for p in registry.problems() if p.subject_key == "nvvr"] == [
        ("organisation-variant", 717)
    ]


def test_a_known_name_cut_short_and_a_name_spelled_alike_are_variants_with_a_warning():
    found = organisations()
    # '1. Onco - Selection of advanced breast cancer patients' (lines 702, 1060): 'Oncode'
    assert [(v.text, [s.first for s in v.spans]) for v in found["oncode"].variants] == [
        ("Oncode", [285, 298, 702, 1060]),
        ("Onco", [702, 1060]),
    ]
    phyllodes = found["patientenvereniging-voor-phylloides-tumoren"]
    assert [(v.text, [s.first for s in v.spans]) for v in phyllodes.variants] == [
        ("patiëntenvereniging voor Phylloides tumoren", [277]),
        ("patiëntenvereniging voor Phyllodes tumoren", [690, 1048]),
    ]
    assert (phyllodes.kind, found["dcbi"].kind) == ("patient-organisation", "other")
    registry, _, _, _ = parsed()
    variants = [
        (p.subject_key, p.span.first)
        for p in registry.problems()
        if p.kind == "organisation-variant" and p.subject_key in ("oncode", phyllodes.key)
    ]
    assert variants == [(phyllodes.key, 690), ("oncode", 702)]


def test_the_interest_names_its_cued_counterparty():
    _, _, _, modules = parsed()
    wevers = next(d for d in modules["6.1"].declarations if d.person_key == "marijke-wevers")
    research = next(i for i in wevers.interests if i.kind == "research-funding")
    assert research.organisation_keys == ["pink-ribbon", "kwf", "hebon"]
    assert research.span == Span(1071, 1071)


# --- fixtures in other layouts, with invented names ------------------------------------------


def cued(text: str) -> list[tuple[str, str, str]]:
    return [(name.text, name.kind, name.abbreviation) for name in find_cued_names(text)]


def test_each_cue_on_invented_names():
    assert cued("Adviseur Zilverberg Medical B.V. (betaald)") == [
        ("Zilverberg Medical B.V.", "company", "")
    ]
    assert cued("Penningmeester Nordic Breast Trialists Network, onbezoldigd") == [
        ("Nordic Breast Trialists Network", "knowledge-institute", "")
    ]
    assert cued("Member of the Scandinavian Sarcoma Group (SSG) since 2019") == [
        ("Scandinavian Sarcoma Group", "knowledge-institute", "SSG")
    ]
    assert cued("voorzitter MNN (Mammografie Netwerk Nederland)") == [
        ("Mammografie Netwerk Nederland", "knowledge-institute", "MNN")
    ]
    assert cued("deelname aan het Orchid consortium, geen rol") == [
        ("Orchid consortium", "knowledge-institute", "")
    ]
    assert cued("raad van toezicht Huize Lindenhof; adviseur namens Kiwa Nederland") == [
        ("Huize Lindenhof", "other", ""),
        ("Kiwa Nederland", "other", ""),
    ]
    assert cued("Onderzoek in opdracht van Medivance, sponsor Tarsus Pharma") == [
        ("Medivance", "other", ""),
        ("Tarsus Pharma", "other", ""),
    ]
    assert cued("ABC-NL stuurgroep; KLM study steering committee") == [
        ("ABC-NL", "other", ""),
        ("KLM", "other", ""),
    ]
    assert cued("Lid VZO (onbetaald)") == [("VZO", "other", "")]
    assert cued("bestuurslid Stichting Blauwe Vlinder") == [
        ("Stichting Blauwe Vlinder", "charity", "")
    ]


def test_cues_for_names_in_lower_case_units_partners_and_research_items():
    assert cued("Voorzitter nationale werkgroep borstreconstructie (onbetaald)") == [
        ("nationale werkgroep borstreconstructie", "knowledge-institute", "")
    ]
    assert cued("adviseur van de stichting voor erfelijke darmkanker, sinds 2020") == [
        ("stichting voor erfelijke darmkanker", "charity", "")
    ]
    assert cued("vrijwilliger bij een patiëntenvereniging voor Lynch syndroom.") == [
        ("patiëntenvereniging voor Lynch syndroom", "patient-organisation", "")
    ]
    assert cued("Bestuurslid, afdeling (NVX-ZN) en secretaris subgroep (SMG)") == [
        ("NVX-ZN", "other", ""),
        ("SMG", "other", ""),
    ]
    assert cued("In samenwerking met het RKZ; we collaborate with the NBTG") == [
        ("RKZ", "other", ""),
        ("NBTG", "other", ""),
    ]
    assert cued("Maatschapslid MCH > RDG (betaald)") == [
        ("MCH", "other", ""),
        ("RDG", "other", ""),
    ]
    assert cued("Zilverhart Zorg - Pilot thuismonitoring na mastectomie - co-PI") == [
        ("Zilverhart Zorg", "other", "")
    ]
    assert cued("KWF - DENSE2-studie (Geen projectleider)") == [("KWF", "other", "")]


def test_cues_for_advisers_consultants_and_funders():
    assert cued("Consultant Orthowerk (betaald); adviseur bij Kiwa Cert") == [
        ("Orthowerk", "other", ""),
        ("Kiwa Cert", "other", ""),
    ]
    assert cued("Lid adviesraad ouderenzorg Blauwe Polis (vacatiegeld)") == [
        ("Blauwe Polis", "other", "")
    ]
    assert cued("Onderzoeksfinanciering Orthowerk voor een implantaatstudie") == [
        ("Orthowerk", "other", "")
    ]
    assert cued("adviseur, onbetaald; consultancy voor de afdeling") == []


def test_a_gazetteer_name_cut_short_names_the_known_organisation():
    registry = OrganisationRegistry()
    assert registry.mentioned_in("Agend - MammaPrint validatie (Projectleider)", Span(4, 4)) == [
        "agendia"
    ]
    assert [(p.kind, p.subject_key) for p in registry.problems()] == [
        ("organisation-variant", "agendia")
    ]
    # too short, or the beginning of more than one name: not taken
    assert cut_short("Onc", ["Oncode"]) is None
    assert cut_short("Onco", ["Oncode", "Oncoline"]) is None
    assert cut_short("Oncode", ["Oncode"]) is None


def test_spelled_alike_allows_one_word_with_a_letter_or_two_more():
    assert spelled_alike("vereniging voor Phylloides tumoren", "vereniging voor Phyllodes tumoren")
    assert not spelled_alike("werkgroep mammachirurgie", "werkgroep mammaradiologie")
    assert not spelled_alike("Stichting Blauw", "Stichting Blauwe Vlinder")
    assert not spelled_alike("Dutch Lung Group", "Dutch Lung Groups")  # too short a word


def test_an_acronym_joined_to_a_found_organisation_is_one_too():
    mentions = [
        (m.text, m.known.key if m.known else "") for m in find_mentions("XYZ / NVvH werkgroep")
    ]
    assert mentions == [("XYZ", ""), ("NVvH", "nvvh")]
    joined = [m.text for m in find_mentions("lid NABON-QRS_TUV commissie")]
    assert joined == ["NABON", "QRS", "TUV"]


def test_no_organisation_in_look_alikes():
    """Committees, roles, projects, tests and people are not organisations."""
    for text in (
        "Lid Locoregionale werkgroep",
        "Voorzitter Werkgroep mammachirurgie",
        "WAR commissie lid",
        "Projectleider JA; local PI",
        "Selection of patients Using the Repair Capacity (RECAP) test",
        "DENSE2-studie (Geen projectleider)",
        "MRI studie bij dense borsten; PET bestuur",
        "O.l.v. Jan de Vries (mammaradioloog) ben ik bezig",
        "Sentinel Node Biopsy (SNB) na neoadjuvante therapie",
        "Group discussion with the Steering committee",
        "CPME / werkgroep digital health (EHDS) - deels betaald",
        "lid van de landelijke werkgroep van de vereniging",
        "in samenwerking met Jan de Vries en de MRI afdeling",
        "Promotor - proefschrift over borstreconstructie",
        "Geen - zie hoofdfunctie (Projectleider)",
        "vanuit onze beroepsvereniging is dit een knelpunt",
        "lid richtlijncommissie (WG) en werkgroep (MRI)",
        "samen met de PI van de studie",
    ):
        assert find_cued_names(text) == [], text


def test_abbreviates_reads_initials_with_or_without_connectors():
    assert abbreviates("NTVO", "Nederlands Tijdschrift voor Oncologie")
    assert abbreviates("NTO", "Nederlands Tijdschrift voor Oncologie")
    assert not abbreviates("RECAP", "Using the Repair Capacity")
    assert not abbreviates("AB", "Alpha")


def test_acronym_and_full_name_in_either_order_name_one_organisation():
    registry = OrganisationRegistry()
    first = registry.mentioned_in("Lid BLN redactie", Span(3, 3))
    second = registry.mentioned_in(
        "Lid hoofdredactie, Bulletin Longkanker Nederland Journal", Span(9, 9)
    )
    assert first == ["bln"]
    assert second == ["bulletin-longkanker-nederland-journal"]  # initials BLNJ: another one
    registry = OrganisationRegistry()
    registry.mentioned_in("Lid DLN redactie", Span(3, 3))
    assert registry.mentioned_in("redacteur, Dutch Lymphoma Network", Span(9, 9)) == ["dln"]
    (organisation,) = registry.organisations()
    assert (organisation.name, organisation.abbreviations) == ("Dutch Lymphoma Network", ["DLN"])
    assert [(v.text, v.span.first) for v in organisation.variants] == [
        ("DLN", 3),
        ("Dutch Lymphoma Network", 9),
    ]


def test_a_declaration_table_in_english_names_cued_organisations_with_their_rows():
    lines = clean_lines(
        [
            "Name\tPosition\tSide activities\tReported interests\tAction taken",
            "Pia Berg\tOncologist, Radboudumc\tBoard member Nordic Breast Trialists Network"
            "\tFunded by Zilverberg Medical B.V.\tNone",
            "Tom Lind\tSurgeon\tMember of the Dutch Lymphoma Network (DLN)\tNone\tNone",
            "\t\t* Lid DLN redactie\t\t",
        ]
    )
    registry = PeopleRegistry()
    declarations, problems = parse_declarations(lines, "2.1", "working-group", registry)
    assert problems == []
    keys = [(d.person_key, [i.organisation_keys for i in d.interests]) for d in declarations]
    assert keys == [
        (
            "pia-berg",
            [["radboudumc"], ["nordic-breast-trialists-network"], ["zilverberg-medical-b-v"]],
        ),
        ("tom-lind", [[], ["dutch-lymphoma-network"], ["dutch-lymphoma-network"]]),
    ]
    found = {o.key: o for o in registry.organisations()}
    assert found["zilverberg-medical-b-v"].kind == "company"
    network = found["dutch-lymphoma-network"]
    assert [(v.text, v.spans) for v in network.variants] == [
        ("DLN", [Span(3, 4)]),
        ("Dutch Lymphoma Network", [Span(3, 4)]),
    ]


def test_a_dutch_table_with_reported_interests_names_the_new_cues_organisations():
    lines = clean_lines(
        [
            "Werkgroeplid\tFunctie\tNevenfuncties\tGemelde belangen\tOndernomen actie",
            "Sanne Bakker\tChirurg, Gelre Ziekenhuizen\tMaatschapslid RKZ > MCL (betaald); lid"
            " nationale werkgroep okselchirurgie\t1. Medivance - Pilot borstreconstructie thuis"
            " (Projectleider)\tGeen",
            "Joost Smit\tRadioloog\tsecretaris echosectie (NBI) - onbetaald\tBetrokken bij de"
            " stichting voor Erfelijke Darmkanker, wij werken met de VVN samen\tGeen",
        ]
    )
    registry = PeopleRegistry()
    declarations, problems = parse_declarations(lines, "3.1", "working-group", registry)
    assert problems == []
    keys = [(d.person_key, [i.organisation_keys for i in d.interests]) for d in declarations]
    assert keys == [
        (
            "sanne-bakker",
            [["gelre-ziekenhuizen"], ["rkz", "mcl", "nationale-werkgroep-okselchirurgie"]]
            + [["medivance"]],
        ),
        ("joost-smit", [[], ["nbi"], ["stichting-voor-erfelijke-darmkanker", "vvn"]]),
    ]
    found = {
        o.key: (o.kind, [(v.text, v.span) for v in o.variants]) for o in registry.organisations()
    }
    assert found["nationale-werkgroep-okselchirurgie"] == (
        "knowledge-institute",
        [("nationale werkgroep okselchirurgie", Span(2, 2))],
    )
    assert found["stichting-voor-erfelijke-darmkanker"][0] == "charity"
