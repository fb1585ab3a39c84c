"""`/api/coi/...` in process (Flask test client) over a published store of the bundled document."""

from __future__ import annotations

import pytest
from coi_store import bundled_store

from service.app import create_app
from service.coi.export import read_export


@pytest.fixture(scope="module")
def client():
    app = create_app({"TESTING": True, "GKG_STORE": bundled_store(), "GKG_MAX_CONCURRENT": 1})
    with app.test_client() as client:
        yield client
    app.extensions["gkg.backend"].close()


def test_module(client):
    response = client.get("/api/coi/module/6.1")
    assert response.status_code == 200
    report = response.get_json()
    industry = [(o["name"], o["names"], o["lines"]) for o in report["industry"]]
    assert ("Lipocosm", ["Andrzej Piatkowski de Grzymala"], [[1069, 1069]]) in industry
    assert client.get("/api/coi/module/99.9").status_code == 404


def test_person_and_ego(client):
    report = client.get("/api/coi/person/Birgit Vriens").get_json()
    assert [
        (t["module"], t["organisation_name"], t["kind"], t["lines"])
        for t in report["ties"]
        if t["organisation_name"] == "Novartis"
    ] == [
        ("6.1", "Novartis", "personal-financial", [1036, 1036]),
        ("9.2.3", "Novartis", "personal-financial", [678, 678]),
        ("10.1.1", "Novartis", "personal-financial", [267, 267]),
    ]
    ego = client.get("/api/coi/ego?node=KWF&radius=1").get_json()
    assert ego["node"] == "https://w3id.org/gkg/organisation/kwf"
    names = sorted(n["data"]["name"] for n in ego["elements"]["nodes"])
    assert names == [
        "Agnes Jager",
        "Carla Meeuwis",
        "Desiree van den Bongard",
        "Frederieke van Duijnhoven",
        "KWF Kankerbestrijding",
        "Marijke Wevers",
    ]
    assert client.get("/api/coi/ego?node=van").status_code == 404
    assert client.get("/api/coi/ego?node=KWF&radius=9").status_code == 400


def test_summary_centrality_communities(client):
    summary = client.get("/api/coi/summary").get_json()
    assert [m["module"] for m in summary["modules"]] == ["6.1", "9.2.3", "10.1.1"]
    centrality = client.get("/api/coi/centrality").get_json()
    assert centrality[0]["label"] == "Desiree van den Bongard"
    communities = client.get("/api/coi/communities?module=6.1&kind=research-funding").get_json()
    assert [c["names"] for c in communities if c["size"] > 1] == [
        ["Agnes Jager", "Desiree van den Bongard", "Frederieke van Duijnhoven", "Marijke Wevers"],
        ["Andrzej Piatkowski de Grzymala", "Linda Appelman"],
    ]
    funders = client.get("/api/coi/centrality?module=6.1&kind=research-funding").get_json()
    assert {row["type"] for row in funders} == {"person", "organisation"}
    kwf = next(row for row in funders if row["label"] == "KWF Kankerbestrijding")
    assert (kwf["degree"], kwf["interests"]) == (4, 9)


@pytest.mark.parametrize("format_name", ["graphml", "gexf", "json"])
def test_exports_are_downloads(client, format_name):
    response = client.get(f"/api/coi/export.{format_name}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="gkg-coi.')
    graph = read_export(response.data, format_name)
    assert graph.number_of_edges() == 512
    assert client.get("/api/coi/export.pdf").status_code == 404
