"""One settings object for every command: `gkg query` obeys the same GKG_* settings as the app,
and the README documents every setting."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from service.app import create_app
from service.settings import DEFAULTS, SettingError, load_settings

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = "SELECT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } ORDER BY ?p"
MODULE_COUNT = """#+ summary: How many guideline modules the graph holds
#+ description: One number, the modules of every guideline.
#+ params: []
PREFIX gkg: <https://w3id.org/gkg/ontology#>
SELECT (COUNT(?m) AS ?modules) WHERE { ?m a gkg:Module }
"""


def gkg_query(store: Path, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GKG_")} | environment
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "query", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env=env,
    )


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [key for key in DEFAULTS if f"`{key}`" not in readme]
    assert missing == []


def test_environment_values_are_typed_and_overrides_win() -> None:
    settings = load_settings(
        {"GKG_ROW_CAP": 7},
        environ={"GKG_ROW_CAP": "9", "GKG_MAX_CONCURRENT": "3", "GKG_STORE_IN_MEMORY": "true"},
    )
    assert (settings["GKG_ROW_CAP"], settings["GKG_MAX_CONCURRENT"]) == (7, 3)
    assert settings["GKG_STORE_IN_MEMORY"] is True
    with pytest.raises(SettingError, match="GKG_ROW_CAP='many' is not a valid value"):
        load_settings(environ={"GKG_ROW_CAP": "many"})


def test_the_app_reads_the_same_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKG_ROW_CAP", "12")
    app = create_app({"GKG_STORE": tmp_path})
    assert app.config["GKG_ROW_CAP"] == 12
    assert app.config["GKG_STORE"] == tmp_path


def test_gkg_query_obeys_the_row_cap_setting(bundled_store: Path) -> None:
    capped = gkg_query(bundled_store, "-e", PEOPLE, GKG_ROW_CAP="3")
    assert capped.returncode == 0, capped.stderr
    assert capped.stdout.rstrip().endswith("(3 rows)")
    assert "results cut at 3 rows" in capped.stderr
    whole = gkg_query(bundled_store, "-e", PEOPLE)
    rows = int(re.search(r"\((\d+) rows\)", whole.stdout).group(1))
    assert rows > 3 and "cut" not in whole.stderr


def test_gkg_query_reads_the_queries_folder_setting(bundled_store: Path, tmp_path: Path) -> None:
    (tmp_path / "module-count.rq").write_text(MODULE_COUNT, "utf-8")
    listed = gkg_query(bundled_store, "--list", GKG_QUERIES_DIR=str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    assert "module-count" in listed.stdout and "recommendation-text" not in listed.stdout
    counted = gkg_query(
        bundled_store, "module-count", "--format", "csv", GKG_QUERIES_DIR=str(tmp_path)
    )
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.splitlines() == ["modules", "3"]


def test_gkg_query_obeys_the_service_allow_list(bundled_store: Path) -> None:
    with socket.socket() as listener:  # a local endpoint that is not listening any more
        listener.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    federated = f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}"
    refused = gkg_query(bundled_store, "-e", federated)
    assert refused.returncode == 2
    assert f"SERVICE <{endpoint}> is not allowed" in refused.stderr
    allowed = gkg_query(bundled_store, "-e", federated, GKG_SERVICE_ALLOWLIST=endpoint)
    assert allowed.returncode == 2  # the check let it through; the engine found nobody there
    assert "Connection refused" in allowed.stderr and "not allowed" not in allowed.stderr


def test_a_bad_setting_is_one_clear_line(bundled_store: Path) -> None:
    result = gkg_query(bundled_store, "-e", PEOPLE, GKG_ROW_CAP="many")
    assert result.returncode != 0
    assert result.stderr.strip() == "gkg query: error: GKG_ROW_CAP='many' is not a valid value"
