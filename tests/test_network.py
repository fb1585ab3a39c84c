"""The conflict-of-interest network of the bundled document, read through SPARQL.

Every expected fact below was checked against the declarations tables of
data/source/borstkanker-cluster-3a-2026.txt (module 10.1.1: lines 264-305, 9.2.3:
675-730, 6.1: 1033-1075); lines are (first, last) of the table row.
"""

from __future__ import annotations

import pytest
from coi_store import bundled_network

from service.coi.analysis import (
    NotFound,
    centrality,
    communities,
    ego_network,
    find_node,
    module_report,
    person_projection,
    person_report,
    shared_organisations,
    summary,
)
from service.coi.network import CoiNetwork, interest_kind

BASE = "https://w3id.org/gkg/"
NKI = "Nederlands Kanker Instituut - Antoni van Leeuwenhoek"
NVCO = "Nederlandse Vereniging voor Chirurgische Oncologie"
KWF = f"{BASE}organisation/kwf"


@pytest.fixture(scope="module")
def network() -> CoiNetwork:
    return bundled_network()


def test_nodes_are_typed_and_organisation_kinds_come_from_the_graph(network):
    nodes = network.graph.nodes
    types = {}
    for _, data in network.graph.nodes(data=True):
        types[data["type"]] = types.get(data["type"], 0) + 1
    assert types == {"guideline": 2, "module": 3, "organisation": 105, "person": 48}
    assert nodes[KWF] | {} == {
        "type": "organisation",
        "label": "KWF Kankerbestrijding",
        "org_kind": "charity",
        "industry": False,
        "abbreviations": "KWF",
    }
    assert nodes[f"{BASE}organisation/novartis"]["org_kind"] == "company"
    assert nodes[f"{BASE}organisation/novartis"]["industry"] is True
    assert nodes[f"{BASE}organisation/zonmw"]["org_kind"] == "government"
    assert nodes[f"{BASE}module/borstreconstructie/6.1"]["number"] == "6.1"
    module = nodes[f"{BASE}module/borstreconstructie/6.1"]
    assert module["guideline"] == f"{BASE}guideline/borstreconstructie"
    industry = sorted(d["label"] for _, d in network.graph.nodes(data=True) if d.get("industry"))
    assert industry == [
        "Agendia",
        "AstraZeneca",
        "ChipSoft",
        "DEKRA",
        "GE Healthcare",
        "Gilead",
        "Hologic",
        "Lipocosm",
        "Novartis",
        "Owkin",
        "Pfizer",
        "Philips",
        "Polytech Health & Aesthetics GmbH",
        "Seno Medical",
        "Varian",
    ]


def test_edges_carry_kind_source_lines_and_the_declaration(network):
    graph = network.graph
    person = f"{BASE}person/desiree-van-den-bongard"
    edges = [
        (key, data)
        for _, target, key, data in graph.out_edges(person, keys=True, data=True)
        if target == KWF and data["module"] == "6.1"
    ]
    assert [data["project"] for _, data in edges] == ["ABLATIVE", "RT-HYPE"]
    key, data = edges[0]
    assert key.startswith(f"{BASE}declaration/borstreconstructie/6.1/")
    assert data["declaration"] in key
    assert data["kind"] == "research-funding"
    assert data["category"] == "ResearchFundingInterest"
    assert data["role"] == "projectleider"
    assert (data["first_line"], data["last_line"]) == (1039, 1039)
    assert "paid" not in data  # the declaration does not say
    board = [
        d
        for _, t, d in graph.out_edges(person, data=True)
        if t == f"{BASE}organisation/nabon"
        and d["module"] == "10.1.1"
        and d["kind"] != "represents"
    ]
    assert [(d["kind"], d["paid"], d["first_line"]) for d in board] == [
        ("board-or-committee", False, 270)
    ]
    kinds = {}
    for _, _, data in graph.edges(data=True):
        kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
    # board-or-committee: Linda Appelman's side-activity cell (lines 282, 699, 1057) no
    # longer ties her to Radboudumc and NKI-AVL, Ritse Mann's affiliations (-6);
    # employment: 'Erasmus Kanker Instituut Rotterdam MC' is Erasmus MC (Agnes Jager,
    # lines 285-288, 702-705, 1060-1063: +3); research-funding: 'ARTILLERY (HORIZON
    # project)' is funded by Horizon Europe (lines 270, 681, 1039: +3)
    # organisations found by cues beyond the gazetteer (research networks, registries,
    # boards named by acronym: 'Lid MSB' lines 296, 723; 'het Covid consortium' lines 274,
    # 685, 1043; 'stuurgroep HEBON' line 1071; ...) add ties of every kind: 'Maatschapslid
    # AZR>SFG' (lines 273, 684, 1042: side-activity +6), 'mammasectie (DCBI)' (717: +1), 'met
    # de PAG samen' (274, 685, 1043) and 'Onco' for Oncode (702, 1060: research-funding +5),
    # 'patiëntenvereniging voor Phylloides tumoren' (277, 690, 1048: intellectual 3),
    # 'landelijke werkgroep hypofractionering mammacarcinoom' (270, 681, 1039: other 3)
    assert kinds == {
        "board-or-committee": 139,
        "employment": 59,
        "intellectual": 3,
        "other": 3,
        "panel-member": 61,
        "part-of": 3,
        "personal-financial": 8,
        "represents": 114,
        "research-funding": 110,
        "side-activity": 12,
    }


