"""The semantic-web engineer's check: every IRI the project mints that appears in the dumps
dereferences on the live service, as Turtle (holding triples about that IRI) and as HTML
(a page; for `#fragment` IRIs, a page with that anchor).

A real ``gkg serve`` over the bundled store; the IRIs are read from its own N-Triples
and N-Quads dumps (the latter adds the named graphs)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
import requests
from fixtures_server import running_server

BASE = "https://w3id.org/gkg/"
SETTINGS = {"GKG_QUERY_TIMEOUT": "20", "GKG_MAX_CONCURRENT": "4", "GKG_ROW_CAP": "10000"}
MINTED = re.compile(r"<(https://w3id\.org/gkg/[^>]*)>")


@pytest.fixture(scope="module")
def server(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("logs") / "serve.log"
    with running_server(bundled_store, SETTINGS, workers=2, log=log) as url:  # 2 parse at once
        yield url


@pytest.fixture(scope="module")
def documents(server: str) -> dict[str, set[str]]:
    """Path of each document -> the minted IRIs it answers for (fragments share one)."""
    minted: set[str] = set()
    for dump in ("gkg.nt", "gkg.nq"):
        minted.update(MINTED.findall(requests.get(f"{server}/dumps/{dump}", timeout=60).text))
    grouped: dict[str, set[str]] = defaultdict(set)
    for iri in minted:
        grouped["/" + iri[len(BASE) :].split("#", 1)[0]].add(iri)
    return grouped


def test_the_dumps_mint_what_the_issue_counts(documents: dict[str, set[str]]) -> None:
    iris = set().union(*documents.values())
    assert len(iris) > 1_575
    kinds = {path.split("/")[1] for path in documents}
    assert {"dataset", "shapes", "ontology", "graph", "module", "person", "concept"} <= kinds


def check_turtle(session: requests.Session, server: str, path: str, iris: set[str]) -> list[str]:
    response = session.get(server + path, headers={"Accept": "text/turtle"}, timeout=60)
    media_type = response.headers["Content-Type"].split(";")[0]
    if response.status_code != 200 or media_type != "text/turtle":
        return [f"{path}: {response.status_code} {media_type}"]
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    return [f"{path}: nothing about {iri}" for iri in iris if not about(graph, iri)]


def about(graph: rdflib.Graph, iri: str) -> bool:
    """Triples about `iri`; for a namespace IRI (`…/ontology#`), about the terms in it."""
    node = rdflib.URIRef(iri)
    if (node, None, None) in graph or (None, None, node) in graph:
        return True
    return iri.endswith("#") and any(str(s).startswith(iri) for s in graph.subjects())


def check_html(session: requests.Session, server: str, path: str, iris: set[str]) -> list[str]:
    response = session.get(server + path, headers={"Accept": "text/html"}, timeout=60)
    if response.status_code != 200 or not response.headers["Content-Type"].startswith("text/html"):
        return [f"{path}: {response.status_code}"]
    anchors = {iri.split("#", 1)[1] for iri in iris if "#" in iri} - {""}
    return [f"{path}: no anchor #{name}" for name in anchors if f'id="{name}"' not in response.text]


@pytest.mark.parametrize("check", [check_turtle, check_html], ids=["turtle", "html"])
def test_every_minted_iri_dereferences(server: str, documents: dict[str, set[str]], check) -> None:  # noqa: ANN001
    def run(item: tuple[str, set[str]]) -> list[str]:
        with requests.Session() as session:
            return check(session, server, *item)

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [line for found in pool.map(run, sorted(documents.items())) for line in found]
    assert failures == []
