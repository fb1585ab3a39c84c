"""What a careful reader finds in each fixture of tests/data/corpus/, kind by kind.

The facts were written by hand from the fixture texts (which were written for this
project, each laid out differently from the bundled document).  `facts(document)` reads
the same kinds from a parsed `Document`, so that a test can compare them exactly and
`bench/corpus_recall.py` can count how many of them a parser finds.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from loaders.records import Document

CORPUS = Path(__file__).parent / "data" / "corpus"
HIP = CORPUS / "heupfractuur-2019.txt"
LUNG = CORPUS / "longkanker-cluster-2025.txt"
COLORECTAL = CORPUS / "colorectal-cancer-en.txt"
PAGES = CORPUS / "osteoporose-html"
SCREENING = PAGES / "screening-na-fractuur.html"
BISPHOSPHONATES = PAGES / "duur-behandeling-bisfosfonaten.html"
KINDS = (
    "modules", "questions", "recommendations", "statements", "tables", "considerations",
    "evidence", "conclusions", "references", "citations", "findings", "people",
    "memberships", "declarations", "initiatives",
)  # fmt: skip


def facts(document: Document) -> dict[str, set[tuple]]:
    """The facts of each kind a document's records state (see the module docstring)."""
    found: dict[str, set[tuple]] = {kind: set() for kind in KINDS}
    found["people"] = {(person.key,) for person in document.people}
    found["memberships"] = {
        ("cluster", m.group, m.person_key, m.role) for m in document.memberships
    }
    for module in document.modules:
        key = module.key
        found["modules"].add((key, module.number, module.title))
        found["questions"] |= {(key, q.number, q.text) for q in module.questions}
        for r in module.recommendations:
            found["recommendations"].add((r.key, r.label, r.strength, r.direction))
            found["statements"] |= {(r.key, s.text) for s in r.statements}
            found["tables"] |= {
                (r.key, tuple(t.header), tuple(map(tuple, t.rows))) for t in r.tables
            }
        found["considerations"] |= {(key, c.kind, c.heading) for c in module.considerations}
        if module.evidence_quality:
            quality = module.evidence_quality
            domains = tuple(d.domain for d in quality.downgrades)
            found["evidence"].add((key, tuple(quality.levels), domains))
        found["conclusions"] |= {
            (key, c.system, c.level, c.outcome, tuple(dict.fromkeys(c.evidence_classes)))
            for c in module.conclusions
        }
        found["references"] |= {(key, r.key, r.label, r.doi) for r in module.references}
        found["citations"] |= {
            (key, c.text, c.span.first, c.reference_key) for c in module.citations
        }
        found["findings"] |= {
            (key, f.measure, f.value, f.lower, f.upper, f.study_key) for f in module.findings
        }
        found["memberships"] |= {(key, m.group, m.person_key, m.role) for m in module.memberships}
        found["declarations"] |= {(key, d.group, d.person_key) for d in module.declarations}
        if module.initiative:
            found["initiatives"].add((key, module.initiative))
    return found


def d(text: str) -> Decimal:
    return Decimal(text)