def test_a_speaker_fee_declared_under_other_interests_is_a_personal_financial_tie(network):
    birgit = f"{BASE}person/birgit-vriens"
    novartis = f"{BASE}organisation/novartis"
    ties = sorted(
        (d["module"], d["kind"], d["category"], d["paid"], d["first_line"])
        for d in network.graph.get_edge_data(birgit, novartis).values()
    )
    assert ties == [
        ("10.1.1", "personal-financial", "OtherInterest", True, 267),
        ("6.1", "personal-financial", "OtherInterest", True, 1036),
        ("9.2.3", "personal-financial", "OtherInterest", True, 678),
    ]
    assert interest_kind("SideActivityInterest", "Kaderarts palliatieve zorg") == "side-activity"
    assert interest_kind("SideActivityInterest", "Lid NABON bestuur") == "board-or-committee"


KWF_DECLARANTS = {
    "10.1.1": [
        ("Agnes Jager", (285, 288)),
        ("Agnes Jager", (298, 300)),
        ("Desiree van den Bongard", (270, 270)),
        ("Frederieke van Duijnhoven", (277, 279)),
    ],
    "9.2.3": [
        ("Agnes Jager", (702, 705)),
        ("Carla Meeuwis", (717, 719)),
        ("Desiree van den Bongard", (681, 681)),
        ("Frederieke van Duijnhoven", (690, 693)),
    ],
    "6.1": [
        ("Agnes Jager", (1060, 1063)),
        ("Desiree van den Bongard", (1039, 1039)),
        ("Frederieke van Duijnhoven", (1048, 1051)),
        ("Marijke Wevers", (1071, 1071)),
    ],
}


@pytest.mark.parametrize("module", sorted(KWF_DECLARANTS))
def test_people_who_declared_kwf_funding(network, module):
    report = module_report(network, module)
    kwf = {
        (t["person_name"], tuple(t["lines"]))
        for t in report["funder_ties"]
        if t["organisation"] == KWF
    }
    assert sorted(kwf) == KWF_DECLARANTS[module]
    funder = next(f for f in report["funders"] if f["organisation"] == KWF)
    assert funder["names"] == sorted({name for name, _ in KWF_DECLARANTS[module]})
    assert funder["org_kind"] == "charity"
    assert all(t["declaration"] in t["interest"] for t in report["funder_ties"])


