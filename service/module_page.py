"""The module page: question, recommendations, evidence, findings, references, panel, concepts.

    render_module("https://w3id.org/gkg/module/10.1.1")   -> HTML (404 when unknown)

Called by service.resources for the HTML representation of a module IRI; the queries
are in service.module_queries.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from flask import abort, render_template

from . import module_queries as q
from .binding import iri as iri_term
from .binding import literal
from .forest import Row, forest_plot
from .i18n import current_language
from .linked_data import alternates
from .querying import select_rows


def render_module(iri: str, path: str) -> str:
    bound = {"module": iri_term(iri), "lang": literal(current_language())}
    found = select_rows(q.MODULE, bound)
    if not found:
        abort(404, description=f"no module {iri}")
    findings = select_rows(q.FINDINGS, bound)
    return render_template(
        "module.html",
        iri=iri,
        path=path,
        alternates=alternates(path),
        module=found[0],
        questions=select_rows(q.QUESTIONS, bound),
        recommendations=_recommendations(select_rows(q.RECOMMENDATIONS, bound)),
        certainty=select_rows(q.CERTAINTY, bound),
        downgrades=select_rows(q.DOWNGRADES, bound),
        findings=findings,
        plots=_plots(findings),
        references=select_rows(q.REFERENCES, bound),
        panel=_panel(select_rows(q.PANEL, bound), select_rows(q.DECLARATIONS, bound)),
        concepts=select_rows(q.CONCEPTS, bound),
    )


def _recommendations(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per recommendation with its statements in order."""
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = entries.setdefault(row["recommendation"]["value"], {**row, "statements": []})
        if "text" in row and row["text"]["value"] not in entry["statements"]:
            entry["statements"].append(row["text"]["value"])
    return list(entries.values())


def _plots(findings: list[dict[str, Any]]) -> list:
    """One forest plot per measure, of the findings that have a value."""
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for row in findings:
        measure = row["measure"]["value"] if "measure" in row else ""
        by_measure[measure].append(
            Row(
                study=_study_name(row),
                modality=row["test"]["value"] if "test" in row else "",
                value=_number(row, "value"),
                low=_number(row, "lower"),
                high=_number(row, "upper"),
                target=row["target"]["value"] if "target" in row else "",
            )
        )
    return [forest_plot(rows, measure) for measure, rows in by_measure.items()]


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


def _study_name(row: dict[str, Any]) -> str:
    """'Xia 2023' from a reference IRI ending in 'xia-2023', else the citation's start."""
    if "study" not in row:
        return "—"
    slug = row["study"]["value"].rsplit("/", 1)[-1]
    name, _, year = slug.rpartition("-")
    if year.isdigit() and name:
        return f"{name.replace('-', ' ').title()} {year}"
    return slug


def _number(row: dict[str, Any], name: str) -> float | None:
    return float(Decimal(row[name]["value"])) if name in row else None
