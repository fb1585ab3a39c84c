"""Dutch and English labels for the pages, and the reader's choice between them.

    GET /module/10.1.1?lang=nl   the page in Dutch; the choice is kept in a `gkg_lang` cookie

service.web.pages installs `language_context` and `remember_language` app-wide.
Templates call `t("key")` for a label and get `lang` ('en' or 'nl').  The data's own
texts are shown as written (verbatim Dutch stays Dutch); only the interface changes.
"""

from __future__ import annotations

from flask import Response, request

from service.web.i18n_evidence import EVIDENCE_LABELS

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
    "conditional": ("for, in stated cases only", "voor, alleen in genoemde gevallen"),
    "concerns": ("Concerns", "Betreft"),
    "alternative_to": ("alternative to", "als alternatief voor"),
    "answers": ("Answers", "Beantwoordt"),
    "sub_question": ("sub-question", "deelvraag"),
    "report": ("SHACL report", "SHACL-rapport"),
    "source_warnings": ("Warnings on the source", "Waarschuwingen over de bron"),
    "coverage": ("Coverage of the sources", "Dekking van de bronnen"),
    "coverage_intro": (
        "Every line of every source document, accounted for: read into the graph, a heading, "
        "blank, skipped for a stated reason, or left over.",
        "Elke regel van elk brondocument verantwoord: in de graaf gelezen, een kop, leeg, "
        "overgeslagen met een reden, of blijven liggen.",
    ),
    "left_over": ("Left over", "Blijven liggen"),
    "skipped": ("Skipped", "Overgeslagen"),
    "focus": ("Concerns", "Betreft"),
    "message": ("Message", "Melding"),
    "filter": ("Filter", "Filter"),
    "all": ("all", "alle"),
    "tie_kind": ("Tie kind", "Soort band"),
    "analyses": ("Analyses", "Analyses"),
    "document": ("Document", "Document"),
    # the site frame
    "main_nav": ("Main", "Hoofdmenu"),
    "none": ("none", "geen"),
    "or": ("or", "of"),
    "error_store": ("The store cannot answer", "De opslag kan geen antwoord geven"),
    # home
    "home_intro": (
        "Dutch clinical practice guideline modules as linked data: recommendations, evidence, "
        "references, panels and their declared interests, each fact traceable to its source lines.",
        "Modules uit Nederlandse klinische richtlijnen als linked data: aanbevelingen, bewijs, "
        "literatuur, werkgroepen en hun gemelde belangen; elk feit herleidbaar tot de regels "
        "van de bron.",
    ),
    "home_editor": (
        "SPARQL editor (YASGUI) with the named queries",
        "SPARQL-editor (YASGUI) met de vaste zoekvragen",
    ),
    "home_endpoint": ("SPARQL 1.1 endpoint", "SPARQL 1.1-endpoint"),
    "home_iri": ("Every IRI is a page and, with", "Elke IRI is een pagina en, met"),
    "home_iri_rdf": ("RDF", "RDF"),
    # module page
    "initiative": ("initiative", "initiatief"),
    "interest_one": ("{count} declared interest", "{count} gemeld belang"),
    "interest_many": ("{count} declared interests", "{count} gemelde belangen"),
    # the kinds of resource (crumbs above a resource page)
    "kind_cluster": ("Cluster", "Cluster"),
    "kind_guideline": ("Guideline", "Richtlijn"),
    "kind_module": ("Module", "Module"),
    "kind_recommendation": ("Recommendation", "Aanbeveling"),
    "kind_finding": ("Finding", "Resultaat"),
    "kind_reference": ("Reference", "Literatuurverwijzing"),
    "kind_person": ("Person", "Persoon"),
    "kind_organisation": ("Organisation", "Organisatie"),
    "kind_role": ("Role", "Rol"),
    "kind_membership": ("Membership", "Lidmaatschap"),
    "kind_declaration": ("Declaration of interests", "Belangenverklaring"),
    "kind_source": ("Source", "Bron"),
    "kind_problem": ("Data quality finding", "Bevinding over de datakwaliteit"),
    "kind_concept": ("Concept", "Concept"),
    # source viewer
    "lines": ("lines", "regels"),
    "derived": ("Derived from these lines", "Afgeleid van deze regels"),
    # interest network
    "network_intro": (
        "People, organisations and modules, linked by panel seats and declared interests. "
        "Select a node to open it.",
        "Personen, organisaties en modules, verbonden door zitting in een werkgroep en gemelde "
        "belangen. Klik op een knoop om die te openen.",
    ),
    "centrality": ("Centrality", "Centraliteit"),
    "communities": ("Communities", "Gemeenschappen"),
    "degree": ("degree", "graad"),
    "betweenness": ("betweenness", "tussenliggendheid"),
    "network_status": (
        "{people} people, {organisations} organisations, {ties} ties",
        "{people} personen, {organisations} organisaties, {ties} banden",
    ),
    "network_in_module": (" in module {module}", " in module {module}"),
    "network_failed": (
        "The network could not be loaded: {error}",
        "Het netwerk kon niet worden geladen: {error}",
    ),
    "tie_panel-member": ("panel member", "werkgroeplid"),
    "tie_represents": ("represents", "vertegenwoordigt"),
    "tie_employment": ("employment", "dienstverband"),
    "tie_board-or-committee": ("board or committee", "bestuur of commissie"),
    "tie_research-funding": ("research funding", "onderzoeksfinanciering"),
    "tie_personal-financial": ("personal financial interest", "persoonlijk financieel belang"),
    "tie_side-activity": ("side activity", "nevenwerkzaamheid"),
    "tie_personal-relation": ("personal relation", "persoonlijke relatie"),
    "tie_intellectual": ("intellectual interest", "intellectueel belang"),
    "tie_other": ("other interest", "overig belang"),
    "tie_part-of": ("part of", "onderdeel van"),
    # query editor (query.html and editor.js)
    "editor_title": ("Query the graph", "De graaf bevragen"),
    "editor_write": (
        "Write SPARQL 1.1 below and run it with the ▶ button or",
        "Schrijf hieronder SPARQL 1.1 en voer die uit met de knop ▶ of",
    ),
    "editor_endpoint": (
        "Queries go to this server's endpoint,",
        "Zoekvragen gaan naar het endpoint van deze server,",
    ),
    "editor_address": (
        "the address bar always holds a link to the query you see.",
        "de adresbalk bevat steeds een link naar de zoekvraag die u ziet.",
    ),
    "editor_pick": ("Or pick one of the", "Of kies een van de"),
    "editor_fill": ("and fill in its parameters.", "en vul de parameters in."),
    "editor_noscript": (
        "The editor needs JavaScript. Without it, send queries to",
        "De editor heeft JavaScript nodig. Stuur zonder JavaScript zoekvragen naar",
    ),
    "editor_noscript_named": ("and use the named queries at", "en gebruik de vaste zoekvragen op"),
    "editor": ("SPARQL editor", "SPARQL-editor"),
    "share_link": ("Link to this query", "Link naar deze zoekvraag"),
    "copy_link": ("Copy link", "Link kopiëren"),
    "copied": ("Copied.", "Gekopieerd."),
    "copy_failed": ("Select the link and copy it.", "Selecteer de link en kopieer die."),
    "prefixes_filled": ("Prefixes filled in for you", "Vooraf ingevulde prefixen"),
    "prefix": ("Prefix", "Prefix"),
    "namespace": ("Namespace", "Naamruimte"),
    "named_intro": (
        "Questions asked often, with their parameters. Each runs on the server through",
        "Vaak gestelde vragen, met hun parameters. Elke vraag draait op de server via",
    ),
    "named_binds": (
        "which binds the values you enter as RDF terms.",
        "die de ingevulde waarden als RDF-termen invult.",
    ),
    "named_loading": ("Loading the named queries…", "De vaste zoekvragen worden geladen…"),
    "named_failed": (
        "The named queries could not be loaded ({error}).",
        "De vaste zoekvragen konden niet worden geladen ({error}).",
    ),
    "named_none": ("No named queries are installed.", "Er zijn geen vaste zoekvragen."),
    "named_find": ("Find a named query", "Zoek een vaste zoekvraag"),
    "result": ("Result", "Resultaat"),
    "download_json": ("Download JSON", "JSON downloaden"),
    "download_csv": ("Download CSV", "CSV downloaden"),
    "required": ("required", "verplicht"),
    "run": ("Run", "Uitvoeren"),
    "show_sparql": ("Show SPARQL in the editor", "SPARQL in de editor tonen"),
    "running": ("Running {name}…", "{name} wordt uitgevoerd…"),
    "no_result": ("{name}: no result", "{name}: geen resultaat"),
    "truncated": (" (cut at the row cap)", " (afgekapt op het maximum aantal rijen)"),
    "answer_yes": ("{name}: yes", "{name}: ja"),
    "answer_no": ("{name}: no", "{name}: nee"),
    "rows_one": ("{name}: {count} row", "{name}: {count} rij"),
    "rows_many": ("{name}: {count} rows", "{name}: {count} rijen"),
    "view_chart": ("Chart", "Grafiek"),
    "chart_caption": ("{value} per {label}", "{value} per {label}"),
    "view_graph": ("Graph", "Graaf"),
    "graph_size": (
        "{nodes} nodes and {edges} edges; select a node to open its page.",
        "{nodes} knopen en {edges} verbindingen; kies een knoop om de pagina te openen.",
    ),
    "graph_cut": (
        "The first {nodes} nodes and {edges} edges; the table view shows every triple.",
        "De eerste {nodes} knopen en {edges} verbindingen; de tabel toont elk tripel.",
    ),
    "query_text": ("SPARQL query", "SPARQL-zoekvraag"),
    "endpoint_field": ("SPARQL endpoint", "SPARQL-endpoint"),
    "tab_name": ("Tab name", "Naam van het tabblad"),
    "rows_per_page": ("Rows per page", "Rijen per pagina"),
    "filter_rows": ("Filter the rows", "Rijen filteren"),
    "name_or_iri": (
        "a number, name, label or IRI (matches are offered as you type)",
        "een nummer, naam, label of IRI (passende waarden verschijnen tijdens het typen)",
    ),
    # ontology page
    "ontology": ("Ontology and concept scheme", "Ontologie en conceptenschema"),
    "ontology_terms": ("The terms of", "De termen van"),
    "ontology_scheme": (
        "and the SNOMED-style concept scheme",
        "en het conceptenschema naar SNOMED-model",
    ),
    "ontology_read": (
        "read from the store's ontology and concept graphs. Labels and definitions are given in "
        "English and Dutch; mappings link to SNOMED CT, MeSH and Wikidata.",
        "gelezen uit de ontologie- en conceptgrafen van de opslag. Labels en definities staan er "
        "in het Engels en het Nederlands; koppelingen verwijzen naar SNOMED CT, MeSH en Wikidata.",
    ),
    "ontology_void": ("The dataset itself is described at", "De dataset zelf is beschreven op"),
    "sections": ("Sections", "Onderdelen"),
    "classes": ("Classes", "Klassen"),
    "properties": ("Properties", "Eigenschappen"),
    "examples": ("Example queries", "Voorbeeldzoekvragen"),
    "label": ("Label", "Label"),
    "labels": ("Labels", "Labels"),
    "definition": ("Definition", "Definitie"),
    "subclass_matches": ("Subclass of / matches", "Subklasse van / komt overeen met"),
    "domain_range": ("Domain → range", "Domein → bereik"),
    "subproperty_of": ("sub-property of", "subeigenschap van"),
    "concepts_intro": (
        "Each concept has a stable notation, a fully specified name with its semantic tag, "
        "preferred and alternative labels in Dutch and English, and its broader concepts. "
        "SNOMED CT codes are",
        "Elk concept heeft een vaste notatie, een volledig gespecificeerde naam met semantische "
        "tag, voorkeurs- en alternatieve labels in het Nederlands en Engels, en zijn bredere "
        "concepten. SNOMED CT-codes zijn",
    ),
    "concepts_mesh": ("MeSH and Wikidata", "MeSH en Wikidata"),
    "concepts_unmapped": (
        "a concept without a verified code stays unmapped.",
        "een concept zonder geverifieerde code blijft ongekoppeld.",
    ),
    "notation": ("Notation", "Notatie"),
    "fsn": ("Fully specified name", "Volledig gespecificeerde naam"),
    "broader": ("Broader", "Breder"),
    "mappings": ("Mappings", "Koppelingen"),
    "also": ("also", "ook"),
    "local": ("local", "lokaal"),
    "run_at": ("Run at /sparql", "Uitvoeren op /sparql"),
    "more_in": ("More in the", "Meer in de"),
    "eg": ("e.g.", "bijv."),
    "and_federated": ("and the federated", "en de gefedereerde"),
    # lists, facets and search (list_pages, search_page)
    "list_person": ("People", "Personen"),
    "list_organisation": ("Organisations", "Organisaties"),
    "list_reference": ("References", "Literatuur"),
    "list_concept": ("Concepts", "Concepten"),
    "browse": ("Browse", "Bladeren"),
    "facets": ("Narrow down", "Verfijnen"),
    "facet_module": ("Module", "Module"),
    "facet_group": ("Group", "Groep"),
    "facet_role": ("Role", "Rol"),
    "facet_represents": ("On behalf of", "Namens"),
    "facet_interest": ("Declared interest", "Gemeld belang"),
    "facet_type": ("Type", "Type"),
    "facet_represented": ("Represented in a panel", "Vertegenwoordigd in een werkgroep"),
    "facet_year": ("Year", "Jaar"),
    "facet_journal": ("Journal", "Tijdschrift"),
    "facet_identifier": ("Identifier", "Identificatie"),
    "facet_tag": ("Semantic tag", "Semantische tag"),
    "facet_mapped": ("Mapped to", "Gekoppeld aan"),
    "facet_broader": ("Broader concept", "Breder concept"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "filter_name": ("Filter by name", "Filteren op naam"),
    "shown_of": ("{shown} of {total} shown", "{shown} van {total} getoond"),
    "remove_filter": ("Remove filter", "Filter verwijderen"),
    "clear_filters": ("Clear all filters", "Alle filters wissen"),
    "more": ("{count} more", "nog {count}"),
    "search": ("Search", "Zoeken"),
    "search_label": ("Search the texts", "Zoeken in de teksten"),
    "search_hint": (
        "Recommendations, considerations, findings and references, in Dutch or English; "
        "accents and case do not matter, and words match by their start (metasta…).",
        "Aanbevelingen, overwegingen, resultaten en literatuur, in het Nederlands of Engels; "
        "accenten en hoofdletters tellen niet, en woorden passen op hun begin (metasta…).",
    ),
    "results_one": ("{count} result for “{query}”", "{count} resultaat voor ‘{query}’"),
    "results_many": ("{count} results for “{query}”", "{count} resultaten voor ‘{query}’"),
    "no_hits": ("Nothing found.", "Niets gevonden."),
    "pages": ("Pages", "Pagina's"),
    "previous": ("Previous", "Vorige"),
    "next": ("Next", "Volgende"),
    "kind_consideration": ("Consideration", "Overweging"),
    "dataset": ("Dataset", "Dataset"),
    "ontology_short": ("Ontology", "Ontologie"),
    "about_concepts": ("About", "Over"),
    "declarations_folded": (
        "One declaration per module and group; open one to read it and its interests.",
        "Eén verklaring per module en groep; open er een om die en de belangen te lezen.",
    ),
    "kind_dataset": ("Dataset description", "Beschrijving van de dataset"),
    "kind_graph": ("Named graph", "Benoemde graaf"),
    "shapes": ("SHACL shapes", "SHACL-shapes"),
    "not_found": ("Not found", "Niet gevonden"),
    "authors": ("Authors", "Auteurs"),
    "ontology_values": ("Controlled values", "Vaste waarden"),
    "ontology_values_intro": (
        "The ontology's own value lists (SKOS concept schemes): recommendation strengths and "
        "directions, certainty ratings, downgrade domains, consideration and interest kinds.",
        "De eigen waardelijsten van de ontologie (SKOS-conceptenschema's): sterkte en richting "
        "van aanbevelingen, zekerheid van bewijs, redenen om af te waarderen, soorten "
        "overwegingen en belangen.",
    ),
    "term": ("Term", "Term"),
    "scheme": ("Scheme", "Schema"),
    "triples": ("Triples", "Tripels"),
    "entities": ("Entities", "Entiteiten"),
    "licence": ("Licence", "Licentie"),
    "dumps": ("Downloads", "Downloads"),
    "dump": ("Dump", "Dump"),
    "format": ("Format", "Formaat"),
    "bytes": ("Bytes", "Bytes"),
    "partition": ("Partition", "Partitie"),
    "shapes_intro": (
        "The SHACL shapes every release is validated against; their results are in the",
        "De SHACL-shapes waartegen elke release wordt gevalideerd; de uitkomsten staan bij",
    ),
    "not_found_intro": (
        "There is no page at this address. Try the search, or browse from the menu.",
        "Op dit adres staat geen pagina. Probeer de zoekfunctie, of kies in het menu.",
    ),
}
LABELS.update(EVIDENCE_LABELS)


def current_language() -> str:
    """The language asked for (?lang=), else remembered (cookie), else English."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(COOKIE, "")
    return kept if kept in LANGUAGES else "en"


def translate(key: str, lang: str | None = None) -> str:
    """The label for `key` in `lang` (default: the reader's language); unknown keys as given."""
    english, dutch = LABELS.get(key, (key, key))
    return dutch if (lang or current_language()) == "nl" else english


def language_context() -> dict:
    """What every template gets: `lang`, `t(key)` and the languages on offer."""
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