INDUSTRY = {
    "10.1.1": [
        ("Agnes Jager", "AstraZeneca", (285, 288)),
        ("Agnes Jager", "AstraZeneca", (298, 300)),
        ("Agnes Jager", "Pfizer", (285, 288)),
        ("Agnes Jager", "Pfizer", (298, 300)),
        ("Bert van der Vegt", "DEKRA", (301, 303)),
        ("Bert van der Vegt", "GE Healthcare", (301, 303)),
        ("Bert van der Vegt", "Gilead", (301, 303)),
        ("Bert van der Vegt", "Owkin", (301, 303)),
        ("Bert van der Vegt", "Philips", (301, 303)),
        ("Birgit Vriens", "Novartis", (267, 267)),
        ("Desiree van den Bongard", "Varian", (270, 270)),
        ("Gerrit-Jan Liefers", "Agendia", (304, 304)),
        ("Gerrit-Jan Liefers", "Hologic", (304, 304)),
        ("Marc Mureau", "Polytech Health & Aesthetics GmbH", (273, 273)),
    ],
    "9.2.3": [
        ("Agnes Jager", "AstraZeneca", (702, 705)),
        ("Agnes Jager", "Pfizer", (702, 705)),
        ("Birgit Vriens", "Novartis", (678, 678)),
        ("Carla Meeuwis", "ChipSoft", (717, 719)),
        ("Carla Meeuwis", "GE Healthcare", (717, 719)),
        ("Carla Meeuwis", "Seno Medical", (717, 719)),
        ("Desiree van den Bongard", "Varian", (681, 681)),
        ("Leonie Woerdeman", "Lipocosm", (720, 722)),
        ("Marc Mureau", "Polytech Health & Aesthetics GmbH", (684, 684)),
    ],
    "6.1": [
        ("Agnes Jager", "AstraZeneca", (1060, 1063)),
        ("Agnes Jager", "Pfizer", (1060, 1063)),
        ("Andrzej Piatkowski de Grzymala", "Lipocosm", (1069, 1069)),
        ("Birgit Vriens", "Novartis", (1036, 1036)),
        ("Desiree van den Bongard", "Varian", (1039, 1039)),
        ("Marc Mureau", "Polytech Health & Aesthetics GmbH", (1042, 1042)),
    ],
}


@pytest.mark.parametrize("module", sorted(INDUSTRY))
def test_each_modules_industry_ties(network, module):
    report = module_report(network, module)
    found = sorted(
        {
            (t["person_name"], t["organisation_name"], tuple(t["lines"]))
            for t in report["industry_ties"]
        }
    )
    assert found == INDUSTRY[module]
    assert {t["org_kind"] for t in report["industry_ties"]} == {"company"}


SHARED = {
    "10.1.1": {
        "Borstkanker Onderzoek Groep": [
            "Agnes Jager",
            "Desiree van den Bongard",
            "Frederieke van Duijnhoven",
            "Linda Appelman",
        ],
        "KWF Kankerbestrijding": [
            "Agnes Jager",
            "Desiree van den Bongard",
            "Frederieke van Duijnhoven",
        ],
        "Nationaal Borstkanker Overleg Nederland": [
            "Agnes Jager",
            "Desiree van den Bongard",
            "José Volders",
        ],
        "Borstkanker Vereniging Nederland": ["Cristina Guerrero Paez", "Desiree van den Bongard"],
        # Jager: lines 285-288 ('Erasmus Kanker Instituut Rotterdam MC') and 298-300;
        # Mureau: line 273 ('Plastisch chirurg, Erasmus MC')
        "Erasmus MC": ["Agnes Jager", "Marc Mureau"],
        # van den Bongard: 'Lid NTVO redactie' (270); van der Vegt: 'Lid hoofdredactieraad,
        # Nederlands Tijdschrift voor Oncologie' (301-303)
        "Nederlands Tijdschrift voor Oncologie": ["Bert van der Vegt", "Desiree van den Bongard"],
        # no NKI-AVL: 'AvL' on line 282 is Ritse Mann's affiliation, not Linda Appelman's
        NVCO: ["Frederieke van Duijnhoven", "José Volders"],
        "Nederlandse Vereniging voor Radiologie": ["Femke Intema", "Linda Appelman"],
        "Pink Ribbon": ["Agnes Jager", "Desiree van den Bongard"],
        "Radboudumc": ["Linda Appelman", "Paulien Westhoff"],
    },
    "9.2.3": {
        "Borstkanker Onderzoek Groep": [
            "Agnes Jager",
            "Carla Meeuwis",
            "Desiree van den Bongard",
            "Femke van der Leij",
            "Frederieke van Duijnhoven",
            "Linda Appelman",
        ],
        "KWF Kankerbestrijding": [
            "Agnes Jager",
            "Carla Meeuwis",
            "Desiree van den Bongard",
            "Frederieke van Duijnhoven",
        ],
        "Nationaal Borstkanker Overleg Nederland": [
            "Agnes Jager",
            "Carla Meeuwis",
            "Desiree van den Bongard",
            "José Volders",
        ],
        "ZonMw": ["Anne Crijns", "Emily Postma", "Leonie Woerdeman", "Linda Appelman"],
        # lines 690, 720, 724; not Linda Appelman ('AvL' on line 699 is Ritse Mann's)
        NKI: ["Frederieke van Duijnhoven", "Leonie Woerdeman", "Marieke van den Berg"],
        NVCO: ["Emily Postma", "Frederieke van Duijnhoven", "José Volders"],
        "Nederlandse Vereniging voor Radiologie": [
            "Carla Meeuwis",
            "Femke Intema",
            "Linda Appelman",
        ],
        "Borstkanker Vereniging Nederland": ["Cristina Guerrero Paez", "Desiree van den Bongard"],
        # Jager: lines 702-705 ('Erasmus Kanker Instituut Rotterdam MC'); Mureau: line 684
        "Erasmus MC": ["Agnes Jager", "Marc Mureau"],
        "Pink Ribbon": ["Agnes Jager", "Desiree van den Bongard"],
        # Meeuwis: 'Radboud UMC- MINIVAB-studie' (717-719); Appelman: her employer (699)
        "Radboudumc": ["Carla Meeuwis", "Linda Appelman"],
        "St. Antonius Ziekenhuis": ["Christiaan van Swol", "Emily Postma"],
        "UMC Utrecht": ["Celien Vreuls", "Femke van der Leij"],
    },
    "6.1": {
        "Borstkanker Onderzoek Groep": [
            "Agnes Jager",
            "Desiree van den Bongard",
            "Frederieke van Duijnhoven",
            "Linda Appelman",
        ],
        "KWF Kankerbestrijding": [
            "Agnes Jager",
            "Desiree van den Bongard",
            "Frederieke van Duijnhoven",
            "Marijke Wevers",
        ],
        "Borstkanker Vereniging Nederland": [
            "Cristina Guerrero Paez",
            "Desiree van den Bongard",
            "Iris Langerak",
        ],
        "Nationaal Borstkanker Overleg Nederland": [
            "Agnes Jager",
            "Desiree van den Bongard",
            "José Volders",
        ],
        "Pink Ribbon": ["Agnes Jager", "Desiree van den Bongard", "Marijke Wevers"],
        # Jager: lines 1060-1063 ('Erasmus Kanker Instituut Rotterdam MC'); Mureau: 1042;
        # no NKI-AVL: 'AvL' on line 1057 is Ritse Mann's affiliation
        "Erasmus MC": ["Agnes Jager", "Marc Mureau"],
        NVCO: ["Frederieke van Duijnhoven", "José Volders"],
        # Appelman: 'Phd/arts-onderzoeker, Radboudumc' (1057); Wevers: line 1071
        "Radboudumc": ["Linda Appelman", "Marijke Wevers"],
        "ZonMw": ["Andrzej Piatkowski de Grzymala", "Linda Appelman"],
    },
}