HIP_3_1 = "proximale-femurfracturen/3.1"
HIP_EARLY = "proximale-femurfracturen/vroege-mobilisatie"
EXPECTED_HIP = {
    "modules": {
        (HIP_3_1, "3.1", "Tijdstip van de operatie"),
        (HIP_EARLY, "", "Vroege mobilisatie na de operatie"),
    },
    "questions": {
        (
            HIP_3_1,
            None,
            "Binnen welke termijn na opname moet een patiënt met een proximale "
            "femurfractuur worden geopereerd?",
        ),
        (
            HIP_EARLY,
            None,
            "Wat is het effect van mobilisatie op de eerste dag na de operatie op "
            "het functioneel herstel?",
        ),
    },
    "recommendations": {
        (f"{HIP_3_1}-1", "Aanbevelingen", "unknown", "unknown"),
        (f"{HIP_EARLY}-1", "Aanbevelingen", "unknown", "unknown"),
    },
    "statements": {
        (
            f"{HIP_3_1}-1",
            "Opereer een patiënt met een proximale femurfractuur binnen 24 uur na opname.",
        ),
        (
            f"{HIP_3_1}-1",
            "Stel de operatie alleen uit om een acuut corrigeerbare aandoening te "
            "behandelen, zoals een ernstige anemie of een ontregelde hartfrequentie.",
        ),
        (f"{HIP_3_1}-1", "Leg de reden van uitstel vast in het dossier."),
        (
            f"{HIP_EARLY}-1",
            "Mobiliseer de patiënt op de dag na de operatie onder begeleiding van "
            "een fysiotherapeut.",
        ),
        (f"{HIP_EARLY}-1", "Pas de belasting aan op de pijn en de bloeddruk van de patiënt."),
    },
    "tables": set(),
    "considerations": {(HIP_3_1, "other", "Overwegingen"), (HIP_EARLY, "other", "Overwegingen")},
    "evidence": set(),
    "conclusions": {
        (HIP_3_1, "EBRO", "2", "", ("B",)),
        (HIP_3_1, "EBRO", "3", "", ("C",)),
        (HIP_EARLY, "EBRO", "1", "", ("A2",)),
    },
    "references": {
        (HIP_3_1, "verbeek-2012", "1", "10.5555/hipfx.2012.0043"),
        (HIP_3_1, "lindqvist-2018", "2", "10.5555/hipfx.2018.0089"),
        (HIP_3_1, "okafor-2010", "3", ""),
        (HIP_EARLY, "huisman-2016", "1", "10.5555/hipfx.2016.0030"),
        (HIP_EARLY, "tanaka-2017", "2", "10.5555/hipfx.2017.0008"),
    },
    "citations": {
        (HIP_3_1, "Verbeek 2012", 67, "verbeek-2012"),
        (HIP_3_1, "Lindqvist 2018", 67, "lindqvist-2018"),
        (HIP_3_1, "Okafor 2010", 71, "okafor-2010"),
        (HIP_3_1, "Verbeek et al. (2012)", 74, "verbeek-2012"),
        (HIP_3_1, "Lindqvist et al. 2018", 75, "lindqvist-2018"),
        (HIP_3_1, "Okafor (2010)", 76, "okafor-2010"),
        (HIP_3_1, "Verbeek, 2012", 79, "verbeek-2012"),
        (HIP_3_1, "Lindqvist, 2018", 79, "lindqvist-2018"),
        (HIP_EARLY, "Huisman 2016", 120, "huisman-2016"),
        (HIP_EARLY, "Tanaka 2017", 120, "tanaka-2017"),
        (HIP_EARLY, "Huisman 2016", 123, "huisman-2016"),
        (HIP_EARLY, "Tanaka et al. (2017)", 123, "tanaka-2017"),
        (HIP_EARLY, "Huisman, 2016", 126, "huisman-2016"),
    },
    "findings": {
        (HIP_3_1, "hazard-ratio", d("1.28"), d("1.14"), d("1.44"), "verbeek-2012"),
        (HIP_3_1, "hazard-ratio", d("1.19"), d("1.05"), d("1.35"), "lindqvist-2018"),
        # '22 cohortstudies (n=54.310)'
        (HIP_3_1, "study-count", d("22"), None, None, "verbeek-2012"),
        (HIP_3_1, "patient-count", d("54310"), None, None, "verbeek-2012"),
        # '4% van de patiënten die binnen 24 uur werden geopereerd ..., tegen 9% van de later ...'
        (HIP_3_1, "proportion", d("0.04"), None, None, "okafor-2010"),
        (HIP_3_1, "proportion", d("0.09"), None, None, "okafor-2010"),
        # 'Huisman 2016 (n=240) ... 61% van de vroeg gemobiliseerde patiënten ..., tegen 47% in
        # de controlegroep'
        (HIP_EARLY, "patient-count", d("240"), None, None, "huisman-2016"),
        (HIP_EARLY, "proportion", d("0.61"), None, None, "huisman-2016"),
        (HIP_EARLY, "proportion", d("0.47"), None, None, "huisman-2016"),
    },
    "people": {
        ("pieter-de-wit",),
        ("marloes-bakker-verhoef",),
        ("hans-kuipers",),
        ("sandra-yilmaz",),
        ("rob-vermeulen",),
        ("ellen-de-groot",),
        ("joost-van-dam",),
        ("anouk-smeets",),
    },
    "memberships": {
        (HIP_3_1, "working-group", "pieter-de-wit", "traumachirurg (voorzitter)"),
        (HIP_3_1, "working-group", "marloes-bakker-verhoef", "klinisch geriater"),
        (HIP_3_1, "working-group", "hans-kuipers", "orthopedisch chirurg"),
        (HIP_3_1, "working-group", "sandra-yilmaz", "verpleegkundig specialist"),
        (HIP_3_1, "sounding-board", "rob-vermeulen", "anesthesioloog"),
        (HIP_3_1, "sounding-board", "ellen-de-groot", "patiëntvertegenwoordiger"),
        (HIP_3_1, "support", "joost-van-dam", "adviseur"),
        (HIP_EARLY, "working-group", "marloes-bakker-verhoef", "klinisch geriater (voorzitter)"),
        (HIP_EARLY, "working-group", "anouk-smeets", "fysiotherapeut"),
        (HIP_EARLY, "sounding-board", "ellen-de-groot", "patiëntvertegenwoordiger"),
    },
    "declarations": {
        (HIP_3_1, "working-group", "pieter-de-wit"),
        (HIP_3_1, "working-group", "marloes-bakker-verhoef"),
        (HIP_3_1, "working-group", "hans-kuipers"),
        (HIP_3_1, "working-group", "sandra-yilmaz"),
        (HIP_3_1, "sounding-board", "rob-vermeulen"),
        (HIP_3_1, "sounding-board", "ellen-de-groot"),
        (HIP_EARLY, "working-group", "marloes-bakker-verhoef"),
        (HIP_EARLY, "working-group", "anouk-smeets"),
        (HIP_EARLY, "sounding-board", "ellen-de-groot"),
    },
    "initiatives": {(HIP_3_1, "NVvH"), (HIP_EARLY, "NVKG")},
}

