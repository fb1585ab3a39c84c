"""Person, organisation, reference, concept, recommendation, source, validation and
network pages over the bundled document (in process)."""

from __future__ import annotations

from flask import Flask
from test_pages import page, pages_app_fixture  # noqa: F401 - the fixture

SOURCE = "/source/cd1d8d8584518336"
# Xia 2023: sensitivity of FDG-PET/CT for bone metastases
XIA_SENSITIVITY = "/finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases"


def test_person_page_shows_seats_declarations_and_incoming_links(pages_app: Flask) -> None:
    person = page(pages_app, "/person/agnes-jager")
    text = person.text
    assert "Agnes Jager" in text
    assert "Module 10.1.1 · Clusterexpertisegroep · Internist-Oncoloog · NIV" in text
    assert "Declarations of interest (4)" in text
    assert (
        "Oncode - Selection of advanced breast cancer patients for carboplatin treatment "
        "using the functional repair capacity (Projectleider JA)" in text
    )
    assert "/declaration/borstkanker/10.1.1/agnes-jager/expertise" in person.links
    assert "/organisation/kwf" in person.links
    assert "What links here" in text
    assert "/membership/borstkanker/10.1.1/expertise/agnes-jager" in person.links
    assert f"{SOURCE}/lines/87-87" in person.links


def test_organisation_page_lists_who_declared_ties_to_it(pages_app: Flask) -> None:
    organisation = page(pages_app, "/organisation/kwf")
    assert "KWF Kankerbestrijding" in organisation.text
    assert "Agnes Jager 10.1.1 research funding" in organisation.text
    assert "/person/desiree-van-den-bongard" in organisation.links


def test_reference_page_links_doi_pubmed_pmc_and_citing_module(pages_app: Flask) -> None:
    reference = page(pages_app, "/reference/xia-2023")
    assert "Xia L, Lai J, Huang D, Qiu S, Hu H, Luo Y, Cao J." in reference.text
    assert "https://doi.org/10.2478/raon-2023-0037" in reference.links
    assert "https://pubmed.ncbi.nlm.nih.gov/37494596/" in reference.links
    assert "https://pmc.ncbi.nlm.nih.gov/articles/PMC10561067/" in reference.links
    assert "/module/borstkanker/10.1.1" in reference.links  # lists / cites it
    assert XIA_SENSITIVITY in reference.links  # a finding from this study


def test_concept_page_links_snomed_and_what_is_about_it(pages_app: Flask) -> None:
    concept = page(pages_app, "/concept/fdg-pet-ct")
    assert "SNOMED CT 443271005" in concept.text
    assert "http://snomed.info/id/443271005" in concept.links
    assert "/module/borstkanker/10.1.1" in concept.links
    assert "/recommendation/borstkanker/10.1.1-1" in concept.links
    assert "/concept/pet-ct" in concept.links  # broader


def test_recommendation_page_shows_badges_verdict_and_statements(pages_app: Flask) -> None:
    recommendation = page(pages_app, "/recommendation/borstkanker/10.1.1-1")
    text = recommendation.text
    assert "Aanbeveling-1 Aanvullende MRI weak for" in text
    assert "Eindoordeel: Conditionele aanbeveling voor (Doen in geselecteerde gevallen)" in text
    assert (
        "Gebruik FDG-PET/CT als standaardmodaliteit voor het detecteren van oligometastasen" in text
    )
    assert f"{SOURCE}/lines/336-342" in recommendation.links


def test_source_viewer_highlights_the_lines_and_what_came_from_them(pages_app: Flask) -> None:
    response = pages_app.test_client().get(f"{SOURCE}/lines/375-375")
    html = response.data.decode("utf-8")
    assert response.status_code == 200
    assert html.count('class="hit"') == 1
    highlighted = html.split('class="hit"', 1)[1].split("</tr>", 1)[0]
    assert "Pooled resultaten lieten voor FDG-PET/CT een sensitiviteit van 96%" in highlighted
    viewer = page(pages_app, f"{SOURCE}/lines/375-375")
    assert "Derived from these lines" in viewer.text and XIA_SENSITIVITY in viewer.links
    assert "sha256 cd1d8d8584518336f36d13af2a029442bace4ac16e5594c98d7a42a662d31d6e" in viewer.text


def test_source_viewer_serves_only_listed_documents_and_real_lines(pages_app: Flask) -> None:
    client = pages_app.test_client()
    assert client.get(SOURCE).status_code == 200
    assert client.get("/source/0000000000000000/lines/1-2").status_code == 404
    assert client.get(f"{SOURCE}/lines/9000-9001").status_code == 404
    assert client.get(f"{SOURCE}/lines/../../etc").status_code == 404


def test_validation_page_groups_source_warnings_with_line_links(pages_app: Flask) -> None:
    report = page(pages_app, "/validation")
    text = report.text
    assert "conforms to the shapes" in text
    assert "missing-identifier" in text and "uncited-reference" in text
    assert (
        "The citation 'NABON/NIV, 2017' gives the year 2017, but the reference 'nabon-niv-2012' "
        "it names is listed with the year 2012." in text
    )
    assert f"{SOURCE}/lines/760-760" in report.links


def test_network_page_offers_module_and_tie_kind_filters(pages_app: Flask) -> None:
    network = page(pages_app, "/network?module=6.1")
    tags = network.tags
    options = [attrs.get("value") for tag, attrs in tags if tag == "option"]
    assert options == ["", "6.1", "9.2.3", "10.1.1"]  # in numeric order
    assert ("option", {"value": "6.1", "selected": None}) in tags
    kinds = [
        attrs["value"] for tag, attrs in tags if tag == "input" and attrs.get("name") == "kind"
    ]
    assert "employment" in kinds and "research-funding" in kinds
    scripts = [attrs["src"] for tag, attrs in tags if tag == "script" and "src" in attrs]
    assert "/static/vendor/cytoscape-3.35.0/cytoscape.min.js" in scripts
    client = pages_app.test_client()
    assert all(client.get(src).status_code == 200 for src in scripts)