@pytest.mark.parametrize("module", sorted(SHARED))
def test_organisations_tied_to_more_than_one_panel_member(network, module):
    shared = shared_organisations(network, module)
    assert {s["name"]: [p["name"] for p in s["people"]] for s in shared} == SHARED[module]
    assert list({s["name"]: 0 for s in shared}) == list(SHARED[module])  # most people first
    assert module_report(network, module)["shared_organisations"] == shared
    kwf = next(s for s in shared if s["organisation"] == KWF)
    for person in kwf["people"]:
        assert person["kinds"] == ["research-funding"]
        assert all(t["module"] == module and t["organisation"] == KWF for t in person["ties"])


def _topic(report):
    return sorted(
        {
            (
                t["person_name"],
                t["organisation_name"] or "",
                tuple(t["lines"]),
                m["concept"],
                m["topic"],
            )
            for t in report["topic_ties"]
            for m in t["matches"]
        }
    )


def test_topic_ties_of_module_6_1_autologous_fat_grafting(network):
    """The topic is the intervention its question asks about (line 1089: autologe
    vettransplantatie); Marc Mureau's implant study (line 1042) concerns another
    intervention and is no tie on the topic (issue 14 item 3)."""
    report = module_report(network, "6.1")
    assert report["topic"] == ["autologous-fat-grafting"]
    aft = "autologous-fat-grafting"
    assert _topic(report) == [
        ("Andrzej Piatkowski de Grzymala", "", (1069, 1069), aft, aft),
        ("Andrzej Piatkowski de Grzymala", "Lipocosm", (1069, 1069), aft, aft),
        ("Andrzej Piatkowski de Grzymala", "ZonMw", (1069, 1069), aft, aft),
    ]
    assert "Marc Mureau" not in {t["person_name"] for t in report["topic_ties"]}
    lipocosm = next(t for t in report["topic_ties"] if t["organisation_name"] == "Lipocosm")
    assert (lipocosm["kind"], lipocosm["project"], lipocosm["role"]) == (
        "research-funding",
        "EVE",
        "projectleider",
    )
    assert lipocosm["text"].startswith("Lipocosm - EVE-trial")
    untied = next(t for t in report["topic_ties"] if t["organisation"] is None)
    assert (untied["kind"], untied["text"]) == ("intellectual", "Bekendheid van de AFT-procedure")