LUNG_6_1 = "longkanker/6.1"
EXPECTED_LUNG = {
    "modules": {(LUNG_6_1, "6.1", "Stereotactische radiotherapie bij oligometastasen")},
    "questions": {
        (
            LUNG_6_1,
            None,
            "Wat is de waarde van stereotactische radiotherapie van alle metastasen "
            "bij patiënten met oligometastatisch niet-kleincellig longcarcinoom?",
        ),
    },
    "recommendations": {
        (f"{LUNG_6_1}-1", "Aanbeveling 1 Stereotactische radiotherapie", "weak", "for"),
        (
            f"{LUNG_6_1}-2",
            "Aanbeveling 2 Follow-up na stereotactische radiotherapie",
            "strong",
            "for",
        ),
    },
    "statements": {
        (
            f"{LUNG_6_1}-1",
            "Overweeg stereotactische radiotherapie van alle metastasen bij "
            "patiënten met maximaal drie metastasen en een goede conditie, zoals per "
            "situatie in de tabel aangegeven.",
        ),
        (
            f"{LUNG_6_1}-2",
            "Maak in het eerste jaar na de behandeling elke drie maanden een CT van "
            "thorax en abdomen.",
        ),
    },
    "tables": {
        (
            f"{LUNG_6_1}-1",
            ("Situatie", "Aantal metastasen", "Advies"),
            (
                ("Synchroon, na inductie", "1-3", "Stereotactische radiotherapie overwegen"),
                (
                    "Metachroon, na meer dan 6 maanden",
                    "1-3",
                    "Stereotactische radiotherapie overwegen",
                ),
                (
                    "Progressie op meer dan drie plaatsen",
                    "meer dan 3",
                    "Geen stereotactische radiotherapie",
                ),
            ),
        ),
    },
    "considerations": {
        (LUNG_6_1, "balance", "Balans tussen gewenste en ongewenste effecten:"),
        (LUNG_6_1, "evidence-quality", "Kwaliteit van het bewijs:"),
        (LUNG_6_1, "values", "Waarden en voorkeuren van patiënten:"),
        (LUNG_6_1, "costs", "Kosten:"),
        (LUNG_6_1, "acceptability", "Aanvaardbaarheid:"),
        (LUNG_6_1, "feasibility", "Haalbaarheid:"),
        (LUNG_6_1, "rationale", "Rationale van de aanbeveling:"),
    },
    "evidence": {(LUNG_6_1, ("low",), ("Imprecision", "RiskOfBias"))},
    "conclusions": {
        (LUNG_6_1, "GRADE", "low", "Totale overleving (cruciaal)", ()),
        (LUNG_6_1, "GRADE", "moderate", "Progressievrije overleving (belangrijk)", ()),
        (LUNG_6_1, "GRADE", "very-low", "Toxiciteit graad 3 of hoger (belangrijk)", ()),
    },
    "references": {
        (LUNG_6_1, "lievens-2020", "", "10.1016/j.radonc.2020.04.003"),
        (LUNG_6_1, "okonkwo-2022", "", "10.5555/lk.2022.0010"),
        (LUNG_6_1, "van-dijk-2021", "", "10.5555/lk.2021.0160"),
        (LUNG_6_1, "visser-2019", "", "10.5555/lk.2019.0130"),
        (LUNG_6_1, "xia-2023", "", "10.5555/lk.2023.0024"),
    },
    "citations": {
        (LUNG_6_1, "Visser et al. 2019", 83, "visser-2019"),
        (LUNG_6_1, "Okonkwo e.a. (2022)", 84, "okonkwo-2022"),
        (LUNG_6_1, "Van Dijk en Bos 2021", 84, "van-dijk-2021"),
        (LUNG_6_1, "Okonkwo & Lee, 2022", 84, "okonkwo-2022"),
        (LUNG_6_1, "Xia en Zhou (2023)", 84, "xia-2023"),
        (LUNG_6_1, "Visser, 2019", 90, "visser-2019"),
        (LUNG_6_1, "Okonkwo, 2022", 90, "okonkwo-2022"),
        (LUNG_6_1, "Okonkwo, 2022", 95, "okonkwo-2022"),
        (LUNG_6_1, "Visser, 2019", 100, "visser-2019"),
        (LUNG_6_1, "Visser, 2019", 105, "visser-2019"),
        (LUNG_6_1, "Van Dijk, 2021", 105, "van-dijk-2021"),
        (LUNG_6_1, "Lievens 2020", 105, "lievens-2020"),
    },
    "findings": {
        (LUNG_6_1, "5-year-overall-survival", d("0.32"), None, None, "visser-2019"),
        (
            LUNG_6_1,
            "patient-count",
            d("212"),
            None,
            None,
            "visser-2019",
        ),  # 'een cohort van 212 ...'
        (LUNG_6_1, "hazard-ratio", d("0.68"), d("0.51"), d("0.91"), "okonkwo-2022"),
    },
    "people": {
        ("agnes-jager",),
        ("wouter-brinkman",),
        ("cristina-guerrero-paez",),
        ("nadia-okonkwo",),
        ("gijs-hendrikse",),
    },
    "memberships": {
        ("cluster", "steering", "agnes-jager", "Internist-Oncoloog"),
        ("cluster", "steering", "wouter-brinkman", "Longarts"),
        ("cluster", "steering", "cristina-guerrero-paez", "Directeur"),
        ("cluster", "expertise", "nadia-okonkwo", "Radiotherapeut-Oncoloog"),
        ("cluster", "expertise", "gijs-hendrikse", "Thoraxchirurg"),
        (LUNG_6_1, "steering", "agnes-jager", "Internist-Oncoloog"),
        (LUNG_6_1, "steering", "wouter-brinkman", "Longarts"),
        (LUNG_6_1, "expertise", "nadia-okonkwo", "Radiotherapeut-Oncoloog"),
        (LUNG_6_1, "expertise", "gijs-hendrikse", "Thoraxchirurg"),
    },
    "declarations": {
        (LUNG_6_1, "steering", "agnes-jager"),
        (LUNG_6_1, "steering", "wouter-brinkman"),
        (LUNG_6_1, "expertise", "nadia-okonkwo"),
        (LUNG_6_1, "expertise", "gijs-hendrikse"),
    },
    "initiatives": {(LUNG_6_1, "NVRO")},
}

