"""A published release whose files are damaged: the live service says so, and no more.

A real `gkg serve` answers from a good release; then a copy of it with its RocksDB files
truncated, removed or overwritten is published in its place (or the server is started over
one).  /readyz, which opens the release and runs a query through the backend, turns 503;
/sparql answers 503 (not 400); VoID, dumps, pages and APIs answer 503 with a plain
message; no body names a file of the server.  Publishing a good release makes it ready.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import requests
from fixtures_server import publish_sample, running_server

from service.store.public_errors import RELEASE_UNREADABLE, query_failure, redact_paths
from service.store.releases import current_release, publish_release

ROUTES = {
    "sparql": "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D",
    "void": "/.well-known/void",
    "dump": "/dumps/gkg.nt",
    "home": "/",
    "network": "/network",
    "coi": "/api/coi/summary",
    "validation": "/validation",
}
PATH = re.compile(r"(?<![\w:/.<-])/(?:tmp|var|work|home|srv|root|usr)/")


def damage(release: Path, how: str) -> None:
    """Truncate, remove or overwrite the store files of `release` (release.json stays)."""
    for path in release.iterdir():
        if not (path.suffix == ".sst" or path.name.startswith(("MANIFEST", "CURRENT"))):
            continue
        if how == "removed":
            path.unlink()
        elif how == "truncated":
            os.truncate(path, 64)
        else:
            size = path.stat().st_size
            with open(path, "r+b") as file:
                file.write(os.urandom(size))


def damaged_copy(root: Path, how: str, name: str) -> Path:
    copy = root / "releases" / name
    shutil.copytree(current_release(root), copy)
    damage(copy, how)
    return copy


def readyz_status(url: str, wanted: int, deadline: float = 15.0) -> requests.Response:
    """/readyz once it answers `wanted` past the query processes' start (readiness is
    re-checked every 2 seconds)."""
    give_up = time.monotonic() + deadline
    while True:
        response = requests.get(f"{url}/readyz", timeout=30)
        starting = response.json().get("error") == "the query processes are starting"
        if (response.status_code == wanted and not starting) or time.monotonic() > give_up:
            return response
        time.sleep(0.2)


def assert_no_server_path(body: str, root: Path) -> None:
    assert str(root) not in body
    assert "releases/" not in body
    assert not PATH.search(body), body


def assert_unavailable(url: str, root: Path, version: str) -> None:
    ready = readyz_status(url, 503)
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "error": RELEASE_UNREADABLE,
        "data_version": version,
    }
    assert_no_server_path(ready.text, root)
    for name, route in ROUTES.items():
        response = requests.get(url + route, timeout=60)
        assert response.status_code == 503, (name, response.status_code, response.text)
        assert_no_server_path(response.text, root)
        if name in ("sparql", "network", "coi"):
            assert RELEASE_UNREADABLE in html.unescape(response.text), name
        if name in ("void", "dump"):
            assert response.text.startswith("The dataset description and dumps cannot be made")
    posted = requests.post(
        f"{url}/sparql",
        data="SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert posted.status_code == 503
    assert posted.text == RELEASE_UNREADABLE + "\n"


@pytest.mark.parametrize("how", ["truncated", "removed", "garbled"])
def test_a_damaged_release_swapped_in_is_not_ready_and_says_so_plainly(
    tmp_path: Path, how: str
) -> None:
    root = tmp_path / "store"
    publish_sample(root, "release-good")
    with running_server(root) as url:
        assert readyz_status(url, 200).json() == {
            "status": "ready",
            "data_version": "release-good",
        }
        assert requests.get(url + ROUTES["sparql"], timeout=30).status_code == 200
        publish_release(root, damaged_copy(root, how, "release-damaged"))
        assert_unavailable(url, root, "release-damaged")
        shutil.copytree(root / "releases" / "release-good", root / "releases" / "release-mended")
        publish_release(root, root / "releases" / "release-mended")
        assert readyz_status(url, 200).json()["data_version"] == "release-mended"
        assert requests.get(url + ROUTES["sparql"], timeout=30).status_code == 200


def test_a_server_started_over_a_damaged_release_is_never_ready(tmp_path: Path) -> None:
    root = tmp_path / "store"
    damage(publish_sample(root, "release-damaged"), "truncated")
    with running_server(root) as url:
        assert_unavailable(url, root, "release-damaged")


def test_a_store_without_release_is_not_ready_and_names_no_path(tmp_path: Path) -> None:
    root = tmp_path / "empty-store"
    with running_server(root) as url:
        ready = requests.get(f"{url}/readyz", timeout=30)
        assert ready.status_code == 503
        assert ready.json() == {"status": "unavailable", "error": "no release is published"}
        response = requests.get(url + ROUTES["sparql"], timeout=30)
        assert response.status_code == 503
        assert response.text == "No release is published; run gkg build\n"


def test_messages_lose_server_paths_but_keep_iris() -> None:
    assert (
        redact_paths(
            "IO error: While open a file for random read: "
            "/srv/gkg/var/store/releases/r1/000012.sst: No such file or directory"
        )
        == "IO error: While open a file for random read: …: No such file or directory"
    )
    kept = "no <https://w3id.org/gkg/module/6.1> at /sparql or file:///etc/passwd"
    assert redact_paths(kept) == kept
    assert query_failure(RuntimeError("Corruption: block checksum mismatch in /x/y/1.sst")) == (
        "unavailable",
        RELEASE_UNREADABLE,
    )
    assert query_failure(ValueError("bad value in /x/y/z")) == (
        "failed",
        "The query failed: bad value in …",
    )
