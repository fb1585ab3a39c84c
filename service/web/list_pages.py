"""List pages with facets: ``/person``, ``/organisation``, ``/reference``, ``/concept``.

    GET /person                               everyone, with facet counts
    GET /person?module=6.1&group=Clusterstuurgroep   narrowed; each facet counts what is left
    GET /organisation?type=Company&q=nova     and a filter on the name

Datasette-style: beside the list, each facet shows its values with the number of items
that have them among those listed; a value is a link that adds it to the filters, and an
active filter is a link that removes it.  Several filters all apply (AND).

Each list is one SPARQL query for the items (IRI, name, a short description) and one per
facet (item, value), so no query multiplies rows; everything goes through the app's
backend like any other page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request

from loaders.iris import CONCEPT
from service.sparql.querying import select_rows
from service.store.backends import BackendError
from service.store.search_index import fold
from service.web.i18n import current_language

bp = Blueprint("list_pages", __name__)

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
FACET_LIMIT = 12  # values shown before "more"
YES_NO_FACETS = {"represented"}  # values 'yes'/'no', shown translated


@dataclass(frozen=True)
class Facet:
    name: str  # the query-string key and the label key facet_<name>
    query: str  # SELECT ?item ?value (binds ?lang)


@dataclass(frozen=True)
class Listing:
    items: str  # SELECT ?item ?name ?note (binds ?lang)
    facets: tuple[Facet, ...]


def _class_label(variable: str) -> str:
    """?value: the class's local name (stable in links); ?label: its label to show."""
    return (
        f"BIND(REPLACE(STR(?{variable}), '^.*[/#]', '') AS ?value) "
        f"OPTIONAL {{ ?{variable} rdfs:label ?label FILTER(LANG(?label) = ?lang) }}"
    )


LISTINGS: dict[str, Listing] = {
    "person": Listing(
        items="""SELECT ?item ?name ?note WHERE {
  ?item a foaf:Person ; foaf:name ?name .
  OPTIONAL { SELECT ?item (GROUP_CONCAT(DISTINCT ?r; SEPARATOR=", ") AS ?note) WHERE {
    ?m org:member ?item ; gkg:roleText ?r } GROUP BY ?item }
}""",
        facets=(
            Facet(
                "module",
                "SELECT DISTINCT ?item ?value WHERE { ?m org:member ?item ; "
                "gkg:scopeModule/gkg:moduleNumber ?value }",
            ),
            Facet(
                "group",
                "SELECT DISTINCT ?item ?value WHERE { ?m org:member ?item ; "
                "gkg:clusterGroup/skos:prefLabel ?value }",
            ),
            Facet(
                "role",
                "SELECT DISTINCT ?item ?value WHERE { ?m org:member ?item ; gkg:roleText ?value }",
            ),
            Facet(
                "represents",
                "SELECT DISTINCT ?item ?value WHERE { ?m org:member ?item ; "
                "gkg:organisationText ?value }",
            ),
            Facet(
                "interest",
                "SELECT DISTINCT ?item ?value ?label WHERE { ?d gkg:declarant ?item ; "
                "gkg:declaresInterest/gkg:interestKind ?k . " + _class_label("k") + " }",
            ),
        ),
    ),
    "organisation": Listing(
        items="""SELECT ?item ?name ?note WHERE {
  ?item a org:FormalOrganization ; skos:prefLabel ?name .
  OPTIONAL { SELECT ?item (GROUP_CONCAT(DISTINCT ?a; SEPARATOR=", ") AS ?note) WHERE {
    ?item a org:FormalOrganization ; skos:altLabel ?a } GROUP BY ?item }
}""",
        facets=(
            Facet(
                "type",
                "SELECT DISTINCT ?item ?value ?label WHERE { ?item a org:FormalOrganization, "
                "?class FILTER(?class != org:FormalOrganization) " + _class_label("class") + " }",
            ),
            Facet(
                "module",
                "SELECT DISTINCT ?item ?value WHERE { ?i gkg:counterparty ?item . "
                "?d gkg:declaresInterest ?i ; gkg:inModule/gkg:moduleNumber ?value }",
            ),
            Facet(
                "interest",
                "SELECT DISTINCT ?item ?value ?label WHERE { ?i gkg:counterparty ?item ; "
                "gkg:interestKind ?k . " + _class_label("k") + " }",
            ),
            Facet(
                "represented",
                "SELECT DISTINCT ?item ?value WHERE { "
                "?item a org:FormalOrganization . BIND(EXISTS { ?m gkg:onBehalfOf ?item } "
                'AS ?represented) BIND(IF(?represented, "yes", "no") AS ?value) }',
            ),
        ),
    ),
    "reference": Listing(
        items="""SELECT ?item ?name ?note WHERE {
  ?item a gkg:Reference ; dcterms:bibliographicCitation ?citation .
  OPTIONAL { ?item dcterms:title ?title }
  BIND(COALESCE(?title, ?citation) AS ?name)
  BIND(IF(BOUND(?title), ?citation, "") AS ?note)
}""",
        facets=(
            Facet(
                "module",
                "SELECT DISTINCT ?item ?value WHERE { ?module gkg:listsReference "
                "?item ; gkg:moduleNumber ?value }",
            ),
            Facet(
                "year",
                "SELECT DISTINCT ?item ?value WHERE { ?item a gkg:Reference ; "
                "dcterms:issued ?value }",
            ),
            Facet(
                "journal",
                "SELECT DISTINCT ?item ?value WHERE { ?item a gkg:Reference ; "
                "prism:publicationName ?value }",
            ),
            Facet(
                "type",
                "SELECT DISTINCT ?item ?value ?label WHERE { ?item a gkg:Reference, "
                "?class FILTER(?class != gkg:Reference) " + _class_label("class") + " }",
            ),
            Facet(
                "identifier",
                "SELECT DISTINCT ?item ?value WHERE { ?item a gkg:Reference . "
                "{ ?item bibo:doi ?x BIND('DOI' AS ?value) } UNION { ?item bibo:pmid ?x "
                "BIND('PMID' AS ?value) } UNION { FILTER NOT EXISTS { ?item bibo:doi ?d } "
                "FILTER NOT EXISTS { ?item bibo:pmid ?p } BIND('—' AS ?value) } }",
            ),
        ),
    ),
    "concept": Listing(
        items=f"""SELECT ?item ?name ?note WHERE {{
  ?item a skos:Concept ; skos:inScheme ?scheme ; skos:prefLabel ?name
  FILTER(LANG(?name) = ?lang) FILTER(STRSTARTS(STR(?scheme), "{CONCEPT}"))
  OPTIONAL {{ ?item gkg:fullySpecifiedName ?note }}
}}""",
        facets=(
            Facet(
                "tag",
                "SELECT DISTINCT ?item ?value WHERE { ?item a skos:Concept ; "
                "gkg:semanticTag ?value }",
            ),
            Facet(
                "mapped",
                "SELECT DISTINCT ?item ?value WHERE { ?item a skos:Concept ; "
                "skos:inScheme ?s . OPTIONAL { ?item skos:exactMatch|skos:closeMatch ?code } "
                "BIND(IF(!BOUND(?code), '—', IF(STRSTARTS(STR(?code), 'http://snomed.info/'), "
                "'SNOMED CT', IF(STRSTARTS(STR(?code), 'http://id.nlm.nih.gov/mesh/'), 'MeSH', "
                "IF(CONTAINS(STR(?code), 'wikidata.org/'), 'Wikidata', 'other')))) AS ?value) }",
            ),
            Facet(
                "broader",
                "SELECT DISTINCT ?item ?value WHERE { ?item skos:broader ?b . "
                "?b skos:prefLabel ?value FILTER(LANG(?value) = ?lang) }",
            ),
            Facet(
                "module",
                "SELECT DISTINCT ?item ?value WHERE { ?x dcterms:subject ?item ; "
                "gkg:inModule/gkg:moduleNumber ?value }",
            ),
        ),
    ),
}


