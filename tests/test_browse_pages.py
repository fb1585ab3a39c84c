"""Lists with facets, search, names in named-query forms, dereferencing beyond the data
graph, and the smaller page fixes, over the bundled document (in process)."""

from __future__ import annotations

import html as html_text
import re

import pytest
import rdflib
from flask import Flask
from test_pages import page

BASE = "https://w3id.org/gkg/"


def status(app: Flask, path: str) -> str:
    html = app.test_client().get(path).data.decode("utf-8")
    return re.search(r'id="list-status">([^<·]*)', html).group(1).strip()


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/person", "48 of 48 shown"),
        ("/person?module=6.1", "19 of 48 shown"),
        ("/person?module=6.1&group=Clusterexpertisegroep", "6 of 48 shown"),
        ("/organisation", "105 of 105 shown"),
        ("/organisation?type=Company", "15 of 105 shown"),
        ("/organisation?q=NOVARTIS", "1 of 105 shown"),
        ("/reference", "36 of 36 shown"),
        ("/concept", "84 of 84 shown"),
    ],
)
def test_lists_count_what_the_filters_leave(bundled_app: Flask, path: str, shown: str) -> None:
    assert status(bundled_app, path) == shown


def test_facets_count_values_among_the_listed_items(bundled_app: Flask) -> None:
    text = page(bundled_app, "/person").text
    assert "Module 9.2.3 22 10.1.1 19 6.1 19" in text
    narrowed = page(bundled_app, "/person?module=6.1")
    assert "/person/agnes-jager" in narrowed.links
    assert "?" in narrowed.links  # the active filter links back to the unfiltered list
    company = page(bundled_app, "/organisation?type=Company")
    assert "/organisation/novartis" in company.links
    assert "/organisation/erasmus-mc" not in company.links
    assert "Type: company ✕" in company.text


def test_lists_in_dutch_label_the_same_filter(bundled_app: Flask) -> None:
    text = page(bundled_app, "/organisation?type=Company&lang=nl").text
    assert "15 van 105 getoond" in text and "Type: bedrijf ✕" in text


def test_home_counts_link_to_lists_or_the_editor(bundled_app: Flask) -> None:
    links = page(bundled_app, "/").links
    assert {"/person", "/organisation", "/reference", "/organisation?type=Company"} <= set(links)
    assert any(link.startswith("/query?query=") and "Consideration" in link for link in links)


def test_search_page_links_hits_to_pages_and_source_lines(bundled_app: Flask) -> None:
    result = page(bundled_app, "/search?q=oligometastasen&kind=recommendation")
    assert "1 result for “oligometastasen”" in result.text
    assert "/recommendation/borstkanker/10.1.1-1" in result.links
    assert "/source/cd1d8d8584518336/lines/336-342" in result.links


def test_search_api(bundled_app: Flask) -> None:
    body = bundled_app.test_client().get("/api/search?q=ethische&limit=2").get_json()
    assert body["counts"] == {"consideration": 3}
    assert body["total"] == 3 and len(body["hits"]) == 2
    first = body["hits"][0]
    assert first["kind"] == "consideration" and first["title"] == "Ethische aanvaardbaarheid"
    assert first["url"].startswith("/module/") and first["source"]["url"].startswith("/source/")
    assert "<mark>" in first["snippetHtml"]


def test_search_folds_accents_in_the_bundled_text(bundled_app: Flask) -> None:
    plain = bundled_app.test_client().get("/api/search?q=patienten").get_json()
    accented = bundled_app.test_client().get("/api/search?q=patiënten").get_json()
    assert plain["total"] == accented["total"] > 0


def test_named_query_takes_a_module_number(bundled_app: Flask) -> None:
    client = bundled_app.test_client()
    by_iri = client.get(
        f"/api/queries/industry-ties-per-module.json?module={BASE}module/borstreconstructie/6.1"
    )
    by_number = client.get("/api/queries/industry-ties-per-module.json?module=6.1")
    assert by_number.status_code == 200
    assert by_number.get_json() == by_iri.get_json()
    names = {row["name"]["value"] for row in by_number.get_json()["results"]["bindings"]}
    assert "Agnes Jager" in names


def test_named_query_takes_a_label_or_name(bundled_app: Flask) -> None:
    client = bundled_app.test_client()
    by_label = client.get("/api/queries/figures-by-tracer.json?tracer=FDG").get_json()
    tracers = {row["tracer"]["value"] for row in by_label["results"]["bindings"]}
    assert tracers == {f"{BASE}concept/fludeoxyglucose-f-18"}


