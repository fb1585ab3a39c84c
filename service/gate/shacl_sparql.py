"""Running a SHACL-SPARQL constraint once, over all its shape's focus nodes.

pySHACL runs a SPARQL constraint once per focus node, through rdflib's SPARQL engine:
71 s for the bundled graph.  `sparql_constraint_results` instead runs it as one query on
Oxigraph, with `$this` joined to the focus nodes (a sub-select of the shape's targets) rather
than pre-bound, and makes the results pySHACL would: the value (or the focus node), the path,
and the constraint's and the shape's messages with `{?var}` filled in, keeping their language
(`restore_message_languages` gives pySHACL's own report its languages back).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pyoxigraph
from rdflib import BNode, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from service.gate.results import Result
from service.gate.values import rdflib_term

_TEMPLATE_VARIABLE = re.compile(r"\{[?$]\w+\}")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_UNSUPPORTED_VARIABLES = re.compile(r"\$(PATH|currentShape|shapesGraph)\b")
Query = Callable[[str], Iterable]  # query text -> pyoxigraph solutions


class ShapesError(Exception):
    """The shapes graph itself is unusable (e.g. a malformed SPARQL constraint)."""


def joinable(shapes: Graph, constraint: Node) -> bool:
    """True when `$this` can be joined rather than pre-bound (one SELECT, no $PATH ...)."""
    select = shapes.value(constraint, SH.select)
    if select is None:
        return False
    text = str(select)
    return len(_SELECT.findall(text)) == 1 and not _UNSUPPORTED_VARIABLES.search(text)


def constraint_query(shapes: Graph, constraint: Node, focus: str) -> str:
    """The constraint's SELECT with `?this` bound by the sub-select `focus` instead of pre-bound."""
    select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
    where = _WHERE.search(select)
    if where is None:
        raise ShapesError(f"the SPARQL constraint {constraint} has no WHERE clause")
    return _prefixes(shapes, constraint) + select[: where.end()] + focus + select[where.end() :]


def sparql_constraint_results(
    run: Query, shapes: Graph, shape: Node, constraint: Node, focus: str
) -> list[Result]:
    """The results of one SPARQL constraint of the node shape `shape`."""
    if shapes.value(constraint, SH.deactivated) == Literal(True):
        return []
    query = constraint_query(shapes, constraint, focus)
    try:
        solutions = run(query)
        names = [variable.value for variable in solutions.variables]
        rows = [{name: _rdflib(solution[name]) for name in names} for solution in solutions]
    except SyntaxError as error:
        raise ShapesError(f"the SPARQL constraint of {shape} is malformed: {error}") from error
    severity = shapes.value(shape, SH.severity) or SH.Violation
    templates = [*shapes.objects(constraint, SH.message)]
    templates += [m for m in shapes.objects(shape, SH.message) if m not in templates]
    results, seen = [], set()
    for bindings in rows:
        key = tuple(sorted((k, v) for k, v in bindings.items() if v is not None))
        if bindings.get("this") is None or key in seen:
            continue
        seen.add(key)
        focus_node = bindings["this"]
        bindings["value"] = bindings.get("value") or focus_node
        results.append(
            Result(
                focus=focus_node,
                shape=shape,
                component=SH.SPARQLConstraintComponent,
                severity=severity,
                path=bindings.get("path"),
                value=bindings["value"],
                messages=tuple(_filled(template, bindings) for template in templates),
                source_constraint=constraint,
            )
        )
    return results


def _filled(template: Node, bindings: dict[str, Node | None]) -> Literal:
    text = _TEMPLATE_VARIABLE.sub(lambda m: _fill(m.group(0), bindings), str(template))
    return Literal(text, lang=template.language if isinstance(template, Literal) else None)


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(lines)


def _fill(placeholder: str, bindings: dict[str, Node | None]) -> str:
    value = bindings.get(placeholder[2:-1])
    return placeholder if value is None else str(value)


def _rdflib(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    return rdflib_term(term)


def restore_message_languages(report: Graph, shapes: Graph) -> None:
    """Give back the language tags pySHACL drops when it fills in SPARQL message templates."""
    from rdflib import RDF

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
