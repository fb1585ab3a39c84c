"""Per-kind additions to a resource page: person, organisation, reference, concept,
recommendation.  `extras(kind, iri, lang)` returns the template's extra context.

    extras("person", "https://w3id.org/gkg/person/agnes-jager", "en")
    -> {"seats": [...], "declarations": [...], "interests": [...]}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.queries.binding import iri as iri_term
from service.queries.binding import literal
from service.sparql.querying import select_rows
from service.web import entity_queries as q
from service.web.i18n import translate
from service.web.recommendation_evidence import recommendation_evidence
from service.web.source_tables import recommendation_tables
from service.web.statements import statements_of

DC_CREATOR = "http://purl.org/dc/elements/1.1/creator"
SNOMED, MESH, WIKIDATA = "http://snomed.info/id/", "http://id.nlm.nih.gov/mesh/", "wikidata.org/"


def extras(kind: str, iri: str, lang: str) -> dict[str, Any]:
    make = EXTRAS.get(kind)
    return make({"resource": iri_term(iri), "lang": literal(lang)}) if make else {}


def _person(bound: dict[str, str]) -> dict[str, Any]:
    declarations: dict[str, dict[str, Any]] = {}
    for row in select_rows(q.PERSON_DECLARATIONS, bound):
        entry = declarations.setdefault(row["declaration"]["value"], {**row, "categories": []})
        if "category" in row:
            entry["categories"].append((row["category"]["value"], row["text"]["value"]))
    interests = _interests(bound)
    for iri, declaration in declarations.items():
        declaration["interests"] = [i for i in interests if i["declaration"]["value"] == iri]
    return {
        "seats": select_rows(q.PERSON_SEATS, bound),
        "declarations": list(declarations.values()),
        "interests": interests,
    }


def _organisation(bound: dict[str, str]) -> dict[str, Any]:
    return {"interests": _interests(bound)}


def _interests(bound: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per declared interest, with all its counterparties."""
    interests: dict[str, dict[str, Any]] = {}
    for row in select_rows(q.INTERESTS, bound):
        entry = interests.setdefault(row["interest"]["value"], {**row, "organisations": []})
        if "organisation" in row:
            pair = (row["organisation"]["value"], row["organisationName"]["value"])
            if pair not in entry["organisations"]:
                entry["organisations"].append(pair)
    return list(interests.values())


def _reference(bound: dict[str, str]) -> dict[str, Any]:
    found = select_rows(q.REFERENCE, bound)
    authors = [row["author"]["value"] for row in select_rows(q.AUTHORS, bound)]
    return {
        "reference": found[0] if found else {},
        "authors": authors,
        "ordered": {DC_CREATOR: authors} if authors else {},  # facts shown in list order
    }


def _declaration(bound: dict[str, str]) -> dict[str, Any]:
    """A heading naming whose declaration it is, for which module and group."""
    found = select_rows(q.DECLARATION, bound)
    return {"heading": _heading("kind_declaration", found, bound)} if found else {}


def _membership(bound: dict[str, str]) -> dict[str, Any]:
    """A heading naming the member, the module and group, and the role."""
    found = select_rows(q.MEMBERSHIP, bound)
    return {"heading": _heading("kind_membership", found, bound)} if found else {}


def _heading(kind_key: str, rows: list[dict[str, Any]], bound: dict[str, str]) -> str:
    """'Declaration of interests: Agnes Jager · module 10.1.1 · Clusterexpertisegroep'."""
    lang = bound["lang"].strip('"')
    row = rows[0]
    parts = [row["name"]["value"]]
    if "number" in row:
        parts.append(f"{translate('module', lang).lower()} {row['number']['value']}")
    parts += [row[name]["value"] for name in ("group", "role") if name in row]
    return f"{translate(kind_key, lang)}: {' · '.join(parts)}"


def _concept(bound: dict[str, str]) -> dict[str, Any]:
    links = []
    for row in select_rows(q.CONCEPT_MATCHES, bound):
        match = row["match"]["value"]
        system = (
            "SNOMED CT"
            if match.startswith(SNOMED)
            else "MeSH"
            if match.startswith(MESH)
            else "Wikidata"
            if WIKIDATA in match
            else ""
        )
        code = match.rstrip("/").rsplit("/", 1)[-1]
        links.append({"iri": match, "system": system, "code": code, "kind": row["kind"]["value"]})
    return {"matches": links}


def _recommendation(bound: dict[str, str]) -> dict[str, Any]:
    rows = select_rows(q.RECOMMENDATION, bound)
    if not rows:
        return {"recommendation": {}, "statements": []}
    iri, module, lang = bound["resource"][1:-1], rows[0]["module"]["value"], bound["lang"][1:-1]
    return {
        "recommendation": rows[0],
        "statements": statements_of(recommendation=iri).get(iri, []),
        "evidence": recommendation_evidence(iri, module, lang),
        "tables": recommendation_tables(recommendation=iri).get(iri, []),
    }


EXTRAS: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "person": _person,
    "organisation": _organisation,
    "reference": _reference,
    "concept": _concept,
    "recommendation": _recommendation,
    "declaration": _declaration,
    "membership": _membership,
}