CRC_4_2 = "colorectal-cancer/4.2"
EXPECTED_COLORECTAL = {
    "modules": {(CRC_4_2, "4.2", "Imaging during follow-up after curative resection")},
    "questions": {
        (
            CRC_4_2,
            None,
            "What is the value of routine CT imaging during follow-up after curative "
            "resection of colorectal cancer?",
        ),
        (
            CRC_4_2,
            1,
            "How often should CT of the chest and abdomen be performed in the first three years?",
        ),
        (CRC_4_2, 2, "What is the added value of CEA measurement alongside CT?"),
    },
    "recommendations": {
        (f"{CRC_4_2}-1", "Recommendation 1 CT during follow-up", "strong", "for"),
        (f"{CRC_4_2}-2", "Recommendation 2 PET-CT during follow-up", "weak", "against"),
    },
    "statements": {
        (
            f"{CRC_4_2}-1",
            "Perform CT of the chest and abdomen every six months during the first "
            "two years after curative resection.",
        ),
        (f"{CRC_4_2}-2", "Do not routinely perform PET-CT during follow-up."),
    },
    "tables": set(),
    "considerations": {
        (CRC_4_2, "balance", "Balance of benefits and harms"),
        (CRC_4_2, "evidence-quality", "Quality of evidence"),
        (CRC_4_2, "values", "Values and preferences"),
        (CRC_4_2, "costs", "Costs"),
        (CRC_4_2, "acceptability", "Acceptability"),
        (CRC_4_2, "feasibility", "Feasibility"),
        (CRC_4_2, "rationale", "Rationale for the recommendation"),
    },
    "evidence": {(CRC_4_2, ("moderate",), ("Imprecision",))},
    "conclusions": {
        (CRC_4_2, "GRADE", "moderate", "Overall survival (critical)", ()),
        (CRC_4_2, "GRADE", "low", "Detection of resectable recurrence (important)", ()),
    },
    "references": {
        (CRC_4_2, "hendriks-2018", "1", "10.5555/crc.2018.0019"),
        (CRC_4_2, "morales-2019", "2", "10.5555/crc.2019.0321"),
        (CRC_4_2, "nakamura-2020", "3", "10.5555/crc.2020.0107"),
    },
    "citations": {
        (CRC_4_2, "[1, 2]", 53, "hendriks-2018"),
        (CRC_4_2, "[1, 2]", 53, "morales-2019"),
        (CRC_4_2, "[1]", 53, "hendriks-2018"),
        (CRC_4_2, "[2]", 53, "morales-2019"),
        (CRC_4_2, "[3]", 53, "nakamura-2020"),
        (CRC_4_2, "[1, 2]", 59, "hendriks-2018"),
        (CRC_4_2, "[1, 2]", 59, "morales-2019"),
        (CRC_4_2, "[1, 3]", 64, "hendriks-2018"),
        (CRC_4_2, "[1, 3]", 64, "nakamura-2020"),
        (CRC_4_2, "[2]", 68, "morales-2019"),
    },
    "findings": {
        (CRC_4_2, "sensitivity", d("0.86"), d("0.78"), d("0.92"), "hendriks-2018"),
        (CRC_4_2, "hazard-ratio", d("0.91"), d("0.80"), d("1.04"), "morales-2019"),
        # 'Two randomised trials compared ... [1, 2].': both studies, neither alone
        (CRC_4_2, "study-count", d("2"), None, None, ""),
    },
    "people": {
        ("johanna-lambert",),
        ("karim-el-amrani",),
        ("tessa-vos",),
        ("willem-brandsma",),
        ("lisa-hermans",),
    },
    "memberships": {
        (CRC_4_2, "working-group", "johanna-lambert", "surgical oncologist (chair)"),
        (CRC_4_2, "working-group", "karim-el-amrani", "radiologist"),
        (CRC_4_2, "working-group", "tessa-vos", "gastroenterologist"),
        (CRC_4_2, "sounding-board", "willem-brandsma", "patient representative"),
        (CRC_4_2, "support", "lisa-hermans", "adviser"),
    },
    "declarations": {
        (CRC_4_2, "working-group", "johanna-lambert"),
        (CRC_4_2, "working-group", "karim-el-amrani"),
        (CRC_4_2, "working-group", "tessa-vos"),
        (CRC_4_2, "sounding-board", "willem-brandsma"),
    },
    "initiatives": {(CRC_4_2, "NVMDL")},
}

