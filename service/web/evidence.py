"""A module's evidence as the pages show it: GRADE certainty, findings, forest plots,
conclusions per outcome (GRADE or EBRO level), considerations, the Wkkgz assessment and the
source's data-quality notes.

    evidence = module_evidence("https://w3id.org/gkg/module/10.1.1", "en")
    evidence["findings"][0]["studies"]     # [(".../reference/gerke-2025", "Gerke 2025")]
    evidence["plots"][0].log               # True only for ratio measures

Used by service.web.module_page and service.web.entity_pages (recommendation pages); the queries
are in service.web.evidence_queries and service.web.module_queries.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from service.queries.binding import iri, literal
from service.sparql.querying import select_rows
from service.web import evidence_queries as eq
from service.web import module_queries as mq
from service.web.forest import Row, forest_plot

Binding = dict[str, Any]


def module_evidence(module: str, lang: str) -> dict[str, Any]:
    """Everything the evidence sections of a page need, for the module IRI `module`."""
    bound = {"module": iri(module), "lang": literal(lang)}
    findings = merge_findings(select_rows(eq.FINDINGS, bound))
    return {
        "certainty": select_rows(mq.CERTAINTY, bound),
        "downgrades": select_rows(mq.DOWNGRADES, bound),
        "findings": findings,
        "plots": plots(findings),
        "conclusions": select_rows(eq.CONCLUSIONS, bound),
        "considerations": select_rows(eq.CONSIDERATIONS, bound),
        "wkkgz": select_rows(eq.WKKGZ, bound),
        "problems": select_rows(eq.PROBLEMS, bound),
    }


def merge_findings(rows: list[Binding]) -> list[Binding]:
    """One entry per finding; a finding drawn from several studies lists them all."""
    merged: dict[str, Binding] = {}
    for row in rows:
        parts = ("measure", "measured", "target", "subgroup")
        outcome = " · ".join(
            part for part in (_text(row, name).replace("-", " ") for name in parts) if part
        )
        entry = merged.setdefault(
            row["finding"]["value"], {**row, "studies": [], "outcome": outcome}
        )
        if "study" in row:
            study = (row["study"]["value"], study_name(row["study"]["value"]))
            if study not in entry["studies"]:
                entry["studies"].append(study)
    return list(merged.values())


def plots(findings: list[Binding]) -> list:
    """One forest plot per measure, of the findings that have a value or an interval.

    Counts, durations and summaries, and percentages of no named measure (each of its own
    outcome) are listed, not plotted: a forest plot compares one measure across studies.
    """
    by_measure: dict[str, list[Row]] = defaultdict(list)
    units: dict[str, str] = {}
    for finding in findings:
        if _text(finding, "unit") not in ("proportion", "ratio", ""):
            continue
        if _text(finding, "measure") == "proportion":
            continue
        row = plot_row(finding)
        if row.value is None and row.low is None and row.high is None:
            continue
        measure = _text(finding, "measure")
        by_measure[measure].append(row)
        units.setdefault(measure, _text(finding, "unit"))
    return [forest_plot(rows, measure, units[measure]) for measure, rows in by_measure.items()]


def plot_row(finding: Binding) -> Row:
    """The forest-plot row of a merged finding."""
    studies = " + ".join(name for _, name in finding["studies"]) or "—"
    has_value = "value" in finding
    return Row(
        study=studies,
        modality=_text(finding, "test"),
        value=_number(finding, "value"),
        low=_number(finding, "lower"),
        high=_number(finding, "upper"),
        target=_text(finding, "target"),
        patients=_integer(finding, "patients"),
        studies=_integer(finding, "studyCount"),
        interval="ci" if has_value else "range",
        approximate=_text(finding, "approximate") in ("true", "1"),
        href=finding["finding"]["value"],
    )


def study_name(iri: str) -> str:
    """'Xia 2023' from a reference IRI ending in 'xia-2023', else the IRI's last segment."""
    slug = iri.rsplit("/", 1)[-1]
    name, _, year = slug.rpartition("-")
    if year.isdigit() and name:
        return f"{name.replace('-', ' ').title()} {year}"
    return slug


def rationale_for(considerations: list[Binding], position: int, count: int) -> list[Binding]:
    """The rationale considerations that speak of recommendation `position` (1-based).

    A module with one recommendation: all its rationales.  Several: those whose heading
    names the recommendation's ordinal ('1e', '2e', '1^e'), else all rationales.
    """
    rationales = [c for c in considerations if _text(c, "kind").endswith("#Rationale")]
    if count <= 1:
        return rationales
    own = [c for c in rationales if _names_ordinal(_text(c, "heading"), position)]
    return own or rationales


def _names_ordinal(heading: str, position: int) -> bool:
    words = heading.replace("^", "").split()
    return any(word in (f"{position}e", f"{position}ste", f"{position}de") for word in words)


def _text(row: Binding, name: str) -> str:
    return row[name]["value"] if name in row else ""


def _number(row: Binding, name: str) -> float | None:
    return float(Decimal(row[name]["value"])) if name in row else None


def _integer(row: Binding, name: str) -> int | None:
    return int(Decimal(row[name]["value"])) if name in row else None
