"""The conflict-of-interest network as GraphML, GEXF (Gephi) or Cytoscape.js JSON, and back.

    data = export_bytes(network.graph, "graphml")
    same = read_export(data, "graphml")  # the same nodes, edge keys and attributes

Node ids are the entities' IRIs; edge keys are the IRIs of the interest or membership an
edge comes from (``part-of`` for module -> guideline).  All attributes are strings,
integers or booleans, so every format keeps them; an attribute an edge does not have (e.g.
``paid`` where the declaration does not say) is left out, never written as empty.

The JSON is what Cytoscape.js reads as ``elements`` (``{"data": {"id": ...}}`` for nodes,
``{"data": {"id", "source", "target", ...}}`` for edges), with ``directed`` and
``multigraph`` beside it as in ``networkx.cytoscape_data``.
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

FORMATS = {
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "json": ("application/json", "cyjs.json"),
}
"""Export format -> (media type, file extension)."""
NAME = "gkg conflict-of-interest network"


def export_bytes(graph: nx.MultiDiGraph, format_name: str) -> bytes:
    """The graph serialised in one of :data:`FORMATS`."""
    if format_name == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if format_name == "gexf":
        buffer = io.BytesIO()
        nx.write_gexf(graph, buffer, encoding="utf-8")
        return buffer.getvalue()
    if format_name == "json":
        return json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"unknown export format {format_name!r}; use {', '.join(FORMATS)}")


def cytoscape_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Cytoscape.js elements: node ``name`` is the label (``value`` the id, as networkx writes
    it); edge ids are e1, e2, ... in order."""
    nodes = [
        {"data": {"id": node, "value": node, "name": data.get("label", node), **data}}
        for node, data in graph.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"e{index}", "source": source, "target": target, "key": key, **data}}
        for index, (source, target, key, data) in enumerate(
            graph.edges(keys=True, data=True), start=1
        )
    ]
    return {
        "data": {"name": NAME},
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }


def from_cytoscape_json(document: dict[str, Any]) -> nx.MultiDiGraph:
    """The graph of :func:`cytoscape_json` output."""
    graph = nx.MultiDiGraph()
    for element in document["elements"]["nodes"]:
        data = dict(element["data"])
        node = data.pop("id")
        data.pop("name", None)
        data.pop("value", None)
        graph.add_node(node, **data)
    for element in document["elements"]["edges"]:
        data = dict(element["data"])
        source, target, key = data.pop("source"), data.pop("target"), data.pop("key")
        data.pop("id", None)
        graph.add_edge(source, target, key=key, **data)
    return graph


def read_export(data: bytes, format_name: str) -> nx.MultiDiGraph:
    """Read an export back (networkx's own readers; format bookkeeping removed)."""
    if format_name == "graphml":
        return nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    if format_name == "gexf":
        graph = nx.read_gexf(io.BytesIO(data))
        for _, _, attributes in graph.edges(data=True):
            attributes.pop("id", None)  # the GEXF edge id networkx adds on reading
        return graph
    if format_name == "json":
        return from_cytoscape_json(json.loads(data))
    raise ValueError(f"unknown export format {format_name!r}; use {', '.join(FORMATS)}")
