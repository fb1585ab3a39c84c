"""Exports of the network read back by networkx with the same nodes, edges and attributes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest
from coi_store import bundled_network

from service.coi.export import FORMATS, cytoscape_json, export_bytes, read_export


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return bundled_network().graph


def _edges(graph: nx.MultiDiGraph) -> list:
    return sorted((u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True))


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_round_trip(graph, format_name):
    again = read_export(export_bytes(graph, format_name), format_name)
    assert isinstance(again, nx.MultiDiGraph)
    assert dict(again.nodes(data=True)) == dict(graph.nodes(data=True))
    assert _edges(again) == _edges(graph)
    assert again.number_of_edges() == graph.number_of_edges() == 512


def test_graphml_is_xml_and_read_as_is_by_networkx(graph, tmp_path):
    data = export_bytes(graph, "graphml")
    root = ElementTree.fromstring(data)
    namespace = "{http://graphml.graphdrawing.org/xmlns}"
    assert root.tag == f"{namespace}graphml"
    assert len(root.findall(f"{namespace}graph/{namespace}node")) == graph.number_of_nodes()
    path = tmp_path / "coi.graphml"
    path.write_bytes(data)
    again = nx.read_graphml(path, force_multigraph=True)
    assert _edges(again) == _edges(graph)
    kwf = again.nodes["https://w3id.org/gkg/organisation/kwf"]
    assert (kwf["org_kind"], kwf["industry"]) == ("charity", False)


def test_gexf_is_xml(graph):
    root = ElementTree.fromstring(export_bytes(graph, "gexf"))
    assert root.tag == "{http://www.gexf.net/1.2draft}gexf"


def test_cytoscape_json_has_elements_and_unique_edge_ids(graph):
    document = json.loads(export_bytes(graph, "json"))
    assert document == json.loads(json.dumps(cytoscape_json(graph)))
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert len(nodes) == graph.number_of_nodes()
    assert len({e["data"]["id"] for e in edges}) == len(edges) == graph.number_of_edges()
    kwf = next(n["data"] for n in nodes if n["data"]["id"].endswith("/organisation/kwf"))
    assert kwf["name"] == "KWF Kankerbestrijding"
    again = nx.cytoscape_graph(document)  # networkx's own reader accepts it too
    assert set(again.nodes) == set(graph.nodes)
    assert sorted(again.edges(keys=True)) == sorted(graph.edges(keys=True))