def test_topic_ties_of_module_10_1_1_imaging_of_oligometastases(network):
    """The topic is the imaging its questions ask about (lines 325, 329, 330): imaging, MRI
    and the other PET tracers, not the comparator FDG-PET/CT nor the population
    (metastatic breast cancer), so research on metastatic disease is no tie on it."""
    report = module_report(network, "10.1.1")
    assert report["topic"] == [
        "diagnostic-imaging",
        "fapi-tracer",
        "fluciclovine-f-18",
        "fluoroestradiol-f-18",
        "magnetic-resonance-imaging",
        "pet-tracer",
        "psma-tracer",
        "sodium-fluoride-f-18",
    ]
    imaging = ("diagnostic-imaging", "diagnostic-imaging")
    assert _topic(report) == [
        # line 282: the 'beeldvorming' cell names BOOG; Radboudumc and AvL there are
        # Ritse Mann's affiliations, not counterparties of Linda Appelman
        ("Linda Appelman", "Borstkanker Onderzoek Groep", (282, 282), *imaging),
        ("Linda Appelman", "ZonMw", (282, 282), *imaging),
    ]


def test_module_9_2_3_has_no_topic_its_question_names_no_coded_intervention(network):
    """Line 744: 'de optimale lokale behandeling' names no concept of the scheme."""
    report = module_report(network, "9.2.3")
    assert report["topic"] == []
    assert report["topic_ties"] == []


def test_module_report_counts_trace_to_declarations(network):
    report = module_report(network, "6.1")
    assert len(report["panel"]) == 19
    assert {m["group"] for m in report["panel"]} == {"steering", "expertise", "support"}
    assert len(report["declarations"]) == 15
    prefix = f"{BASE}declaration/borstreconstructie/6.1/"
    assert all(d.startswith(prefix) for d in report["declarations"])
    declared = [i for i in network.interests if i.module == "6.1"]
    assert report["declared_interests"] == len(declared) == 79
    # 87 ties: Appelman's cell on line 1057 lost Radboudumc and NKI-AVL (-2), Jager's
    # employment (1060-1063) gained Erasmus MC and ARTILLERY (1039) Horizon Europe (+2);
    # organisations found by cues (LPRM and NTVO line 1039, HEBON line 1071, ...: +16; the
    # landelijke werkgroep 1039, AZR and SFG 1042, PAG 1043, the patiëntenvereniging 1048,
    # 'Onco' for Oncode 1060: +6)
    assert report["ties"] == sum(len(i.organisations) for i in declared) == 93
    # 8 unlinked: those interests are now linked (the last four: lines 1039, 1042, 1048, 1060)
    assert len(report["unlinked_interests"]) == sum(not i.organisations for i in declared) == 8


def test_centrality_is_deterministic_and_ranked_by_betweenness(network):
    rows = centrality(network)
    assert rows == centrality(network)
    top = [(r["label"], r["type"], r["degree"]) for r in rows[:3]]
    assert top == [
        # van den Bongard: + LPRM, NTVO (shared with Bert van der Vegt, line 301), the
        # landelijke werkgroep hypofractionering mammacarcinoom (line 270)
        ("Desiree van den Bongard", "person", 12),
        ("Borstkanker Onderzoek Groep", "organisation", 6),
        ("Agnes Jager", "person", 14),
    ]
    # Carla Meeuwis (+ CPME, ONCONEXT, IHE-NL, BVO, DCBI, line 717) has more ties, but
    # they lead to fewer others
    assert [(r["label"], r["degree"]) for r in rows[3:4]] == [("Carla Meeuwis", 15)]
    assert rows[0]["betweenness"] == pytest.approx(0.279053)
    kwf = next(r for r in rows if r["node"] == KWF)
    assert (kwf["degree"], kwf["interests"]) == (5, 28)


