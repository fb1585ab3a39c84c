"""Each statement of a recommendation with its own direction, the concepts of the
interventions it advises on and of an alternative it names (issue 14, item 2), for the
module and recommendation pages.

    statements_of(module=iri)          -> {recommendation IRI: [statement, ...]}
    statements_of(recommendation=iri)  -> the same for one recommendation

A statement is {"n", "text", "direction" (for | against | conditional | unknown),
"interventions", "alternatives" (lists of (concept IRI, label))}, with the "span",
"first" and "last" bindings of its source lines (for the `source` macro).
"""

from __future__ import annotations

from typing import Any

from service.queries.binding import iri as iri_term
from service.queries.binding import literal
from service.sparql.querying import select_rows
from service.web.i18n import current_language

DIRECTIONS = {
    "RecommendationFor": "for",
    "RecommendationAgainst": "against",
    "RecommendationConditionallyFor": "conditional",
}
PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
STATEMENTS = (
    PREFIXES
    + """
SELECT ?recommendation ?n ?text ?direction ?span ?first ?last WHERE {
  ?recommendation gkg:inModule ?module ; gkg:hasStatement ?statement .
  ?statement gkg:statementNumber ?n ; gkg:text ?text .
  OPTIONAL { ?statement gkg:direction ?direction }
  OPTIONAL { ?statement prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ;
             gkg:lastLine ?last }
} ORDER BY ?recommendation ?n
"""
)
CONCEPTS = (
    PREFIXES
    + """
SELECT ?recommendation ?n ?role ?concept ?label WHERE {
  VALUES (?property ?role) { (gkg:concernsIntervention "interventions")
                             (gkg:concernsComparator "alternatives") }
  ?recommendation gkg:inModule ?module ; gkg:hasStatement ?statement .
  ?statement gkg:statementNumber ?n ; ?property ?concept .
  OPTIONAL { ?concept skos:prefLabel ?own FILTER(LANG(?own) = ?lang) }
  OPTIONAL { ?concept skos:prefLabel ?english FILTER(LANG(?english) = "en") }
  BIND(COALESCE(?own, ?english, STR(?concept)) AS ?label)
} ORDER BY ?recommendation ?n ?role ?label
"""
)


def statements_of(
    module: str | None = None, recommendation: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The statements of the module's recommendations (or of one), in order."""
    bound = {"lang": literal(current_language())}
    if module:
        bound["module"] = iri_term(module)
    if recommendation:
        bound["recommendation"] = iri_term(recommendation)
    found: dict[str, dict[int, dict[str, Any]]] = {}
    for row in select_rows(STATEMENTS, bound):
        direction = row.get("direction", {}).get("value", "").rsplit("#", 1)[-1]
        found.setdefault(row["recommendation"]["value"], {})[int(row["n"]["value"])] = {
            "n": int(row["n"]["value"]),
            "text": row["text"]["value"],
            "direction": DIRECTIONS.get(direction, "unknown"),
            "interventions": [],
            "alternatives": [],
            **{key: row[key] for key in ("span", "first", "last") if key in row},
        }
    for row in select_rows(CONCEPTS, bound):
        statement = found.get(row["recommendation"]["value"], {}).get(int(row["n"]["value"]))
        concept = (row["concept"]["value"], row["label"]["value"])
        if statement is not None and concept not in statement[row["role"]["value"]]:
            statement[row["role"]["value"]].append(concept)
    return {iri: [found[iri][n] for n in sorted(found[iri])] for iri in found}
