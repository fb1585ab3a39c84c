"""The validation report page at /validation: the current release's SHACL report and the
problems of the source document, grouped, each linked to its source lines.

Read from the store like any other page: the SHACL results from the validation graph,
the source problems (`gkg:DataQualityFinding`) from the data graph.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, render_template

from loaders.coverage import STATUSES
from service.pipeline.coverage_report import read_coverage
from service.queries.binding import literal
from service.sparql.limits import TooBusy
from service.sparql.querying import error_page, select_rows
from service.store.backends import BackendError
from service.store.releases import current_release
from service.web.i18n import current_language

bp = Blueprint("validation_page", __name__)

PREFIXES = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
SPAN = """OPTIONAL { ?{v} prov:wasDerivedFrom ?span .
  ?span gkg:firstLine ?first ; gkg:lastLine ?last }"""
RESULTS = (
    PREFIXES
    + """
SELECT ?result ?severity ?shape ?focus ?path ?value ?message ?span ?first ?last WHERE {
  ?report a sh:ValidationReport ; sh:result ?result .
  ?result sh:resultSeverity ?severity ; sh:focusNode ?focus .
  OPTIONAL { ?result sh:sourceShape ?shape FILTER(isIRI(?shape)) }
  OPTIONAL { ?result sh:resultPath ?path FILTER(isIRI(?path)) }
  OPTIONAL { ?result sh:value ?value }
  OPTIONAL { ?result sh:resultMessage ?message FILTER(LANG(?message) = ?lang) }
  OPTIONAL { ?result sh:resultMessage ?anyMessage }
  """
    + SPAN.replace("{v}", "focus")
    + """
} ORDER BY ?severity ?shape ?first ?focus
"""
)
CONFORMS = (
    PREFIXES + "SELECT ?conforms WHERE { ?report a sh:ValidationReport ; sh:conforms ?conforms }"
)
PROBLEMS = (
    PREFIXES
    + """
SELECT ?problem ?kind ?message ?concerns ?span ?first ?last WHERE {
  ?problem a gkg:DataQualityFinding ; gkg:problemKind ?kind .
  OPTIONAL { ?problem gkg:message ?message }
  OPTIONAL { ?problem gkg:concerns ?concerns }
  """
    + SPAN.replace("{v}", "problem")
    + """
} ORDER BY ?kind ?first
"""
)


@bp.get("/validation")
def report() -> str:
    lang = {"lang": literal(current_language())}
    results = _unique(select_rows(RESULTS, lang), "result")
    problems = select_rows(PROBLEMS)
    conforms = select_rows(CONFORMS)
    return render_template(
        "validation.html",
        conforms=conforms[0]["conforms"]["value"] == "true" if conforms else None,
        results=_grouped(
            results, lambda r: (r["severity"]["value"], r.get("shape", {}).get("value", ""))
        ),
        result_count=len(results),
        problems=_grouped(problems, lambda r: r["kind"]["value"]),
        problem_count=len(problems),
        coverage=read_coverage(current_release(Path(current_app.config["GKG_STORE"]))),
        statuses=STATUSES,
    )


def _unique(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row[key]["value"], row)
    return list(seen.values())


def _grouped(rows: list[dict[str, Any]], key) -> list[tuple[Any, list[dict[str, Any]]]]:  # noqa: ANN001
    return [(name, list(group)) for name, group in groupby(sorted(rows, key=key), key=key)]


@bp.errorhandler(BackendError)
@bp.errorhandler(TooBusy)
def backend_error(error: BackendError | TooBusy) -> Response:
    return error_page(error)