def test_unknown_name_is_a_400_with_suggestions(bundled_app: Flask) -> None:
    client = bundled_app.test_client()
    answer = client.get("/api/queries/industry-ties-per-module.json?module=7.7")
    assert answer.status_code == 400
    assert answer.get_json() == {
        "error": f"parameter 'module': nothing in {BASE}module/ is named '7.7'",
        "parameter": "module",
    }
    guessed = client.get("/api/queries/modules-by-concept.json?concept=fluor").get_json()
    assert "did you mean" in guessed["error"] and "fluor-18" in guessed["error"]


def test_parameters_offer_completion(bundled_app: Flask) -> None:
    client = bundled_app.test_client()
    listing = client.get("/api/queries").get_json()
    module = next(
        p for q in listing if q["name"] == "industry-ties-per-module" for p in q["params"]
    )
    assert module["lookup"] == f"/api/names?namespace={BASE}module/"
    offers = client.get(f"/api/names?q=jag&namespace={BASE}person/").get_json()
    assert offers == [{"iri": f"{BASE}person/agnes-jager", "name": "Agnes Jager"}]


@pytest.mark.parametrize(
    ("path", "accept", "media_type", "subject"),
    [
        ("/ontology", "text/turtle", "text/turtle", "https://w3id.org/gkg/ontology#Module"),
        (
            "/ontology.nt",
            "text/html",
            "application/n-triples",
            "https://w3id.org/gkg/ontology#Module",
        ),
        ("/shapes", "text/turtle", "text/turtle", f"{BASE}shapes#ModuleShape"),
        ("/dataset", "text/turtle", "text/turtle", f"{BASE}dataset"),
        (
            "/dataset/distribution/ttl",
            "application/ld+json",
            "application/ld+json",
            f"{BASE}dataset/distribution/ttl",
        ),
        ("/graph/data", "text/turtle", "text/turtle", f"{BASE}graph/data"),
    ],
)
def test_described_iris_dereference_as_rdf(
    bundled_app: Flask, path: str, accept: str, media_type: str, subject: str
) -> None:
    response = bundled_app.test_client().get(path, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    graph = rdflib.Graph().parse(
        data=response.data,
        format=media_type.split("/")[-1].replace("ld+json", "json-ld").replace("n-triples", "nt"),
    )
    assert (rdflib.URIRef(subject), None, None) in graph


def test_described_iris_have_pages(bundled_app: Flask) -> None:
    dataset = page(bundled_app, "/dataset")
    assert {"/.well-known/void", "/person"} <= set(dataset.links)
    dumps = sorted(link.rsplit("/", 1)[-1] for link in dataset.links if "/dumps/" in link)
    assert dumps == ["gkg.jsonld", "gkg.nq", "gkg.nt", "gkg.ttl"]
    shapes = page(bundled_app, "/shapes")
    assert "ModuleShape" in shapes.text and "#ModuleShape" in shapes.links
    assert "Named graph" in page(bundled_app, "/graph/data").text
    assert "/dataset" in page(bundled_app, "/").links  # the navigation


def test_reference_authors_keep_their_order_and_journal_is_italic(bundled_app: Flask) -> None:
    html = bundled_app.test_client().get("/reference/xia-2023").data.decode("utf-8")
    assert "Authors:</strong> Xia L, Lai J, Huang D, Qiu S, Hu H, Luo Y, Cao J" in html
    shown = re.search(r'<ol class="in-order">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<li>([^<]+)</li>", shown) == [
        "Xia L",
        "Lai J",
        "Huang D",
        "Qiu S",
        "Hu H",
        "Luo Y",
        "Cao J",
    ]
    assert "<i>Radiol Oncol</i>" in html and "*Radiol Oncol*" not in html


def test_declaration_page_is_titled_by_whose_declaration_it_is(bundled_app: Flask) -> None:
    html = (
        bundled_app.test_client()
        .get("/declaration/borstkanker/10.1.1/agnes-jager/expertise")
        .data.decode()
    )
    heading = "Declaration of interests: Agnes Jager · module 10.1.1 · Clusterexpertisegroep"
    assert f"<h1>{heading}</h1>" in html and f"<title>{heading} ·" in html


def test_what_links_here_is_named_and_unduplicated(bundled_app: Flask) -> None:
    html = bundled_app.test_client().get("/concept/fdg-pet-ct").data.decode("utf-8")
    section = html[html.index('id="incoming-h"') :]
    rows = re.findall(
        r"<tr><td><a href=\"([^\"]+)\"[^>]*>([^<]+)</a></td><td>([^<]*)</td><td>([^<]*)</td>",
        section,
    )
    targets = [row[0] for row in rows]
    assert len(targets) == len(set(targets)) == 20  # with the Xia counts for FDG-PET/CT (line 374)
    # sub-question 1's comparator (not its intervention) and the statement that advises it
    assert (
        "/module/borstkanker/10.1.1/question/1/comparator",
        "borstkanker / 10.1.1 / question / 1 / comparator",
        "PICO comparator",
        "dcterms:subject",
    ) in rows
    assert (
        "/recommendation/borstkanker/10.1.1-1/statement/1",
        "borstkanker / 10.1.1-1 / statement / 1",
        "recommendation statement",
        "concerns intervention",
    ) in rows
    finding = next(
        row
        for row in rows
        if row[0] == "/finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases"
    )
    assert finding[1:] == (
        "borstkanker / 10.1.1 / xia-2023 / sensitivity-fdg-pet-ct-bone-metastases",
        "quantitative finding",
        "dcterms:subject, index test",
    )
    assert not any(row[1].startswith("https://") for row in rows)


def test_person_page_folds_declarations(bundled_app: Flask) -> None:
    html = bundled_app.test_client().get("/person/agnes-jager").data.decode("utf-8")
    assert html.count('<details class="declaration">') == 4
    assert "Module 10.1.1 · Clusterexpertisegroep</strong>\n    — 12 declared interests" in html


def test_404_page_has_the_navigation_but_apis_stay_plain(bundled_app: Flask) -> None:
    client = bundled_app.test_client()
    missing = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    text = missing.data.decode("utf-8")
    assert 'aria-label="Main"' in text and 'action="/search"' in text
    api = client.get("/api/queries/no-such-query", headers={"Accept": "text/html"})
    assert api.status_code == 404 and 'aria-label="Main"' not in api.data.decode("utf-8")
    assert client.get("/person/nobody.ttl").status_code == 404


def statement_readings(app: Flask, path: str) -> list[str]:
    """The folded text of each statement item (text, lines, direction, concepts) on a page."""
    html = app.test_client().get(path).data.decode("utf-8")
    items = re.findall(r"<li>\s*<blockquote(.*?)</li>", html, re.S)
    return [
        re.sub(r"\s+", " ", html_text.unescape(re.sub(r"<[^>]+>", " ", "<" + item))).strip()
        for item in items
    ]


def test_recommendation_page_shows_each_statement_reading_and_the_question(
    bundled_app: Flask,
) -> None:
    """Lines 344-354: a recommendation against as a whole, against routine FES-PET/CT, for it
    in exceptional situations only, for NaF-PET/CT as an alternative to the bone scan; it
    answers sub-question 2 (line 330)."""
    shown = page(bundled_app, "/recommendation/borstkanker/10.1.1-2")
    assert "Answers: sub-question 2 — Wat is de waarde van overige PET-tracers" in shown.text
    assert "/module/borstkanker/10.1.1/question/2" in shown.links
    assert {"/concept/fes-pet-ct", "/concept/naf-pet-ct", "/concept/bone-scintigraphy"} <= set(
        shown.links
    )
    readings = statement_readings(bundled_app, "/recommendation/borstkanker/10.1.1-2")
    assert [r.split("¶")[1].strip() for r in readings] == [
        "350 against Concerns: FES PET/CT",
        "352 for, in stated cases only Concerns: FES PET/CT",
        "354 for Concerns: NaF PET/CT · alternative to bone scintigraphy",
    ]


def test_module_page_shows_a_statement_per_clause_in_dutch(bundled_app: Flask) -> None:
    """Line 1098 advises twice: 'Geef aan ...' and against routine imaging follow-up; the
    recommendation answers the main question (line 1089)."""
    path = "/module/borstreconstructie/6.1?lang=nl"
    assert "Beantwoordt: uitgangsvraag — Wat is de positie van autologe vettransplantatie" in (
        page(bundled_app, path).text
    )
    readings = [r.split("¶")[1].strip() for r in statement_readings(bundled_app, path)]
    assert readings == [
        "1095 voor Betreft: autologe vettransplantatie",
        "1096 voor",
        "1097 voor Betreft: autologe vettransplantatie",
        "1098 voor",
        "1098 tegen",
        "1099 voor",
    ]
