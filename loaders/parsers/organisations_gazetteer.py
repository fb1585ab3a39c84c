"""Reference data: well-known organisations of Dutch (breast cancer) care and research.

Document-independent: the societies, funders, companies and hospitals that
declarations and panel lists name.  Each entry is (key, full name, kind,
abbreviations, other spellings).  Abbreviations are matched case-sensitively
as whole words, names and spellings case-insensitively.  Kinds:
professional-society | hospital | company | charity | government |
patient-organisation | knowledge-institute | other.
"""

from __future__ import annotations

from typing import NamedTuple


class KnownOrganisation(NamedTuple):
    key: str
    name: str
    kind: str
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


_SOCIETY = "professional-society"
_HOSPITAL = "hospital"
_COMPANY = "company"
_CHARITY = "charity"
_GOVERNMENT = "government"
_PATIENTS = "patient-organisation"
_INSTITUTE = "knowledge-institute"

KNOWN_ORGANISATIONS: tuple[KnownOrganisation, ...] = (
    # professional societies
    KnownOrganisation("niv", "Nederlandsche Internisten Vereeniging", _SOCIETY, ("NIV",)),
    KnownOrganisation(
        "nvpc", "Nederlandse Vereniging voor Plastische Chirurgie", _SOCIETY, ("NVPC",)
    ),
    KnownOrganisation("nvvh", "Nederlandse Vereniging voor Heelkunde", _SOCIETY, ("NVvH",)),
    KnownOrganisation("nvvr", "Nederlandse Vereniging voor Radiologie", _SOCIETY, ("NVvR", "NVVR")),
    KnownOrganisation(
        "nvro", "Nederlandse Vereniging voor Radiotherapie en Oncologie", _SOCIETY, ("NVRO",)
    ),
    KnownOrganisation(
        "nvng", "Nederlandse Vereniging voor Nucleaire geneeskunde", _SOCIETY, ("NVNG",)
    ),
    KnownOrganisation(
        "nvvp", "Nederlandse Vereniging voor Pathologie", _SOCIETY, ("NVVP", "NVVPatho")
    ),
    KnownOrganisation("vkgn", "Vereniging Klinische Genetica Nederland", _SOCIETY, ("VKGN",)),
    KnownOrganisation("nhg", "Nederlands Huisartsen Genootschap", _SOCIETY, ("NHG",)),
    KnownOrganisation(
        "nvkg", "Nederlandse Vereniging voor Klinische Geriatrie", _SOCIETY, ("NVKG",)
    ),
    KnownOrganisation("nva", "Nederlandse Vereniging voor Anesthesiologie", _SOCIETY, ("NVA",)),
    KnownOrganisation(
        "nvkc",
        "Nederlandse Vereniging voor Klinische Chemie en Laboratoriumgeneeskunde",
        _SOCIETY,
        ("NVKC",),
    ),
    KnownOrganisation("nvvc", "Nederlandse Vereniging voor Cardiologie", _SOCIETY, ("NVVC",)),
    KnownOrganisation(
        "kngf", "Koninklijk Nederlands Genootschap voor Fysiotherapie", _SOCIETY, ("KNGF",)
    ),
    KnownOrganisation(
        "nvfl",
        "Nederlandse Vereniging voor Fysiotherapie binnen de Lymfologie",
        _SOCIETY,
        ("NVFL",),
    ),
    KnownOrganisation("nvkf", "Nederlandse Vereniging voor Klinische Fysica", _SOCIETY, ("NVKF",)),
    KnownOrganisation("nabon", "Nationaal Borstkanker Overleg Nederland", _SOCIETY, ("NABON",)),
    KnownOrganisation(
        "nvco",
        "Nederlandse Vereniging voor Chirurgische Oncologie",
        _SOCIETY,
        ("NVCO",),
        ("Nederlandse Vereniging van Chirurgische Oncologie",),
    ),
    KnownOrganisation(
        "nvepc",
        "Nederlandse Vereniging voor Esthetische Plastische Chirurgie",
        _SOCIETY,
        ("NVEPC",),
    ),
    KnownOrganisation(
        "knmg",
        "Koninklijke Nederlandsche Maatschappij tot bevordering der Geneeskunst",
        _SOCIETY,
        ("KNMG",),
    ),
    KnownOrganisation(
        "estro", "European Society for Radiotherapy and Oncology", _SOCIETY, ("ESTRO",)
    ),
    KnownOrganisation("esso", "European Society of Surgical Oncology", _SOCIETY, ("ESSO",)),
    # research groups and knowledge institutes
    KnownOrganisation(
        "eortc",
        "European Organisation for Research and Treatment of Cancer",
        _INSTITUTE,
        ("EORTC",),
        ("European Organization for Research and Treatment of Cancer",),
    ),
    KnownOrganisation(
        "boog",
        "Borstkanker Onderzoek Groep",
        _INSTITUTE,
        ("BOOG",),
        ("Borstkanker Onderzoeks Groep", "Borstkanker onderzoekgroep"),
    ),
    KnownOrganisation("palga", "Stichting PALGA", _INSTITUTE, ("Palga", "PALGA")),
    KnownOrganisation("iknl", "Integraal Kankercentrum Nederland", _INSTITUTE, ("IKNL",)),
    KnownOrganisation(
        "kennisinstituut",
        "Kennisinstituut van de Federatie Medisch Specialisten",
        _INSTITUTE,
    ),
    KnownOrganisation("oncode", "Oncode Institute", _INSTITUTE, (), ("Oncode",)),
    KnownOrganisation("universiteit-maastricht", "Universiteit Maastricht", _INSTITUTE),
    # patient organisations
    KnownOrganisation(
        "borstkanker-vereniging-nederland",
        "Borstkanker Vereniging Nederland",
        _PATIENTS,
        ("BVN",),
        ("Borstkanker Ver. NL", "Borstkankervereniging Nederland"),
    ),
    KnownOrganisation("europa-donna", "Europa Donna", _PATIENTS),
    # funders
    KnownOrganisation("kwf", "KWF Kankerbestrijding", _CHARITY, ("KWF",)),
    KnownOrganisation("pink-ribbon", "Pink Ribbon", _CHARITY),
    KnownOrganisation("breast-cancer-now", "Breast Cancer Now", _CHARITY),
    KnownOrganisation(
        "innovatiefonds-zorgverzekeraars", "Innovatiefonds Zorgverzekeraars", _CHARITY
    ),
    KnownOrganisation("zonmw", "ZonMw", _GOVERNMENT, ("ZonMw", "ZonMW")),
    KnownOrganisation("euratom", "Euratom", _GOVERNMENT, ("Euratom",)),
    KnownOrganisation(
        "cihr",
        "Canadian Institutes of Health Research",
        _GOVERNMENT,
        ("CIHR",),
        ("Instituts de recherche en santé du Canada",),
    ),
    KnownOrganisation("smwk", "Saxon Ministry of Science", _GOVERNMENT, ("SMWK",)),
    # companies
    KnownOrganisation("novartis", "Novartis", _COMPANY),
    KnownOrganisation("pfizer", "Pfizer", _COMPANY),
    KnownOrganisation("astrazeneca", "AstraZeneca", _COMPANY, (), ("Astra Zeneca",)),
    KnownOrganisation("varian", "Varian", _COMPANY, ("VARIAN",)),
    KnownOrganisation("polytech", "Polytech Health & Aesthetics GmbH", _COMPANY, (), ("Polytech",)),
    KnownOrganisation("ge-healthcare", "GE Healthcare", _COMPANY),
    KnownOrganisation("owkin", "Owkin", _COMPANY),
    KnownOrganisation("gilead", "Gilead", _COMPANY),
    KnownOrganisation("philips", "Philips", _COMPANY),
    KnownOrganisation("hologic", "Hologic", _COMPANY, ("HOLOGIC",)),
    KnownOrganisation("agendia", "Agendia", _COMPANY),
    KnownOrganisation("lipocosm", "Lipocosm", _COMPANY),
    KnownOrganisation("seno-medical", "Seno Medical", _COMPANY, (), ("SENO medical",)),
    KnownOrganisation("dekra", "DEKRA", _COMPANY, ("DEKRA",)),
    # funding programmes
    KnownOrganisation(
        "horizon-europe",
        "Horizon Europe (EU research and innovation programme)",
        _GOVERNMENT,
        ("HORIZON",),
        ("Horizon Europe", "Horizon 2020"),
    ),
    KnownOrganisation("chipsoft", "ChipSoft", _COMPANY, (), ("Chipsoft",)),
    # hospitals
    KnownOrganisation(
        "erasmus-mc",
        "Erasmus MC",
        _HOSPITAL,
        (),
        (
            "Erasmus MC, Universitair Medisch Centrum Rotterdam",
            "Erasmus MC Kanker Instituut",
            "Erasmus Kanker Instituut",
        ),
    ),
    KnownOrganisation("amsterdam-umc", "Amsterdam UMC", _HOSPITAL),
    KnownOrganisation("radboudumc", "Radboudumc", _HOSPITAL, (), ("Radboud UMC",)),
    KnownOrganisation("lumc", "Leids Universitair Medisch Centrum", _HOSPITAL, ("LUMC",)),
    KnownOrganisation("umc-utrecht", "UMC Utrecht", _HOSPITAL),
    KnownOrganisation("umcg", "Universitair Medisch Centrum Groningen", _HOSPITAL, ("UMCG",)),
    KnownOrganisation("mumc", "Maastricht UMC+", _HOSPITAL, ("MUMC+", "MUMC")),
    KnownOrganisation(
        "nki-avl",
        "Nederlands Kanker Instituut - Antoni van Leeuwenhoek",
        _HOSPITAL,
        ("NKI-AVL", "AvL"),
        (
            "Nederlands Kanker Instituut/ Antoni van Leeuwenhoek Ziekenhuis",
            "Nederlands Kanker Instituut / Antoni van Leeuwenhoek Ziekenhuis",
            "Antoni van Leeuwenhoek Ziekenhuis",
            "Antoni van Leeuwenhoek",
            "Anton van Leeuwenhoek",
            "Nederlands Kanker Instituut",
        ),
    ),
    KnownOrganisation("cwz", "Canisius Wilhelmina Ziekenhuis", _HOSPITAL, ("CWZ",)),
    KnownOrganisation("rijnstate", "Rijnstate", _HOSPITAL, (), ("Ziekenhuis Rijnstate",)),
    KnownOrganisation("meander-mc", "Meander Medisch Centrum", _HOSPITAL),
    KnownOrganisation(
        "st-antonius-ziekenhuis",
        "St. Antonius Ziekenhuis",
        _HOSPITAL,
        (),
        ("Antonius Ziekenhuis",),
    ),
    KnownOrganisation("catharina-ziekenhuis", "Catharina Ziekenhuis", _HOSPITAL),
    KnownOrganisation(
        "gelre-ziekenhuizen", "Gelre ziekenhuizen", _HOSPITAL, (), ("Gelre Ziekenhuis",)
    ),
    KnownOrganisation("diakonessenhuis", "Diakonessenhuis", _HOSPITAL),
    KnownOrganisation("martini-ziekenhuis", "Martini Ziekenhuis", _HOSPITAL),
    KnownOrganisation("alexander-monro-ziekenhuis", "Alexander Monro Ziekenhuis", _HOSPITAL),
)
