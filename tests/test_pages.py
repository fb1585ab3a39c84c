"""Server-rendered pages over the bundled document (in process)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask import Flask


class TextAndLinks(HTMLParser):
    """The visible text (whitespace folded) and the link targets of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def page(app: Flask, path: str) -> TextAndLinks:
    response = app.test_client().get(path)
    assert response.status_code == 200, response.data[:500]
    parser = TextAndLinks()
    parser.feed(response.data.decode("utf-8"))
    return parser


def test_home_lists_the_modules_with_local_links(bundled_app: Flask) -> None:
    home = page(bundled_app, "/")
    for number in ("10.1.1", "9.2.3", "6.1"):
        assert f"/module/{number}" in home.links
    assert "Autologe vettransplantatie bij borstreconstructie na ablatio" in home.text
    assert "Borstreconstructie" in home.text and "Borstkanker" in home.text


def test_module_page_shows_recommendations_verbatim_with_badges(bundled_app: Flask) -> None:
    module = page(bundled_app, "/module/10.1.1")
    text = module.text
    assert "Module 10.1.1 Beeldvormende diagnostiek bij oligometastasen bij borstkanker" in text
    assert "Aanbeveling-1 Aanvullende MRI weak for" in text
    assert "Aanbeveling-2 overige PET-tracers weak against" in text
    assert (
        "Eindoordeel: Conditionele aanbeveling tegen (Niet doen, behalve in onderzoeksverband "
        "of specifieke gevallen)." in text
    )
    assert "Voer niet standaard een PET/CT met ¹⁸FES uit." in text
    assert "References (16)" in text
    assert "https://doi.org/10.2478/raon-2023-0037" in module.links
    assert "https://pubmed.ncbi.nlm.nih.gov/37494596/" in module.links


def test_module_page_keeps_a_contradictory_verdict_visible(bundled_app: Flask) -> None:
    text = page(bundled_app, "/module/6.1").text
    assert "Eindoordeel: [Sterke conditionele aanbeveling voor]" in text
    assert "References (5)" in text


def test_unknown_module_is_404(bundled_app: Flask) -> None:
    assert bundled_app.test_client().get("/module/99.9").status_code == 404
