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

import pyoxigraph
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
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class ShapesError(Exception):
    """The shapes graph itself is unusable (e.g. a malformed SPARQL constraint)."""


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
    data: Graph,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
    sparql_on_store: bool = True,
) -> ValidationResult:
    """Validate `data` against the shapes; never fetches anything from the network.

    The ontology and concept scheme are merged into a copy of the data (pySHACL's own
    ontology mixing copies only RDFS/OWL axioms, not the concepts `sh:class skos:Concept`
    needs).  With `sparql_on_store`, pySHACL runs the core constraints and each SPARQL
    constraint runs once, over all its focus nodes, on an in-memory Oxigraph store
    (`run_sparql_constraints`); otherwise pySHACL runs everything, one query per focus node.
    """
    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    combined = data + ontology
    fast = store_runnable_constraints(shapes) if sparql_on_store else []
    core_shapes = shapes_without(shapes, fast)
    _conforms, report, _text = pyshacl.validate(
        combined,
        shacl_graph=core_shapes,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    if not isinstance(report, Graph):  # pySHACL's ValidationFailure: the shapes are unusable
        raise ShapesError(str(report))
    if fast:
        run_sparql_constraints(combined, shapes, fast, report)
    restore_message_languages(report, shapes)
    _set_conforms(report)
    report.namespace_manager = shapes.namespace_manager
    records = [
        _record(report, node, combined, shapes)
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return ValidationResult(report_graph=report, results=records)


# --- SPARQL constraints, run once per constraint on an Oxigraph store --------------------------


@dataclass(frozen=True)
class SparqlConstraint:
    """One `sh:sparql` constraint of a node shape whose targets are all `sh:targetClass`."""

    shape: Node
    node: Node
    targets: tuple[URIRef, ...]


def store_runnable_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """The SPARQL constraints that can run as one query each (class-targeted node shapes)."""
    found = []
    for shape, node in shapes.subject_objects(SH.sparql):
        targets = tuple(o for o in shapes.objects(shape, SH.targetClass) if isinstance(o, URIRef))
        other_targets = any(
            (shape, p, None) in shapes
            for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        )
        deactivated = shapes.value(node, SH.deactivated) == Literal(True)
        if (
            targets
            and not other_targets
            and not deactivated
            and (shape, SH.path, None) not in shapes
        ):
            found.append(SparqlConstraint(shape, node, targets))
    return found


def shapes_without(shapes: Graph, constraints: list[SparqlConstraint]) -> Graph:
    """A copy of the shapes graph without the given SPARQL constraints."""
    if not constraints:
        return shapes
    reduced = Graph(namespace_manager=shapes.namespace_manager)
    reduced += shapes
    for constraint in constraints:
        reduced.remove((constraint.shape, SH.sparql, constraint.node))
    return reduced


def run_sparql_constraints(
    data: Graph, shapes: Graph, constraints: list[SparqlConstraint], report: Graph
) -> None:
    """Run each constraint once on an Oxigraph copy of `data`; add its results to `report`."""
    store = pyoxigraph.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    report_node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    for constraint in constraints:
        query = constraint_query(shapes, constraint)
        solutions = store.query(query)
        names = [variable.value for variable in solutions.variables]
        seen = set()
        for solution in solutions:
            bindings = {name: _rdflib(solution[name]) for name in names}
            key = tuple(sorted((k, v) for k, v in bindings.items() if v is not None))
            if bindings.get("this") is None or key in seen:
                continue
            seen.add(key)
            result = _sparql_result(report, shapes, constraint, bindings)
            report.add((report_node, SH.result, result))


def constraint_query(shapes: Graph, constraint: SparqlConstraint) -> str:
    """The constraint's SELECT with `$this` joined to its targets instead of pre-bound."""
    select = str(shapes.value(constraint.node, SH.select)).replace("$this", "?this")
    where = _WHERE.search(select)
    if where is None:
        raise ShapesError(f"SPARQL constraint of {constraint.shape} has no WHERE clause")
    classes = " ".join(f"<{target}>" for target in constraint.targets)
    target = (
        f"\n  VALUES ?gkgTargetClass {{ {classes} }}"
        "\n  ?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?gkgTargetClass ."
    )
    return (
        _prefixes(shapes, constraint.node) + select[: where.end()] + target + select[where.end() :]
    )


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(lines)


def _sparql_result(
    report: Graph, shapes: Graph, constraint: SparqlConstraint, bindings: dict[str, Node | None]
) -> BNode:
    focus = bindings["this"]
    result = BNode()
    severity = shapes.value(constraint.shape, SH.severity) or SH.Violation
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.resultSeverity, severity))
    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    report.add((result, SH.sourceShape, constraint.shape))
    report.add((result, SH.sourceConstraint, constraint.node))
    report.add((result, SH.focusNode, focus))
    report.add((result, SH.value, bindings.get("value") or focus))
    if bindings.get("path") is not None:
        report.add((result, SH.resultPath, bindings["path"]))
    messages = list(shapes.objects(constraint.node, SH.message)) or list(
        shapes.objects(constraint.shape, SH.message)
    )
    for message in messages:
        text = _TEMPLATE_VARIABLE.sub(lambda m: _fill(m.group(0), bindings), str(message))
        language = message.language if isinstance(message, Literal) else None
        report.add((result, SH.resultMessage, Literal(text, lang=language)))
    return result


def _fill(placeholder: str, bindings: dict[str, Node | None]) -> str:
    value = bindings.get(placeholder[2:-1])
    return placeholder if value is None else str(value)


def _rdflib(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _set_conforms(report: Graph) -> None:
    """`sh:conforms` is true when no result is a violation (warnings and infos allowed)."""
    node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    conforms = (None, SH.resultSeverity, SH.Violation) not in report
    report.set((node, SH.conforms, Literal(conforms)))


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
    """First and last source line of `node` (over all its spans), or (None, None)."""
    lines = [
        (int(first), int(last if last is not None else first))
        for span in data.objects(node, PROV.wasDerivedFrom)
        if (first := data.value(span, SPAN_FIRST_LINE)) is not None
        for last in [data.value(span, SPAN_LAST_LINE)]
    ]
    if not lines:
        return None, None
    return min(first for first, _ in lines), max(last for _, last in lines)


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
