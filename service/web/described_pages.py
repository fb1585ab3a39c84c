"""IRIs described outside the data graph, dereferenced like every other minted IRI.

    GET /dataset                       the dataset's VoID/DCAT description (HTML page or RDF)
    GET /dataset/class/<id>            one class partition (likewise property/, distribution/)
    GET /shapes    /shapes#ModuleShape the SHACL shapes (the shapes graph), one section each
    GET /graph/data                    a named graph of the store: what it holds, how to get it

HTML for browsers; Turtle, JSON-LD, N-Triples or RDF/XML by `Accept` or by a `.ttl`,
`.jsonld`, `.nt`, `.rdf` suffix, with `Vary: Accept`.  The dataset description is the one
served at /.well-known/void (service.dataset.void); the shapes come from the store by SPARQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, make_response, render_template, request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from service.dataset.description import DESCRIPTION_GRAPH
from service.dataset.void import CONTENT_TYPES, get_publication
from service.sparql.negotiation import HTML, NotAcceptable
from service.sparql.querying import run_query, select_rows
from service.sparql.service_description import serialize_description
from service.store.graphs import GRAPH_NAMES, graph_iri
from service.store.releases import current_release, read_release_info
from service.web.i18n import current_language
from service.web.linked_data import alternates, representation
from service.web.resource_data import Fact, compact

bp = Blueprint("described_pages", __name__)

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SHAPES_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?graph { ?s ?p ?o } }"
SHAPE_FACTS = """
SELECT ?shape ?p ?o WHERE { GRAPH ?graph { ?shape ?p ?o FILTER(isIRI(?shape)) } }
ORDER BY ?shape ?p ?o
"""
PROPERTY_PATHS = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?shape ?path ?message WHERE { GRAPH ?graph {
  ?shape sh:property ?property . ?property sh:path ?path FILTER(isIRI(?path))
  OPTIONAL { ?property sh:message ?message FILTER(LANG(?message) = ?lang) } } }
ORDER BY ?shape ?path
"""


@bp.get("/dataset")
@bp.get("/dataset.<suffix>")
@bp.get("/dataset/<path:rest>")
def dataset(rest: str = "", suffix: str = "") -> Response:
    path, media_type = _negotiated()
    base = current_app.config["GKG_BASE_IRI"]
    iri = base + path.lstrip("/")
    description = get_publication().description
    if (URIRef(iri), None, None) not in description:
        abort(404, description=f"nothing is known about {iri}")
    if media_type != HTML:
        return _rdf(_about(description, URIRef(iri), whole=path == "/dataset"), media_type)
    if path == "/dataset":
        return _page(path, render_template("dataset.html", **_dataset_context(description, iri)))
    return _page(path, _resource_html("dataset", iri, path, description))


@bp.get("/shapes")
@bp.get("/shapes.<suffix>")
def shapes(suffix: str = "") -> Response:
    path, media_type = _negotiated()
    graph = f"<{graph_iri(current_app.config['GKG_BASE_IRI'], 'shapes')}>"
    if media_type != HTML:
        _, result = run_query(SHAPES_GRAPH, media_type, {"graph": graph})
        return _vary(Response(result.body, content_type=result.content_type))
    bound = {"graph": graph, "lang": f'"{current_language()}"'}
    shapes_found: dict[str, dict[str, Any]] = {}
    for row in select_rows(SHAPE_FACTS, {"graph": graph}):
        entry = shapes_found.setdefault(
            row["shape"]["value"], {"iri": row["shape"]["value"], "facts": [], "paths": []}
        )
        if row["o"]["type"] != "bnode":
            entry["facts"].append(_fact(row["p"]["value"], row["o"]))
    for row in select_rows(PROPERTY_PATHS, bound):
        entry = shapes_found.get(row["shape"]["value"])
        if entry is not None:
            message = row["message"]["value"] if "message" in row else ""
            entry["paths"].append((row["path"]["value"], message))
    listed = sorted(shapes_found.values(), key=lambda shape: shape["iri"])
    for shape in listed:
        shape["anchor"] = shape["iri"].rsplit("#", 1)[-1] if "#" in shape["iri"] else ""
    return _page(path, render_template("shapes.html", shapes=listed, alternates=alternates(path)))


@bp.get("/graph/<name>")
def named_graph(name: str) -> Response:
    try:
        path, media_type = representation(request.path, request.headers.get("Accept"))
    except NotAcceptable as error:
        return _vary(Response(str(error) + "\n", 406, content_type="text/plain; charset=utf-8"))
    name = path.rsplit("/", 1)[-1]
    base = current_app.config["GKG_BASE_IRI"]
    if name not in (*GRAPH_NAMES, DESCRIPTION_GRAPH):
        abort(404, description=f"the store has no graph {name}")
    description = _graph_description(base, name)
    if media_type != HTML:
        return _rdf(description, media_type)
    return _page(path, _resource_html("graph", graph_iri(base, name), path, description))


def _negotiated() -> tuple[str, str]:
    try:
        return representation(request.path, request.headers.get("Accept"))
    except NotAcceptable as error:
        abort(_vary(Response(str(error) + "\n", 406, content_type="text/plain; charset=utf-8")))


def _about(description: Graph, iri: URIRef, whole: bool) -> Graph:
    """The description of `iri`: its own triples and those pointing at it (or everything)."""
    if whole:
        return description
    found = Graph(namespace_manager=description.namespace_manager)
    for triple in description.triples((iri, None, None)):
        found.add(triple)
    for triple in description.triples((None, None, iri)):
        found.add(triple)
    return found


