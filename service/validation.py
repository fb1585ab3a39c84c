"""Validating a data graph against the project's SHACL shapes.

    >>> from rdflib import Graph
    >>> result = validate(Graph())
    >>> result.conforms, result.violations
    (True, [])

`validate` runs pySHACL with the ontology and concept scheme as its ontology
graph (no inference, no `owl:imports`, nothing fetched) and turns the SHACL
report into `ResultRecord`s: severity, shape, focus node, path, value, the
message in English and Dutch and the source lines the focus node was read from.
Only `sh:Violation` makes a graph non-conforming; warnings and infos report
problems of the source document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path

import pyshacl
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
ONTOLOGY_FILES = ("gkg.ttl", "concepts.ttl")
SHAPES_FILE = "gkg.shapes.ttl"

GKG = Namespace("https://w3id.org/gkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SPAN_FIRST_LINE = GKG.firstLine
SPAN_LAST_LINE = GKG.lastLine

SEVERITY_ORDER = (SH.Violation, SH.Warning, SH.Info)
_TEMPLATE_VARIABLE = re.compile(r"\{[?$]\w+\}")


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


@dataclass
class ValidationResult:
    """The outcome of `validate`: result records and the SHACL report graph."""

    report_graph: Graph
    results: list[ResultRecord] = field(default_factory=list)

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
        name = partial(_compact, self.report_graph)
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


def load_ontology(directory: Path = ONTOLOGY_DIR) -> Graph:
    """The ontology and concept scheme, as one graph (missing files are skipped)."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        if (directory / name).exists():
            graph.parse(directory / name, format="turtle")
    return graph


def load_shapes(directory: Path = ONTOLOGY_DIR) -> Graph:
    """The SHACL shapes graph."""
    return Graph().parse(directory / SHAPES_FILE, format="turtle")


def validate(
    data: Graph, *, ontology: Graph | None = None, shapes: Graph | None = None
) -> ValidationResult:
    """Validate `data` against the shapes; never fetches anything from the network."""
    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology if len(ontology) else None,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    restore_message_languages(report, shapes)
    report.namespace_manager = shapes.namespace_manager
    records = [
        _record(report, node, data, shapes)
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return ValidationResult(report_graph=report, results=records)


def restore_message_languages(report: Graph, shapes: Graph) -> None:
    """Give back the language tags pySHACL drops when it fills in SPARQL message templates."""
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        templates = _templates(shapes, report, result)
        for message in list(report.objects(result, SH.resultMessage)):
            if not isinstance(message, Literal) or message.language:
                continue
            language = _language_of(str(message), templates)
            if language:
                report.remove((result, SH.resultMessage, message))
                report.add((result, SH.resultMessage, Literal(str(message), lang=language)))


def _templates(shapes: Graph, report: Graph, result: Node) -> list[Literal]:
    sources = [
        *report.objects(result, SH.sourceConstraint),
        *report.objects(result, SH.sourceShape),
    ]
    return [m for s in sources for m in shapes.objects(s, SH.message) if isinstance(m, Literal)]


def _language_of(text: str, templates: Iterable[Literal]) -> str | None:
    for template in templates:
        if not template.language:
            continue
        parts = _TEMPLATE_VARIABLE.split(str(template))
        pattern = ".*?".join(re.escape(part) for part in parts)
        if re.fullmatch(pattern, text, flags=re.S):
            return template.language
    return None


def _record(report: Graph, node: Node, data: Graph, shapes: Graph) -> ResultRecord:
    focus = report.value(node, SH.focusNode)
    severity = report.value(node, SH.resultSeverity)
    messages = {m.language or "": str(m) for m in report.objects(node, SH.resultMessage)}
    first, last = source_lines(data, focus) if focus is not None else (None, None)
    return ResultRecord(
        severity=str(severity).rsplit("#", 1)[-1],
        shape=_term(owning_shape(shapes, report.value(node, SH.sourceShape))),
        focus_node=_term(focus),
        component=_term(report.value(node, SH.sourceConstraintComponent)),
        path=_term(report.value(node, SH.resultPath)),
        value=_term(report.value(node, SH.value)),
        message_en=messages.get("en", messages.get("", "")),
        message_nl=messages.get("nl", ""),
        first_line=first,
        last_line=last,
    )


def owning_shape(shapes: Graph, shape: Node | None) -> Node | None:
    """The named shape a (blank-node) property shape belongs to, else the shape itself."""
    while isinstance(shape, BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        if parent is None:
            break
        shape = parent
    return shape


def source_lines(data: Graph, node: Node) -> tuple[int | None, int | None]:
    """First and last source line of `node`, or of the nearest node that refers to it."""
    for candidate in (node, *data.subjects(None, node)):
        for span in data.objects(candidate, PROV.wasDerivedFrom):
            first = data.value(span, SPAN_FIRST_LINE)
            last = data.value(span, SPAN_LAST_LINE)
            if first is not None:
                return int(first), int(last) if last is not None else int(first)
    return None, None


def _term(node: Node | None) -> str:
    """A term as a plain string: the full IRI, `_:id` for a blank node, a literal's text."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


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
