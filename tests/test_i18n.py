"""Every fixed text of the pages comes in English and Dutch (service.web.i18n), including the
texts the query editor and the network page pass to their scripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Flask
from test_pages import page, pages_app_fixture  # noqa: F401 - the fixture

from service.coi.page import TIE_KINDS
from service.web.i18n import LABELS, translate
from service.web.resources import KINDS

SERVICE = Path(__file__).resolve().parent.parent / "service"
TEMPLATE_KEY = re.compile(r"""\bt\(\s*(['"])([^'"]+)\1\s*\)""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def template_keys() -> set[str]:
    """Every literal key the templates pass to t()."""
    return {
        match.group(2)
        for template in (SERVICE / "web" / "templates").glob("*.html")
        for match in TEMPLATE_KEY.finditer(template.read_text("utf-8"))
    }


def script_texts(app: Flask, path: str, block: str) -> dict[str, str]:
    """The JSON texts block `block` of the page at `path`."""
    html = app.test_client().get(path).data.decode("utf-8")
    found = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', html, re.S)
    assert found, block
    return json.loads(found.group(1))


def script_keys(name: str) -> set[str]:
    """The text keys a static script asks say() for (also `cond ? "a" : "b"` pairs)."""
    text = (SERVICE / "web" / "static" / name).read_text("utf-8")
    keys = set(re.findall(r"""\bsay\(\s*"(\w+)\"""", text))
    keys.update(re.findall(r"\btexts\.(\w+)", text))  # texts read directly (label tables)
    for pair in re.findall(r"""say\(\s*[^"(),]+\?\s*"(\w+)"\s*:\s*"(\w+)\"""", text):
        keys.update(pair)
    return keys


def test_every_template_key_has_both_languages() -> None:
    used = template_keys()
    assert {"site", "editor_title", "network_intro", "kind_cluster", "derived"} <= used
    assert sorted(used - LABELS.keys()) == []
    assert all(english and dutch for english, dutch in LABELS.values())


def test_keys_built_in_templates_exist_for_every_resource_and_tie_kind() -> None:
    assert sorted(f"kind_{kind}" for kind in KINDS if f"kind_{kind}" not in LABELS) == []
    assert sorted(f"tie_{kind}" for kind in TIE_KINDS if f"tie_{kind}" not in LABELS) == []
    for badge in ("strong", "weak", "for", "against", "unknown"):
        assert badge in LABELS


def test_placeholders_are_the_same_in_both_languages() -> None:
    for key, (english, dutch) in LABELS.items():
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(dutch)), key


def test_translate_picks_the_language() -> None:
    assert translate("recommendations", "nl") == "Aanbevelingen"
    assert translate("recommendations", "en") == "Recommendations"
    assert translate("kind_reference", "nl") == "Literatuurverwijzing"


def test_editor_script_gets_every_text_it_uses_in_dutch(pages_app: Flask) -> None:
    texts = script_texts(pages_app, "/query?lang=nl", "editor-texts")
    assert script_keys("editor.js") == set(texts)
    assert texts["run"] == "Uitvoeren"
    assert texts["rowsMany"] == "{name}: {count} rijen"
    english = script_texts(pages_app, "/query?lang=en", "editor-texts")
    assert english["rowsMany"] == "{name}: {count} rows" and english["run"] == "Run"


def test_network_script_gets_every_text_it_uses_in_dutch(pages_app: Flask) -> None:
    texts = script_texts(pages_app, "/network?lang=nl", "network-texts")
    assert script_keys("network.js") == set(texts)
    assert texts["status"] == "{people} personen, {organisations} organisaties, {ties} banden"
    assert texts["kinds"]["research-funding"] == "onderzoeksfinanciering"
    assert texts["orgKinds"]["company"] == "bedrijf"


def headings(path: str, app: Flask) -> list[str]:
    """The text of the h1 and h2 headings of a page, in order."""
    html = app.test_client().get(path).data.decode("utf-8")
    return [
        re.sub(r"<[^>]+>|\s+", " ", h).strip()
        for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    ]


def test_editor_page_in_dutch(pages_app: Flask) -> None:
    assert headings("/query?lang=nl", pages_app) == [
        "De graaf bevragen",
        "Vaste zoekvragen",
        "Resultaat",
    ]
    text = page(pages_app, "/query?lang=nl").text
    assert "Link naar deze zoekvraag Link kopiëren Vooraf ingevulde prefixen" in text
    assert "De vaste zoekvragen worden geladen…" in text
    assert "Query the graph" not in text


def test_network_page_in_dutch(pages_app: Flask) -> None:
    assert headings("/network?lang=nl", pages_app) == [
        "Belangennetwerk",
        "Analyses",
        "Organisaties en wie er banden mee heeft",
    ]
    network = page(pages_app, "/network?lang=nl")
    assert (
        "Centraliteit Persoon / Organisatie graad tussenliggendheid Gemeenschappen" in network.text
    )
    assert "dienstverband" in network.text and "onderzoeksfinanciering" in network.text
    values = [attrs["value"] for tag, attrs in network.tags if attrs.get("name") == "kind"]
    assert values == list(TIE_KINDS)  # the filter values stay the codes


def test_validation_page_in_dutch(pages_app: Flask) -> None:
    assert headings("/validation?lang=nl", pages_app) == [
        "Validatie",
        "Waarschuwingen over de bron (57)",
        "SHACL-rapport (82)",
        "Dekking van de bronnen",
    ]
    assert "voldoet aan de shapes" in page(pages_app, "/validation?lang=nl").text


def test_person_page_in_dutch(pages_app: Flask) -> None:
    assert headings("/person/agnes-jager?lang=nl", pages_app) == [
        "Agnes Jager",
        "Lidmaatschappen (6)",
        "Belangenverklaringen (4)",
        "Feiten",
        "Wat hiernaar verwijst (14)",  # 4 of them her rows' repeated entries (duplicate-entry)
    ]
    text = page(pages_app, "/person/agnes-jager?lang=nl").text
    assert "Persoon · https://w3id.org/gkg/person/agnes-jager" in text
    assert "Cluster · Clusterexpertisegroep · Internist-Oncoloog · NIV" in text


def test_resource_kind_and_source_viewer_in_dutch(pages_app: Flask) -> None:
    reference = page(pages_app, "/reference/xia-2023?lang=nl").text
    assert "Literatuurverwijzing · https://w3id.org/gkg/reference/xia-2023" in reference
    viewer = page(pages_app, "/source/cd1d8d8584518336/lines/375-375?lang=nl").text
    assert "Bronregels 375–375" in viewer and "Afgeleid van deze regels" in viewer
    assert " regels" in viewer.split("sha256", 1)[1][:120]
