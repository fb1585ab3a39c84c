"""A resource's facts and incoming links, labelled, for the HTML pages.

    facts(iri, "en")     [Fact(predicate, name, value, label), ...]   (its own triples)
    incoming(iri, "en")  [Fact(subject, name, predicate, label), ...] (triples pointing at it)
    spans(iri)           [(first, last, span IRI), ...]              (its source lines)

Labels come from the graph (skos:prefLabel, rdfs:label, foaf:name, dcterms:title, in the
reader's language when there is a choice); predicates are named by the ontology's
rdfs:label or, for reused vocabularies, by a compact IRI such as `dcterms:title`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.rdf.builder import PREFIXES as BUILDER_PREFIXES
from service.queries.binding import iri as iri_term
from service.sparql.querying import select_rows

NAMESPACES = {
    **{prefix: str(namespace) for prefix, namespace in BUILDER_PREFIXES.items()},
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
LABELS = """
  OPTIONAL { ?node ?labelProperty ?label
    VALUES ?labelProperty { <http://www.w3.org/2004/02/skos/core#prefLabel>
      <http://www.w3.org/2000/01/rdf-schema#label> <http://xmlns.com/foaf/0.1/name>
      <http://purl.org/dc/terms/title> <https://w3id.org/gkg/ontology#nameAsWritten>
      <http://www.w3.org/2008/05/skos-xl#literalForm> } }
  OPTIONAL { ?property <http://www.w3.org/2000/01/rdf-schema#label> ?propertyLabel }
"""
FACTS = (
    "SELECT ?property ?node ?label ?propertyLabel WHERE { ?resource ?property ?node ."
    + LABELS
    + "}"
)
INCOMING = (
    "SELECT ?property ?node ?label ?propertyLabel ?type ?typeLabel WHERE {"
    " ?node ?property ?resource . FILTER(isIRI(?node))"
    + LABELS
    + """
  OPTIONAL { ?node a ?type FILTER(?type != <http://www.w3.org/ns/prov#Entity>)
    OPTIONAL { ?type <http://www.w3.org/2000/01/rdf-schema#label> ?typeLabel } }
}"""
)
SPANS = """
SELECT ?span ?first ?last WHERE {
  ?resource <http://www.w3.org/ns/prov#wasDerivedFrom> ?span .
  ?span <https://w3id.org/gkg/ontology#firstLine> ?first ;
        <https://w3id.org/gkg/ontology#lastLine> ?last .
} ORDER BY ?first
"""


@dataclass(frozen=True)
class Fact:
    """One labelled triple seen from a resource: `node` is the other end."""

    property: str
    property_name: str
    node: dict[str, Any]  # a SPARQL JSON term
    label: str
    type_label: str = ""  # the label of the node's class (for nodes that link here)

    @property
    def value(self) -> str:
        return self.node["value"]

    @property
    def is_iri(self) -> bool:
        return self.node["type"] == "uri"


def facts(iri: str, lang: str) -> list[Fact]:
    return _facts(select_rows(FACTS, {"resource": iri_term(iri)}), lang)


def incoming(iri: str, lang: str) -> list[Fact]:
    return _facts(select_rows(INCOMING, {"resource": iri_term(iri)}), lang)


def spans(iri: str) -> list[tuple[int, int, str]]:
    rows = select_rows(SPANS, {"resource": iri_term(iri)})
    return [(int(r["first"]["value"]), int(r["last"]["value"]), r["span"]["value"]) for r in rows]


def grouped_by_node(found: list[Fact]) -> list[tuple[Fact, list[str]]]:
    """Facts about the same node merged: (the first fact, every property name), by label."""
    merged: dict[str, tuple[Fact, list[str]]] = {}
    for fact in found:
        entry = merged.setdefault(fact.value, (fact, []))
        if fact.property_name not in entry[1]:
            entry[1].append(fact.property_name)
    return sorted(
        merged.values(), key=lambda pair: (pair[0].type_label, pair[0].label, pair[0].value)
    )


def readable(fact: Fact, base_iri: str = "") -> str:
    """A node's label, else its IRI's path below the kind (`10.1.1 / expertise / agnes-jager`)."""
    if fact.label:
        return fact.label
    if base_iri and fact.value.startswith(base_iri):
        _, _, rest = fact.value[len(base_iri) :].partition("/")
        if rest:
            return rest.replace("/", " / ")
    return compact(fact.value)


def compact(iri: str) -> str:
    """`dcterms:title` for a known namespace, else the IRI itself."""
    for prefix, namespace in NAMESPACES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _facts(rows: list[dict[str, Any]], lang: str) -> list[Fact]:
    """One Fact per (property, node), with the best label for the reader's language."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        node = row["node"]
        if node["type"] == "bnode":
            continue
        key = (row["property"]["value"], node["type"], node["value"] + node.get("xml:lang", ""))
        entry = grouped.setdefault(key, {"row": row, "labels": [], "names": [], "types": []})
        if "label" in row:
            entry["labels"].append(row["label"])
        if "typeLabel" in row:
            entry["types"].append(row["typeLabel"])
        elif "type" in row:
            entry["types"].append({"value": compact(row["type"]["value"]), "xml:lang": "~"})
        if "propertyLabel" in row:
            entry["names"].append(row["propertyLabel"])
    found = [
        Fact(
            property=key[0],
            property_name=_best(entry["names"], lang) or compact(key[0]),
            node=entry["row"]["node"],
            label=_best(entry["labels"], lang),
            type_label=_best(entry["types"], lang),
        )
        for key, entry in grouped.items()
    ]
    return sorted(found, key=lambda f: (f.property_name.lower(), f.label or f.value))


def _best(literals: list[dict[str, Any]], lang: str) -> str:
    """The literal in `lang`, else one without a language, else any ('' when none)."""
    ranked = sorted(
        literals,
        key=lambda lit: (lit.get("xml:lang") != lang, "xml:lang" in lit, lit["value"]),
    )
    return ranked[0]["value"] if ranked else ""
