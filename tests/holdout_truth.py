"""Hold-out fixtures: written after the parsers were finished, to measure how they generalise.

tests/data/holdout/ holds a Dutch text export (panel functions before roles, bulleted
recommendations without a verdict, 'GRADE: laag' conclusions, APA-style references,
citations 'et al.' without a comma and 'and') and a saved page whose sections are `h3`
tabs without a breadcrumb.  The facts below were written by hand from those texts; the
parsers were not changed to fit them.  `bench/corpus_recall.py --holdout` measures recall
on them; no test asserts them (a miss here is a finding, not a failure).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

HOLDOUT = Path(__file__).parent / "data" / "holdout"
DELIRIUM = HOLDOUT / "delier-2021.txt"
FALLS = HOLDOUT / "valpreventie.html"

DEL = "delier-bij-volwassenen/2.3"
EXPECTED_DELIRIUM = {
    "modules": {(DEL, "2.3", "Medicamenteuze behandeling van delier")},
    "questions": {
        (
            DEL,
            None,
            "Wat is de plaats van antipsychotica bij de behandeling van een delier bij "
            "volwassenen?",
        ),
    },
    "recommendations": {(f"{DEL}-1", "Aanbevelingen:", "unknown", "unknown")},
    "statements": {
        (f"{DEL}-1", "Behandel een delier eerst met niet-medicamenteuze maatregelen."),
        (
            f"{DEL}-1",
            "Geef haloperidol alleen bij ernstige onrust of gevaar, in de laagst "
            "werkzame dosering en zo kort mogelijk.",
        ),
        (f"{DEL}-1", "Geef geen antipsychotica om een delier te voorkomen."),
    },
    "tables": set(),
    "considerations": {(DEL, "other", "Overwegingen")},
    "evidence": set(),
    "conclusions": {
        (DEL, "GRADE", "low", "Duur van het delier (cruciaal)", ()),
        (DEL, "GRADE", "very-low", "Sterfte (belangrijk)", ()),
    },
    "references": {
        (DEL, "fontaine-2019", "", "10.5555/dl.2019.0067"),
        (DEL, "mertens-2020", "", "10.5555/dl.2020.0049"),
    },
    "citations": {
        (DEL, "Fontaine et al. 2019", 49, "fontaine-2019"),
        (DEL, "Mertens and Yilmaz 2020", 49, "mertens-2020"),
        (DEL, "Fontaine et al. 2019", 54, "fontaine-2019"),
        (DEL, "Fontaine et al. (2019)", 57, "fontaine-2019"),
        (DEL, "Mertens and Yilmaz (2020)", 57, "mertens-2020"),
        (DEL, "Mertens and Yilmaz 2020", 60, "mertens-2020"),
    },
    "findings": {
        (DEL, "hazard-ratio", Decimal("1.07"), Decimal("0.84"), Decimal("1.36"), "fontaine-2019"),
        # 'met 16 gerandomiseerde studies'
        (DEL, "study-count", Decimal("16"), None, None, "fontaine-2019"),
    },
    "people": {("hester-smulders",), ("arjen-bouwman",), ("mirjam-de-lange",), ("theo-wolters",)},
    "memberships": {
        (DEL, "working-group", "hester-smulders", "klinisch geriater (voorzitter)"),
        (DEL, "working-group", "arjen-bouwman", "psychiater"),
        (DEL, "working-group", "mirjam-de-lange", "ziekenhuisapotheker"),
        (DEL, "sounding-board", "theo-wolters", "patiëntvertegenwoordiger"),
    },
    "declarations": {
        (DEL, "working-group", "hester-smulders"),
        (DEL, "working-group", "arjen-bouwman"),
        (DEL, "working-group", "mirjam-de-lange"),
        (DEL, "sounding-board", "theo-wolters"),
    },
    "initiatives": {(DEL, "NVKG")},
}

FALL = "valpreventie-bij-ouderen/valpreventie-na-ontslag-uit-het-ziekenhuis"
EXPECTED_FALLS = {
    "modules": {(FALL, "", "Valpreventie na ontslag uit het ziekenhuis")},
    "questions": {
        (
            FALL,
            None,
            "Welke interventies verminderen het aantal vallen na ontslag uit het "
            "ziekenhuis bij ouderen?",
        ),
    },
    "recommendations": {(f"{FALL}-1", "Aanbeveling", "strong", "for")},
    "statements": {
        (
            f"{FALL}-1",
            "Bied ouderen met een verhoogd valrisico bij ontslag een beweegprogramma "
            "aan met balans- en krachttraining.",
        ),
    },
    "tables": set(),
    "considerations": {
        (FALL, "balance", "Balans tussen gewenste en ongewenste effecten"),
        (FALL, "feasibility", "Haalbaarheid"),
    },
    "evidence": set(),
    "conclusions": {(FALL, "GRADE", "moderate", "Vallen (cruciaal)", ())},
    "references": {(FALL, "kowalski-2018", "", "10.5555/vp.2018.0361")},
    "citations": {
        (FALL, "Kowalski 2018", 20, "kowalski-2018"),
        (FALL, "Kowalski, 2018", 30, "kowalski-2018"),
        (FALL, "Kowalski et al. (2018)", 32, "kowalski-2018"),
    },
    "findings": {
        (FALL, "hazard-ratio", Decimal("0.74"), Decimal("0.60"), Decimal("0.91"), "kowalski-2018")
    },
    "people": {("pim-veenstra",), ("sanne-kramer",)},
    "memberships": {
        (FALL, "working-group", "pim-veenstra", "fysiotherapeut (voorzitter)"),
        (FALL, "working-group", "sanne-kramer", "klinisch geriater"),
    },
    "declarations": {
        (FALL, "working-group", "pim-veenstra"),
        (FALL, "working-group", "sanne-kramer"),
    },
    "initiatives": {(FALL, "KNGF")},
}

EXPECTED = {DELIRIUM: EXPECTED_DELIRIUM, FALLS: EXPECTED_FALLS}
