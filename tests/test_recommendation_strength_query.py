"""The named query recommendations-by-strength keeps recommendations of unknown strength.

Issue 14 item 7: a strength or direction the source does not state, or states unreadably,
is the value 'unknown', shown as such, never a dropped row.  On the bundled document that
is recommendation 6.1-1 ('Eindoordeel: [Sterke conditionele aanbeveling voor]', line 1093:
strong and conditional at once); on a document without any 'Eindoordeel' it is every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.pipeline.build import build_release

URL = "/api/queries/recommendations-by-strength.json"
BASE = "https://w3id.org/gkg/"

WITHOUT_VERDICT = """\
Module 3.4 Nacontrole na borstsparende behandeling

Uitgangsvraag

Hoe vaak is nacontrole nodig na een borstsparende behandeling?

Aanbevelingen

Aanbeveling 1 frequentie

Verricht jaarlijks een mammografie gedurende vijf jaar.

Aanbeveling 2 beeldvorming

Verricht geen routinematige MRI.

Overwegingen

Jaarlijkse mammografie vindt de meeste recidieven; MRI voegt bij deze groep weinig toe.

Literatuur

- Jansen P, de Wit K. Follow-up after breast conserving therapy. Breast. 2021;55:1-9. \
doi: 10.1016/j.breast.2021.01.001. PMID: 33000001.
"""


def rows(client: FlaskClient, **params: str) -> list[tuple[str, str, str]]:
    response = client.get(URL, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [
        (
            row["recommendation"]["value"].removeprefix(BASE),
            row["strength"]["value"],
            row["direction"]["value"],
        )
        for row in response.get_json()["results"]["bindings"]
    ]


def test_all_four_bundled_recommendations_with_unknown_strength_shown(bundled_app: Flask) -> None:
    assert rows(bundled_app.test_client()) == [
        ("recommendation/borstkanker/10.1.1-1", "weak", "for"),  # line 338
        ("recommendation/borstkanker/10.1.1-2", "weak", "against"),  # line 348
        ("recommendation/borstreconstructie/6.1-1", "unknown", "for"),  # line 1093
        ("recommendation/borstkanker/9.2.3-1", "weak", "for"),  # line 750
    ]


def test_unknown_is_a_value_to_ask_for(bundled_app: Flask) -> None:
    client = bundled_app.test_client()
    assert rows(client, strength="unknown") == [
        ("recommendation/borstreconstructie/6.1-1", "unknown", "for")
    ]
    assert rows(client, strength="unknown", direction="against") == []
    verdict = client.get(URL, query_string={"strength": "unknown"}).get_json()
    (row,) = verdict["results"]["bindings"]
    assert row["verdict"]["value"] == "[Sterke conditionele aanbeveling voor]"


def test_an_unlisted_value_is_still_refused(bundled_app: Flask) -> None:
    response = bundled_app.test_client().get(URL, query_string={"strength": "moderate"})
    assert response.status_code == 400
    assert "strength" in response.get_data(as_text=True)


@pytest.fixture(scope="module")
def without_verdict_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("without-verdict")
    source = folder / "nacontrole.txt"
    source.write_text(WITHOUT_VERDICT, "utf-8")
    root = folder / "store"
    build_release([Path(source)], root)
    app = create_app({"GKG_STORE": root, "TESTING": True})
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


def test_a_document_without_eindoordeel_lists_every_recommendation(
    without_verdict_app: Flask,
) -> None:
    client = without_verdict_app.test_client()
    expected = [
        ("recommendation/nacontrole/3.4-1", "unknown", "unknown"),
        ("recommendation/nacontrole/3.4-2", "unknown", "unknown"),
    ]
    assert rows(client) == expected
    assert rows(client, strength="unknown", direction="unknown") == expected
    assert rows(client, strength="weak") == []
