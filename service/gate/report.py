"""The outcome of a validation: result records, and the report as text or JSON.

`ResultRecord` is one SHACL result (severity, shape, focus node, path, value, the message in
English and Dutch, the source lines); `ValidationResult` holds the records with the SHACL
report graph and formats them, grouped by shape and focus node, violations first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import groupby

from rdflib import Graph, URIRef
from rdflib.namespace import SH

SEVERITY_ORDER = (SH.Violation, SH.Warning, SH.Info)


@dataclass(frozen=True)
class ResultRecord:
    """One SHACL validation result, with its messages and source lines."""

    severity: str  # Violation | Warning | Info
    shape: str
    focus_node: str
    component: str
    path: str = ""
    value: str = ""
    message_en: str = ""
    message_nl: str = ""
    first_line: int | None = None
    last_line: int | None = None

    @property
    def lines(self) -> str:
        """The source lines as 'first-last' (or 'first'), empty when unknown."""
        if self.first_line is None:
            return ""
        if self.last_line is None or self.last_line == self.first_line:
            return str(self.first_line)
        return f"{self.first_line}-{self.last_line}"


class ValidationResult:
    """The outcome of `validate`: result records and the SHACL report graph.

    The report graph may be given as a function that makes it (made on first use: at 1M
    triples it has 85k triples), with `report_ntriples` writing the same triples directly.
    """

    def __init__(
        self,
        report_graph: Graph | Callable[[], Graph],
        results: list[ResultRecord] | None = None,
        *,
        report_ntriples: Callable[[], bytes] | None = None,
        namespaces: Graph | None = None,
    ) -> None:
        self._report_graph = report_graph
        self.results = results if results is not None else []
        self._report_ntriples = report_ntriples
        self._namespaces = namespaces

    @cached_property
    def report_graph(self) -> Graph:
        graph = self._report_graph
        return graph if isinstance(graph, Graph) else graph()

    def report_ntriples(self) -> bytes:
        """The SHACL report as N-Triples."""
        if self._report_ntriples is not None:
            return self._report_ntriples()
        return self.report_graph.serialize(format="nt", encoding="utf-8")

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[ResultRecord]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ResultRecord]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[ResultRecord]:
        return [r for r in self.results if r.severity == "Info"]

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does NOT conform"
        return (
            f"Validation: {verdict} ({len(self.violations)} violations, "
            f"{len(self.warnings)} warnings, {len(self.infos)} infos)"
        )

    def to_text(self) -> str:
        """A readable report grouped by shape and focus node."""
        name = partial(_compact, self._namespaces or self.report_graph)
        lines = [self.summary()]
        by_shape = sorted(self.results, key=_text_order)
        for (severity, shape), shape_results in groupby(by_shape, key=_shape_key):
            lines += ["", f"[{severity}] {name(shape)}"]
            for focus, focus_results in groupby(shape_results, key=lambda r: r.focus_node):
                focus_results = list(focus_results)
                where = focus_results[0].lines
                lines.append(f"  {name(focus)}" + (f"  (source lines {where})" if where else ""))
                for result in focus_results:
                    lines.extend(_describe(result, name))
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The results as JSON: conformance, counts and one object per result."""
        payload = {
            "conforms": self.conforms,
            "counts": {
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "infos": len(self.infos),
            },
            "results": [_as_json(r) for r in sorted(self.results, key=_text_order)],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)


def _compact(graph: Graph, text: str) -> str:
    """`text` as a prefixed name when it is an IRI with a known prefix."""
    if not text.startswith(("http://", "https://", "urn:")):
        return text
    prefixed = graph.namespace_manager.normalizeUri(URIRef(text))
    return prefixed if not prefixed.startswith("<") else text


def _text_order(result: ResultRecord) -> tuple:
    severity = SEVERITY_ORDER.index(SH[result.severity]) if result.severity else 9
    return (severity, result.shape, result.first_line or 0, result.focus_node, result.message_en)


def _shape_key(result: ResultRecord) -> tuple[str, str]:
    return result.severity, result.shape


def _describe(result: ResultRecord, name: Callable[[str], str]) -> list[str]:
    details = [f"{name(result.component)}"]
    if result.path:
        details.append(f"path {name(result.path)}")
    if result.value:
        details.append(f"value {name(result.value)}")
    lines = [f"    - en: {result.message_en or name(result.component)}"]
    if result.message_nl:
        lines.append(f"      nl: {result.message_nl}")
    lines.append(f"      ({'; '.join(details)})")
    return lines


def _as_json(result: ResultRecord) -> dict:
    return {
        "severity": result.severity,
        "shape": result.shape,
        "focusNode": result.focus_node,
        "constraintComponent": result.component,
        "path": result.path or None,
        "value": result.value or None,
        "message": {"en": result.message_en, "nl": result.message_nl},
        "sourceLines": (
            {"first": result.first_line, "last": result.last_line}
            if result.first_line is not None
            else None
        ),
    }