def _graph_description(base: str, name: str) -> Graph:
    """A named graph of the store: its size in the current release and where to get it."""
    iri = URIRef(graph_iri(base, name))
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("sd", SD)
    graph.add((iri, RDF.type, URIRef(SD + "Graph")))
    graph.add((iri, RDFS.label, Literal(f"the {name} graph", lang="en")))
    graph.add((iri, URIRef(VOID + "inDataset"), URIRef(base + "dataset")))
    release = current_release(Path(current_app.config["GKG_STORE"]))
    info = read_release_info(release) if release else None
    if info and str(iri) in info.graphs:
        graph.add(
            (iri, URIRef(VOID + "triples"), Literal(info.graphs[str(iri)], datatype=XSD.integer))
        )
    graph.add((iri, URIRef(VOID + "dataDump"), URIRef(request.host_url + "dumps/gkg.nq")))
    graph.add((iri, DCTERMS.isPartOf, URIRef(base + "dataset")))
    return graph


def _resource_html(kind: str, iri: str, path: str, description: Graph) -> str:
    subject = URIRef(iri)
    facts = [
        _fact(str(p), _term(o), _label(description, o))
        for p, o in description.predicate_objects(subject)
        if not isinstance(o, BNode)
    ]
    incoming = [
        _fact(str(p), _term(s), _label(description, s))
        for s, p in description.subject_predicates(subject)
        if not isinstance(s, BNode)
    ]
    return render_template(
        "resource.html",
        kind=kind,
        iri=iri,
        path=path,
        alternates=alternates(path),
        name=_label(description, subject) or compact(iri),
        facts=sorted(facts, key=lambda f: (f.property_name, f.value)),
        incoming=incoming,
        spans=[],
    )


def _dataset_context(description: Graph, iri: str) -> dict[str, Any]:
    dataset_node = URIRef(iri)
    lang = current_language()

    def value(subject: URIRef, predicate: str) -> str:
        found = list(description.objects(subject, URIRef(predicate)))
        preferred = [o for o in found if getattr(o, "language", None) == lang] or found
        return str(preferred[0]) if preferred else ""

    classes = []
    for partition in description.objects(dataset_node, URIRef(VOID + "classPartition")):
        class_iri = value(partition, VOID + "class")
        classes.append(
            {
                "iri": str(partition),
                "class": class_iri,
                "entities": int(value(partition, VOID + "entities") or 0),
            }
        )
    dumps = []
    for distribution in description.objects(dataset_node, URIRef(DCAT + "distribution")):
        url = value(distribution, DCAT + "downloadURL")
        if not url:
            continue
        dumps.append(
            {
                "iri": str(distribution),
                "title": value(distribution, str(DCTERMS.title)),
                "url": url,
                "media": value(distribution, DCAT + "mediaType").rsplit("/", 2)[-2:],
                "size": value(distribution, DCAT + "byteSize"),
                "sha256": value(distribution, "http://spdx.org/rdf/terms#checksumValue")
                or _checksum(description, distribution),
            }
        )
    return {
        "iri": iri,
        "alternates": alternates("/dataset"),
        "title": value(dataset_node, str(DCTERMS.title)),
        "description": value(dataset_node, str(DCTERMS.description)),
        "rights": value(dataset_node, str(DCTERMS.rights)),
        "license": value(dataset_node, str(DCTERMS.license)),
        "modified": value(dataset_node, str(DCTERMS.modified)),
        "triples": value(dataset_node, VOID + "triples"),
        "entities": value(dataset_node, VOID + "entities"),
        "endpoint": value(dataset_node, VOID + "sparqlEndpoint"),
        "classes": sorted(classes, key=lambda c: (-c["entities"], c["class"])),
        "dumps": sorted(dumps, key=lambda d: d["url"]),
    }


def _checksum(description: Graph, distribution: Any) -> str:
    for checksum in description.objects(distribution, URIRef("http://spdx.org/rdf/terms#checksum")):
        for digest in description.objects(
            checksum, URIRef("http://spdx.org/rdf/terms#checksumValue")
        ):
            return str(digest)
    return ""


def _label(description: Graph, node: Any) -> str:
    lang = current_language()
    labels = [
        o
        for p in (RDFS.label, DCTERMS.title)
        for o in description.objects(node, p)
        if isinstance(o, Literal)
    ]
    preferred = [o for o in labels if o.language == lang] or labels
    return str(preferred[0]) if preferred else ""


def _term(node: Any) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    term = {"type": "literal", "value": str(node)}
    if isinstance(node, Literal) and node.language:
        term["xml:lang"] = node.language
    return term


def _fact(predicate: str, node: dict[str, str], label: str = "") -> Fact:
    return Fact(property=predicate, property_name=compact(predicate), node=node, label=label)


def _rdf(graph: Graph, media_type: str) -> Response:
    return _vary(
        Response(serialize_description(graph, media_type), content_type=CONTENT_TYPES[media_type])
    )


def _page(path: str, html: str) -> Response:
    response = make_response(html)
    response.headers["Link"] = ", ".join(
        f'<{url}>; rel="alternate"; type="{media_type}"' for media_type, url in alternates(path)
    )
    return _vary(response)


def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    return response
