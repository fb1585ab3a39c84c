"""Validating a data graph against the project's SHACL shapes.

    >>> from rdflib import Graph
    >>> result = validate(Graph())
    >>> result.conforms, result.violations
    (True, [])

`validate` loads the data, with the ontology and concept scheme, into an in-memory Oxigraph
store and runs `validate_store` on it; the build runs `validate_store` on the release it is
writing.  Each constraint runs once, as set-based SPARQL over all its focus nodes
(`shacl_engine`), with pySHACL's results: severity, shape, focus node, path, value, messages
(English and Dutch).  `engine="pyshacl"` runs pySHACL itself (no inference, no
`owl:imports`, nothing fetched), the reference the engine is tested against.  The results
become `ResultRecord`s with the source lines the focus node was read from.  Only
`sh:Violation` makes a graph non-conforming; warnings and infos report problems of the source
document.  The records and their text and JSON formatting are in `validation_report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph
import pyshacl
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from loaders import paths
from service.gate.engine import Engine
from service.gate.report import SEVERITY_ORDER, ResultRecord, ValidationResult
from service.gate.results import Result, report_graph, report_ntriples
from service.gate.shacl_sparql import ShapesError, restore_message_languages

__all__ = [
    "SEVERITY_ORDER",
    "ResultRecord",
    "ShapesError",
    "ValidationResult",
    "load_ontology",
    "load_shapes",
    "owning_shape",
    "restore_message_languages",
    "source_lines",
    "validate",
    "validate_store",
]

ONTOLOGY_DIR = paths.ONTOLOGY_DIR
ONTOLOGY_FILES = ("gkg.ttl", "concepts.ttl")
SHAPES_FILE = "gkg.shapes.ttl"

GKG = Namespace("https://w3id.org/gkg/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SPAN_FIRST_LINE = GKG.firstLine
SPAN_LAST_LINE = GKG.lastLine
ENGINES_KEPT = 4
_ENGINES: list[tuple[Graph, int, Engine]] = []
_ONTOLOGY: list = []  # [graph, its size, its N-Triples]


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
    engine: str = "oxigraph",
    sparql_on_store: bool = True,
) -> ValidationResult:
    """Validate `data` against the shapes; never fetches anything from the network.

    The ontology and concept scheme are validated with the data (`sh:class skos:Concept`
    needs the concepts, `sh:targetClass` the subclass axioms).  `engine="pyshacl"` (or the
    older `sparql_on_store=False`) runs pySHACL instead of the SPARQL engine.
    """
    ontology = load_ontology() if ontology is None else ontology
    shapes = load_shapes() if shapes is None else shapes
    if engine == "pyshacl" or not sparql_on_store:
        return _validate_with_pyshacl(data, ontology, shapes)
    store = pyoxigraph.Store()
    for text in (data.serialize(format="nt", encoding="utf-8"), _ontology_ntriples(ontology)):
        # parse() keeps blank node ids, so that results name blank nodes as rdflib does
        store.bulk_extend(pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.N_TRIPLES))
    namespaces = Graph()
    for prefix, namespace in {*data.namespaces(), *ontology.namespaces()}:
        namespaces.bind(prefix, namespace)
    return validate_store(
        store, shapes=shapes, rdflib_data=lambda: data + ontology, namespaces=namespaces
    )


def validate_store(
    store: pyoxigraph.Store,
    *,
    shapes: Graph,
    graphs: Sequence[pyoxigraph.NamedNode] | None = None,
    rdflib_data: object = None,
    namespaces: Graph | None = None,
) -> ValidationResult:
    """Validate the union of `graphs` of `store` (data, ontology and concepts).

    `rdflib_data` (an rdflib graph of the same triples, or a function making one) is only
    needed when a shape must be left to pySHACL (`shacl_engine`).
    """
    results, blank_nodes = _engine(shapes).validate(
        store, graphs=graphs, rdflib_data=rdflib_data, namespaces=namespaces
    )

    def report() -> Graph:
        graph = report_graph(results, shapes, blank_nodes)
        graph.namespace_manager = shapes.namespace_manager
        return graph

    lines = _source_lines(store, graphs, {result.focus for result in results})
    records = [_record_of(result, shapes, lines) for result in results]
    return ValidationResult(
        report,
        records,
        report_ntriples=lambda: report_ntriples(results, shapes, blank_nodes),
        namespaces=shapes,
    )


def _engine(shapes: Graph) -> Engine:
    """The engine of this shapes graph (kept for the last few graphs: its queries are compiled)."""
    for index, (held, size, engine) in enumerate(_ENGINES):
        if held is shapes and size == len(shapes):
            _ENGINES.insert(0, _ENGINES.pop(index))
            return engine
    engine = Engine(shapes)
    _ENGINES.insert(0, (shapes, len(shapes), engine))
    del _ENGINES[ENGINES_KEPT:]
    return engine


def _ontology_ntriples(ontology: Graph) -> bytes:
    """The ontology as N-Triples (kept for the last graph: every validation loads it)."""
    if _ONTOLOGY and _ONTOLOGY[0] is ontology and _ONTOLOGY[1] == len(ontology):
        return _ONTOLOGY[2]
    text = ontology.serialize(format="nt", encoding="utf-8")
    _ONTOLOGY[:] = [ontology, len(ontology), text]
    return text


def _validate_with_pyshacl(data: Graph, ontology: Graph, shapes: Graph) -> ValidationResult:
    """pySHACL's validation (the reference; one query per focus node, so slow on big graphs).

    The ontology and concept scheme are merged into a copy of the data (pySHACL's own
    ontology mixing copies only RDFS/OWL axioms, not the concepts `sh:class skos:Concept`
    needs).
    """
    combined = data + ontology
    copy = Graph(namespace_manager=shapes.namespace_manager)
    copy += shapes  # pySHACL adds two system triples to the shapes graph it is given
    _conforms, report, _text = pyshacl.validate(
        combined,
        shacl_graph=copy,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
        do_owl_imports=False,
    )
    if not isinstance(report, Graph):  # pySHACL's ValidationFailure: the shapes are unusable
        raise ShapesError(str(report))
    restore_message_languages(report, shapes)
    _set_conforms(report)
    report.namespace_manager = shapes.namespace_manager
    records = [
        _record(report, node, combined, shapes)
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return ValidationResult(report_graph=report, results=records)


def _set_conforms(report: Graph) -> None:
    """`sh:conforms` is true when no result is a violation (warnings and infos allowed)."""
    node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    conforms = (None, SH.resultSeverity, SH.Violation) not in report
    report.set((node, SH.conforms, Literal(conforms)))


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


def _record_of(
    result: Result, shapes: Graph, lines: dict[Node, tuple[int | None, int | None]]
) -> ResultRecord:
    messages = {m.language or "": str(m) for m in result.messages}
    first, last = lines.get(result.focus, (None, None))
    return ResultRecord(
        severity=str(result.severity).rsplit("#", 1)[-1],
        shape=_term(owning_shape(shapes, result.shape)),
        focus_node=_term(result.focus),
        component=_term(result.component),
        path=_term(result.path),
        value=_term(result.value),
        message_en=messages.get("en", messages.get("", "")),
        message_nl=messages.get("nl", ""),
        first_line=first,
        last_line=last,
    )


def _source_lines(
    store: pyoxigraph.Store,
    graphs: Sequence[pyoxigraph.NamedNode] | None,
    nodes: set[Node],
) -> dict[Node, tuple[int | None, int | None]]:
    """First and last source line of each IRI in `nodes`, in one query (see `source_lines`)."""
    iris = sorted(str(node) for node in nodes if not isinstance(node, (BNode, Literal)))
    if not iris:
        return {}
    listed = " ".join(f"<{iri}>" for iri in iris)
    query = (
        f"SELECT ?node (MIN(?first) AS ?from) (MAX(COALESCE(?last, ?first)) AS ?to) WHERE {{ "
        f"VALUES ?node {{ {listed} }} ?node <{PROV.wasDerivedFrom}> ?span . "
        f"?span <{SPAN_FIRST_LINE}> ?first OPTIONAL {{ ?span <{SPAN_LAST_LINE}> ?last }} "
        f"}} GROUP BY ?node"
    )
    options = {"default_graph": list(graphs)} if graphs else {}
    found = {}
    for row in store.query(query, **options):
        if row["from"] is not None:
            found[URIRef(row["node"].value)] = (int(row["from"].value), int(row["to"].value))
    return found


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
