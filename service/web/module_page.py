"""The module page: question, recommendations (with the tables they hold), evidence (GRADE,
conclusions per outcome, findings, considerations, Wkkgz), references, panel and their
declared interests, concepts.

    render_module("https://w3id.org/gkg/module/10.1.1")   -> HTML (404 when unknown)

Called by service.web.resources for the HTML representation of a module IRI; the queries
are in service.web.module_queries and service.web.evidence_queries; the evidence is assembled by
service.web.evidence, the interests by service.web.module_coi.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from service.queries.binding import iri as iri_term
from service.queries.binding import literal
from service.sparql.querying import select_rows
from service.web import module_queries as q
from service.web.evidence import module_evidence
from service.web.i18n import current_language
from service.web.linked_data import alternates
from service.web.module_coi import module_interests
from service.web.source_tables import recommendation_tables
from service.web.statements import statements_of


def render_module(iri: str, path: str) -> str:
    lang = current_language()
    bound = {"module": iri_term(iri), "lang": literal(lang)}
    found = select_rows(q.MODULE, bound)
    if not found:
        abort(404, description=f"no module {iri}")
    module = found[0]
    evidence = module_evidence(iri, lang)
    interests = module_interests(iri, module["number"]["value"])
    return render_template(
        "module.html",
        iri=iri,
        path=path,
        alternates=alternates(path),
        module=module,
        questions=select_rows(q.QUESTIONS, bound),
        recommendations=_recommendations(select_rows(q.RECOMMENDATIONS, bound), iri),
        tables=recommendation_tables(module=iri),
        references=select_rows(q.REFERENCES, bound),
        panel=_panel(select_rows(q.PANEL, bound), select_rows(q.DECLARATIONS, bound)),
        concepts=select_rows(q.CONCEPTS, bound),
        interests=interests,
        **evidence,
    )


def _recommendations(rows: list[dict[str, Any]], module: str) -> list[dict[str, Any]]:
    """One entry per recommendation with its statements in order (each with its direction
    and interventions)."""
    statements = statements_of(module=module)
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["recommendation"]["value"]
        entries.setdefault(iri, {**row, "statements": statements.get(iri, [])})
    return list(entries.values())


def _panel(members: list[dict[str, Any]], declarations: list[dict[str, Any]]) -> list[dict]:
    """Each panel member with their roles and a summary of what they declared."""
    people: dict[str, dict[str, Any]] = {}
    for row in members:
        person = people.setdefault(
            row["person"]["value"], {"person": row["person"], "name": row["name"], "seats": []}
        )
        person["seats"].append(row)
    for row in declarations:
        person = people.get(row["person"]["value"])
        if person is not None:
            person.setdefault("declarations", []).append(_kinds_in_order(row))
    return list(people.values())


def _kinds_in_order(row: dict[str, Any]) -> dict[str, Any]:
    """'8 research funding, 3 side activity, 1 employment': most first, then by name."""
    if not row.get("kinds", {}).get("value"):
        return row
    parts = [part.split(" ", 1) for part in row["kinds"]["value"].split(", ")]
    parts.sort(key=lambda part: (-int(part[0]), part[1]))
    kinds = ", ".join(f"{count} {label}" for count, label in parts)
    return {**row, "kinds": {**row["kinds"], "value": kinds}}
