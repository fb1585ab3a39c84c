"""`gkg query` takes a person's, organisation's or module's name for an IRI parameter, as the
API and the query forms do, with the same errors when the name is unknown or ambiguous.

Facts from data/source/borstkanker-cluster-3a-2026.txt: Cristina Guerrero Paez is written
'Guerreo' on line 274 and 'Guerreiro' on line 644; module 6.1's panel members with industry
ties; 'Aanbeveling' is the heading of both 9.2.3-1 and 6.1-1.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from flask import Flask

BASE = "https://w3id.org/gkg/"


def gkg_query(store: Path, name: str, *params: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "service.cli", "query", name, "--store", str(store)]
    command += [item for param in params for item in ("--param", param)]
    return subprocess.run(
        [*command, "--format", "csv"], capture_output=True, text=True, timeout=300, check=False
    )


def rows(result: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_person_given_by_name_accents_and_case_folded(bundled_store: Path) -> None:
    found = rows(gkg_query(bundled_store, "name-variants", "entity=cristina guerrero páez"))
    person = f"{BASE}person/cristina-guerrero-paez"
    assert [(r["entity"], r["asWritten"], r["firstLine"]) for r in found] == [
        (person, "Cristina Guerrero Paez", "90"),
        (person, "Cristina Guerrero Paez", "226"),
        (person, "Cristina Guerreo Paez", "274"),
        (person, "Cristina Guerreiro Paez", "644"),
        (person, "Cristina Guerreo Paez", "685"),
        (person, "Cristina Guerreo Paez", "1004"),
        (person, "Cristina Guerreo Paez", "1043"),
    ]


def test_a_module_number_and_an_organisation_name(bundled_store: Path) -> None:
    ties = rows(gkg_query(bundled_store, "industry-ties-per-module", "module=6.1"))
    assert {r["module"] for r in ties} == {f"{BASE}module/borstreconstructie/6.1"}
    assert [(r["name"], r["companies"]) for r in ties] == [
        ("Agnes Jager", "AstraZeneca; Pfizer"),
        ("Andrzej Piatkowski de Grzymala", "Lipocosm"),
        ("Birgit Vriens", "Novartis"),
        ("Desiree van den Bongard", "Varian"),
        ("Marc Mureau", "Polytech Health & Aesthetics GmbH"),
    ]
    novartis = rows(gkg_query(bundled_store, "interests-by-organisation", "organisation=Novartis"))
    assert {r["organisation"] for r in novartis} == {f"{BASE}organisation/novartis"}
    assert {(r["name"], r["module"]) for r in novartis} == {
        ("Birgit Vriens", f"{BASE}module/borstkanker/10.1.1"),
        ("Birgit Vriens", f"{BASE}module/borstkanker/9.2.3"),
        ("Birgit Vriens", f"{BASE}module/borstreconstructie/6.1"),
    }


def test_the_cli_answers_as_the_api_does(bundled_store: Path, bundled_app: Flask) -> None:
    by_name = rows(gkg_query(bundled_store, "industry-ties-per-module", "module=6.1"))
    api = bundled_app.test_client().get("/api/queries/industry-ties-per-module.csv?module=6.1")
    assert api.status_code == 200
    assert list(csv.DictReader(io.StringIO(api.get_data(as_text=True)))) == by_name


def test_unknown_and_ambiguous_names_are_clear_errors(
    bundled_store: Path, bundled_app: Flask
) -> None:
    unknown = gkg_query(bundled_store, "industry-ties-per-module", "module=7.7")
    assert unknown.returncode == 2 and unknown.stdout == ""
    message = f"parameter 'module': nothing in {BASE}module/ is named '7.7'"
    assert unknown.stderr == f"gkg query: error: {message}\n"
    api = bundled_app.test_client().get("/api/queries/industry-ties-per-module.json?module=7.7")
    assert api.get_json()["error"] == message

    guessed = gkg_query(bundled_store, "interests-by-organisation", "organisation=Erasmus")
    assert guessed.returncode == 2
    assert guessed.stderr == (
        f"gkg query: error: parameter 'organisation': nothing in {BASE}organisation/ is named "
        f"'Erasmus'; did you mean Erasmus MC <{BASE}organisation/erasmus-mc>?\n"
    )

    several = gkg_query(bundled_store, "recommendation-text", "recommendation=Aanbeveling")
    assert several.returncode == 2
    assert several.stderr == (
        "gkg query: error: parameter 'recommendation': 'Aanbeveling' names several: "
        f"Aanbeveling <{BASE}recommendation/borstkanker/9.2.3-1>, "
        f"Aanbeveling <{BASE}recommendation/borstreconstructie/6.1-1>\n"
    )
    assert "Traceback" not in unknown.stderr + guessed.stderr + several.stderr


def test_iris_and_other_values_are_not_looked_up(bundled_store: Path) -> None:
    iri = f"{BASE}person/cristina-guerrero-paez"
    assert len(rows(gkg_query(bundled_store, "name-variants", f"entity={iri}"))) == 7
    weak = rows(gkg_query(bundled_store, "recommendations-by-strength", "strength=weak"))
    assert [r["recommendation"] for r in weak] == [
        f"{BASE}recommendation/borstkanker/10.1.1-1",
        f"{BASE}recommendation/borstkanker/10.1.1-2",
        f"{BASE}recommendation/borstkanker/9.2.3-1",
    ]