def test_person_projection_and_communities(network):
    projection = person_projection(network)
    edge = projection.edges[f"{BASE}person/agnes-jager", f"{BASE}person/desiree-van-den-bongard"]
    assert [network.label(o) for o in edge["organisations"]] == [
        "Borstkanker Onderzoek Groep",
        "KWF Kankerbestrijding",
        "Nationaal Borstkanker Overleg Nederland",
        "Pink Ribbon",
    ]
    assert edge["weight"] == 4
    # Erasmus MC: Jager lines 285-288, 298-300, 702-705, 1060-1063; Mureau 273, 684, 1042
    edge = projection.edges[f"{BASE}person/agnes-jager", f"{BASE}person/marc-mureau"]
    assert [network.label(o) for o in edge["organisations"]] == ["Erasmus MC"]
    appelman = f"{BASE}person/linda-appelman"
    assert sorted(network.label(o) for o in projection[appelman]) == [
        "Agnes Jager",
        "Andrzej Piatkowski de Grzymala",
        "Anne Crijns",
        "Carla Meeuwis",
        "Desiree van den Bongard",
        "Emily Postma",
        "Femke Intema",
        "Femke van der Leij",
        "Frederieke van Duijnhoven",
        "Leonie Woerdeman",
        "Marijke Wevers",
        "Paulien Westhoff",
    ]  # no Marieke van den Berg: Appelman has no NKI-AVL tie (lines 282, 699, 1057)
    found = communities(network)
    assert found == communities(network)
    # Bert van der Vegt joins Desiree van den Bongard through the Nederlands Tijdschrift voor
    # Oncologie ('Lid NTVO redactie' line 270; 'Lid hoofdredactieraad' line 301)
    assert [c["names"] for c in found if c["size"] > 1] == [
        [
            "Agnes Jager",
            "Bert van der Vegt",
            "Carla Meeuwis",
            "Desiree van den Bongard",
            "Frederieke van Duijnhoven",
            "José Volders",
            "Marc Mureau",
            "Marijke Wevers",
        ],
        [
            "Andrzej Piatkowski de Grzymala",
            "Anne Crijns",
            "Christiaan van Swol",
            "Emily Postma",
            "Leonie Woerdeman",
            "Marieke van den Berg",
        ],
        # Radboudumc (Appelman 282 employment, Westhoff 305), NVvR (Appelman, Intema) and
        # UMC Utrecht (Vreuls, van der Leij)
        [
            "Celien Vreuls",
            "Femke Intema",
            "Femke van der Leij",
            "Linda Appelman",
            "Paulien Westhoff",
        ],
        ["Cristina Guerrero Paez", "Iris Langerak"],
        ["Gerrit-Jan Liefers", "Sophie Bosma"],
    ]


def test_find_node_and_ego_network(network):
    assert find_node(network, "kwf") == KWF
    assert find_node(network, "Jose Volders") == f"{BASE}person/jose-volders"
    assert find_node(network, f"{BASE}person/jose-volders") == f"{BASE}person/jose-volders"
    with pytest.raises(NotFound, match="more than one"):
        find_node(network, "van")
    with pytest.raises(NotFound):
        find_node(network, "nobody at all")
    ego = ego_network(network, KWF)
    assert sorted(network.label(n) for n in ego if n != KWF) == [
        "Agnes Jager",
        "Carla Meeuwis",
        "Desiree van den Bongard",
        "Frederieke van Duijnhoven",
        "Marijke Wevers",
    ]
    assert {d["kind"] for _, _, d in ego.edges(data=True)} == {"research-funding"}


def test_person_report(network):
    report = person_report(network, "Marijke Wevers")
    assert [(p["module"], p["group"]) for p in report["panels"]] == [("6.1", "expertise")]
    assert [(t["organisation_name"], t["kind"], tuple(t["lines"])) for t in report["ties"]] == [
        ("HEBON", "research-funding", (1071, 1071)),  # 'lid van de stuurgroep HEBON'
        ("KWF Kankerbestrijding", "research-funding", (1071, 1071)),
        ("Pink Ribbon", "research-funding", (1071, 1071)),
        ("Radboudumc", "employment", (1071, 1071)),
    ]


def test_summary(network):
    result = summary(network)
    assert [m["module"] for m in result["modules"]] == ["6.1", "9.2.3", "10.1.1"]
    assert result["declarations"] == 49
    assert result["declared_interests"] == len(network.interests) == 280
    assert [c["size"] for c in result["communities"]] == [8, 6, 5, 2, 2]