@bp.get("/<any(person, organisation, reference, concept):kind>")
def listing(kind: str) -> str:
    spec = LISTINGS[kind]
    bound = {"lang": f'"{current_language()}"'}
    items = _items(select_rows(PREFIXES + spec.items, bound))
    labels: dict[str, dict[str, str]] = {}
    values = {
        facet.name: _values(
            select_rows(PREFIXES + facet.query, bound), labels.setdefault(facet.name, {})
        )
        for facet in spec.facets
    }
    chosen = {
        facet.name: request.args.getlist(facet.name)
        for facet in spec.facets
        if request.args.getlist(facet.name)
    }
    text = request.args.get("q", "").strip()
    shown = [
        item
        for item in items
        if all(
            set(wanted) <= values[name].get(item["iri"], set()) for name, wanted in chosen.items()
        )
        and (not text or fold(text) in fold(item["name"] + " " + item["note"]))
    ]
    if not items:
        abort(404, description=f"there are no {kind} resources in this release")
    return render_template(
        "list.html",
        kind=kind,
        items=shown,
        total=len(items),
        text=text,
        chosen=chosen,
        active=[
            {"name": name, "value": labels[name].get(value, value), "href": _toggle(name, value)}
            for name, wanted in chosen.items()
            for value in wanted
        ],
        yes_no=YES_NO_FACETS,
        facets=[
            _counted(facet.name, values[facet.name], labels[facet.name], shown, chosen)
            for facet in spec.facets
        ],
    )


def _items(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        iri = row["item"]["value"]
        entry = found.setdefault(iri, {"iri": iri, "name": row["name"]["value"], "note": ""})
        if "note" in row and not entry["note"]:
            entry["note"] = row["note"]["value"]
    return sorted(found.values(), key=lambda item: fold(item["name"]))


def _values(rows: list[dict[str, Any]], labels: dict[str, str]) -> dict[str, set[str]]:
    """item IRI -> the facet's values for it; `labels` gets value -> label where one is given."""
    values: dict[str, set[str]] = {}
    for row in rows:
        if "value" in row:
            value = row["value"]["value"]
            values.setdefault(row["item"]["value"], set()).add(value)
            if "label" in row:
                labels[value] = row["label"]["value"]
    return values


def _counted(
    name: str,
    values: dict[str, set[str]],
    labels: dict[str, str],
    shown: list[dict[str, str]],
    chosen: dict,
) -> dict[str, Any]:
    """A facet as shown: its values with counts over the listed items, links to toggle."""
    counts: dict[str, int] = {}
    for item in shown:
        for value in values.get(item["iri"], ()):
            counts[value] = counts.get(value, 0) + 1
    active = chosen.get(name, [])
    entries = [
        {
            "value": value,
            "label": labels.get(value, value),
            "count": count,
            "active": value in active,
            "href": _toggle(name, value),
        }
        for value, count in sorted(counts.items(), key=lambda pair: (-pair[1], fold(pair[0])))
    ]
    return {"name": name, "values": entries, "limit": FACET_LIMIT}


def _toggle(name: str, value: str) -> str:
    """The query string with `name=value` added, or removed when already there."""
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k not in ("lang",)]
    if (name, value) in pairs:
        pairs.remove((name, value))
    else:
        pairs.append((name, value))
    return "?" + urlencode(pairs) if pairs else "?"


@bp.errorhandler(BackendError)
def backend_error(error: BackendError) -> tuple[str, int]:
    return render_template("error.html", message=str(error)), 503