OSTEO = "osteoporose-en-fractuurpreventie"
SCREEN = f"{OSTEO}/screening-op-osteoporose-na-een-fractuur"
EXPECTED_SCREENING = {
    "modules": {(SCREEN, "", "Screening op osteoporose na een fractuur")},
    "questions": {
        (
            SCREEN,
            None,
            "Moeten patiënten van 50 jaar en ouder met een recente fractuur worden "
            "gescreend op osteoporose?",
        ),
    },
    "recommendations": {(f"{SCREEN}-1", "Aanbeveling", "strong", "for")},
    "statements": {
        (
            f"{SCREEN}-1",
            "Bied iedere patiënt van 50 jaar en ouder met een recente fractuur een "
            "DXA-meting en een beoordeling van het valrisico aan.",
        ),
        (f"{SCREEN}-1", "Gebruik de volgende drempels voor behandeling:"),
    },
    "tables": {
        (
            f"{SCREEN}-1",
            ("T-score", "Beleid"),
            (
                ("-2,5 of lager", "Start medicamenteuze behandeling"),
                ("tussen -2,5 en -1,0", "Behandel bij een wervelfractuur"),
                ("hoger dan -1,0", "Geen medicatie, wel valpreventie"),
            ),
        ),
    },
    "considerations": {
        (SCREEN, "balance", "Voor- en nadelen van de interventie en de kwaliteit van het bewijs"),
        (SCREEN, "values", "Waarden en voorkeuren van patiënten (en eventueel hun verzorgers)"),
        (SCREEN, "costs", "Kosten (middelenbeslag)"),
        (SCREEN, "acceptability", "Aanvaardbaarheid, haalbaarheid en implementatie"),
        (
            SCREEN,
            "rationale",
            "Rationale van de aanbeveling: weging van argumenten voor en tegen de interventies",
        ),
    },
    "evidence": set(),
    "conclusions": {
        (SCREEN, "GRADE", "low", "", ()),
        (SCREEN, "GRADE", "very-low", "", ()),
    },
    "references": {
        (SCREEN, "haverkamp-2017", "1", "10.5555/op.2017.0028"),
        (SCREEN, "lindgren-2019", "2", "10.5555/op.2019.0034"),
    },
    "citations": {
        (SCREEN, "Haverkamp, 2017", 62, "haverkamp-2017"),
        (SCREEN, "Haverkamp, 2017", 79, "haverkamp-2017"),
        (SCREEN, "Lindgren, 2019", 79, "lindgren-2019"),
        (SCREEN, "Lindgren, 2019", 86, "lindgren-2019"),
        (SCREEN, "Haverkamp et al. (2017)", 95, "haverkamp-2017"),
        (SCREEN, "Lindgren et al. (2019)", 95, "lindgren-2019"),
    },
    "findings": {
        (SCREEN, "hazard-ratio", d("0.72"), d("0.58"), d("0.89"), "lindgren-2019"),
        # 'in een cohort van 1.412 patiënten ...; bij 34% werd osteoporose gevonden'
        (SCREEN, "patient-count", d("1412"), None, None, "haverkamp-2017"),
        (SCREEN, "proportion", d("0.34"), None, None, "haverkamp-2017"),
    },
    "people": {("femke-haverkamp",), ("daan-koster",), ("bea-mulder",)},
    "memberships": {
        (SCREEN, "working-group", "femke-haverkamp", "internist-endocrinoloog (voorzitter)"),
        (SCREEN, "working-group", "daan-koster", "reumatoloog"),
        (SCREEN, "sounding-board", "bea-mulder", "ervaringsdeskundige"),
    },
    "declarations": {
        (SCREEN, "working-group", "femke-haverkamp"),
        (SCREEN, "working-group", "daan-koster"),
        (SCREEN, "sounding-board", "bea-mulder"),
    },
    "initiatives": {(SCREEN, "NIV")},
}

