"""Dutch and English labels for the pages, and the reader's choice between them.

    GET /module/10.1.1?lang=nl   the page in Dutch; the choice is kept in a `gkg_lang` cookie

service.pages installs `language_context` and `remember_language` app-wide.
Templates call `t("key")` for a label and get `lang` ('en' or 'nl').  The data's own
texts are shown as written (verbatim Dutch stays Dutch); only the interface changes.
"""

from __future__ import annotations

from flask import Response, request

LANGUAGES = ("en", "nl")
COOKIE = "gkg_lang"
LABELS: dict[str, tuple[str, str]] = {  # key -> (English, Dutch)
    "site": ("Guideline Knowledge Graph", "Richtlijnen-kennisgraaf"),
    "skip": ("Skip to content", "Naar de inhoud"),
    "home": ("Home", "Start"),
    "query": ("Query", "Zoekvraag"),
    "named_queries": ("Named queries", "Vaste zoekvragen"),
    "network": ("Interest network", "Belangennetwerk"),
    "validation": ("Validation", "Validatie"),
    "language": ("Language", "Taal"),
    "data_version": ("Data version", "Dataversie"),
    "modules": ("Modules", "Modules"),
    "module": ("Module", "Module"),
    "guideline": ("Guideline", "Richtlijn"),
    "title": ("Title", "Titel"),
    "holds": ("What the graph holds", "Wat de graaf bevat"),
    "class": ("Class", "Klasse"),
    "instances": ("Instances", "Aantal"),
    "status": ("Validation status", "Validatiestatus"),
    "conforms": ("conforms to the shapes", "voldoet aan de shapes"),
    "not_conforms": ("does not conform", "voldoet niet"),
    "warnings": ("warnings", "waarschuwingen"),
    "violations": ("violations", "overtredingen"),
    "how_to_query": ("How to query", "Zo bevraagt u de graaf"),
    "question": ("Clinical question", "Uitgangsvraag"),
    "recommendations": ("Recommendations", "Aanbevelingen"),
    "verdict": ("Final judgement", "Eindoordeel"),
    "evidence": ("Quality of evidence (GRADE)", "Kwaliteit van bewijs (GRADE)"),
    "not_graded": ("not graded", "niet gegradeerd"),
    "downgrades": ("Downgraded for", "Afgewaardeerd om"),
    "findings": ("Findings", "Resultaten"),
    "study": ("Study", "Studie"),
    "measure": ("Measure", "Maat"),
    "index_test": ("Modality or tracer", "Modaliteit of tracer"),
    "target": ("Target condition", "Doelaandoening"),
    "value": ("Value", "Waarde"),
    "ci": ("95% CI", "95%-BI"),
    "forest": ("Forest plot", "Forest plot"),
    "references": ("References", "Literatuur"),
    "panel": ("Panel", "Werkgroep"),
    "person": ("Person", "Persoon"),
    "role": ("Role", "Rol"),
    "group": ("Group", "Groep"),
    "interests": ("Declared interests", "Gemelde belangen"),
    "none_declared": ("none declared", "geen gemeld"),
    "concepts": ("Concepts", "Concepten"),
    "source": ("source", "bron"),
    "source_lines": ("Source lines", "Bronregels"),
    "facts": ("Facts", "Feiten"),
    "incoming": ("What links here", "Wat hiernaar verwijst"),
    "property": ("Property", "Eigenschap"),
    "from": ("From", "Van"),
    "rdf": ("This resource as RDF", "Deze bron als RDF"),
    "declarations": ("Declarations of interest", "Belangenverklaringen"),
    "memberships": ("Memberships", "Lidmaatschappen"),
    "external": ("Elsewhere", "Elders"),
    "kind": ("Kind", "Soort"),
    "counterparty": ("Organisation", "Organisatie"),
    "paid": ("paid", "betaald"),
    "unpaid": ("unpaid", "onbetaald"),
    "statements": ("Statements", "Uitspraken"),
    "strong": ("strong", "sterk"),
    "weak": ("weak", "zwak"),
    "for": ("for", "voor"),
    "against": ("against", "tegen"),
    "unknown": ("unknown", "onbekend"),
    "report": ("SHACL report", "SHACL-rapport"),
    "source_warnings": ("Warnings on the source", "Waarschuwingen over de bron"),
    "focus": ("Concerns", "Betreft"),
    "message": ("Message", "Melding"),
    "filter": ("Filter", "Filter"),
    "all": ("all", "alle"),
    "tie_kind": ("Tie kind", "Soort band"),
    "analyses": ("Analyses", "Analyses"),
    "document": ("Document", "Document"),
}


def current_language() -> str:
    """The language asked for (?lang=), else remembered (cookie), else English."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(COOKIE, "")
    return kept if kept in LANGUAGES else "en"


def translate(key: str, lang: str | None = None) -> str:
    english, dutch = LABELS.get(key, (key, key))
    return dutch if (lang or current_language()) == "nl" else english


def language_context() -> dict:
    lang = current_language()
    return {"lang": lang, "t": lambda key: translate(key, lang), "languages": LANGUAGES}


def remember_language(response: Response) -> Response:
    """Keep a ?lang= choice in the cookie; HTML depends on that cookie, so say so (Vary)."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax")
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response
