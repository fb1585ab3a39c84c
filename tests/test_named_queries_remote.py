"""Every named query gives the same rows over a real Virtuoso as over the embedded store.

A remote store gets a parameter's VALUES block at the top of the WHERE group only
(service.queries.binding), so a query whose inner groups need the parameter bound (a
sub-SELECT that follows ``skos:broader*`` from it, say) answers differently there; and a
query text may use SPARQL that Virtuoso reads otherwise. The bundled document is published
to the session's Virtuoso and each named query runs with its example parameters through the
named-query API of two apps, one over each store; rows are compared as multisets (the
order of rows that tie under ORDER BY, and how each store collates strings, may differ).
Virtuoso 7 writes a boolean as the integer 1 or 0 and drops the leading space of a string
(a GROUP_CONCAT whose first item is empty), and the order of a GROUP_CONCAT's items is not
defined in SPARQL 1.1, so a value is compared as its words in sorted order.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from flask import Flask
from flask.testing import FlaskClient
from virtuoso_server import VirtuosoEndpoints

from service.app import create_app
from service.queries.library import load_library
from service.store.publish import publish
from service.store.releases import current_release, open_read_only

LIBRARY = load_library()
NAMES = sorted(name for name, query in LIBRARY.items() if "SERVICE" not in query.sparql.upper())
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
BOOLEANS = {"true": "1", "false": "0", "1": "1", "0": "0"}


@pytest.fixture(scope="module")
def remote_app(
    virtuoso: VirtuosoEndpoints, bundled_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """An app answering named queries from Virtuoso, to which the bundled store is published."""
    export = tmp_path_factory.mktemp("bundled-export") / "bundled.nq"
    store = open_read_only(current_release(bundled_store))
    store.dump(str(export), format=pyoxigraph.RdfFormat.N_QUADS)
    del store
    publish(export, virtuoso.sparql_auth, username=virtuoso.user, password=virtuoso.password)
    app = create_app(
        {"GKG_STORE": bundled_store, "GKG_BACKEND_URL": virtuoso.sparql, "TESTING": True}
    )
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


def value(term: dict[str, str]) -> str:
    """A term's value as both stores can agree on it: booleans as 1 or 0, words sorted."""
    if term.get("datatype") == XSD_BOOLEAN:
        return BOOLEANS[term["value"]]
    return " ".join(sorted(term["value"].split()))


def row_counts(client: FlaskClient, name: str) -> Counter[str]:
    """The rows of a named query with its example parameters, as canonical JSON, counted."""
    response = client.get(f"/api/queries/{name}.json", query_string=LIBRARY[name].example_values())
    assert response.status_code == 200, response.get_data(as_text=True)
    return Counter(
        json.dumps({key: value(term) for key, term in row.items()}, sort_keys=True)
        for row in response.get_json()["results"]["bindings"]
    )


@pytest.mark.parametrize("name", NAMES)
def test_named_query_gives_the_same_rows_over_virtuoso(
    name: str, remote_app: Flask, bundled_app: Flask
) -> None:
    local = row_counts(bundled_app.test_client(), name)
    assert local, f"{name}: the example parameters give no rows on the embedded store"
    assert row_counts(remote_app.test_client(), name) == local