BISPH = f"{OSTEO}/duur-van-de-behandeling-met-bisfosfonaten"
EXPECTED_BISPHOSPHONATES = {
    "modules": {(BISPH, "", "Duur van de behandeling met bisfosfonaten")},
    "questions": {
        (
            BISPH,
            None,
            "Hoe lang moet een patiënt met osteoporose worden behandeld met een bisfosfonaat?",
        ),
    },
    "recommendations": {(f"{BISPH}-1", "Aanbeveling", "weak", "for")},
    "statements": {
        (f"{BISPH}-1", "Evalueer de behandeling met een oraal bisfosfonaat na vijf jaar."),
        (
            f"{BISPH}-1",
            "Overweeg een behandelpauze bij een patiënt zonder nieuwe fracturen en met "
            "een T-score hoger dan -2,5.",
        ),
    },
    "tables": set(),
    "considerations": {
        (BISPH, "balance", "Balans tussen gewenste en ongewenste effecten"),
        (BISPH, "rationale", "Rationale van de aanbeveling"),
    },
    "evidence": set(),
    "conclusions": {(BISPH, "GRADE", "moderate", "Wervelfracturen (cruciaal)", ())},
    "references": {(BISPH, "brouwer-2020", "", "10.5555/op.2020.0008")},
    "citations": {
        (BISPH, "Brouwer, 2020", 24, "brouwer-2020"),
        (BISPH, "Brouwer, 2020", 33, "brouwer-2020"),
        (BISPH, "Brouwer et al. (2020)", 35, "brouwer-2020"),
    },
    "findings": {(BISPH, "hazard-ratio", d("0.45"), d("0.25"), d("0.81"), "brouwer-2020")},
    "people": {("femke-haverkamp",), ("rianne-dekker",)},
    "memberships": {
        (BISPH, "working-group", "femke-haverkamp", "internist-endocrinoloog (voorzitter)"),
        (BISPH, "working-group", "rianne-dekker", "huisarts"),
    },
    "declarations": {
        (BISPH, "working-group", "femke-haverkamp"),
        (BISPH, "working-group", "rianne-dekker"),
    },
    "initiatives": {(BISPH, "NIV")},
}

EXPECTED = {
    HIP: EXPECTED_HIP,
    LUNG: EXPECTED_LUNG,
    COLORECTAL: EXPECTED_COLORECTAL,
    SCREENING: EXPECTED_SCREENING,
    BISPHOSPHONATES: EXPECTED_BISPHOSPHONATES,
}
