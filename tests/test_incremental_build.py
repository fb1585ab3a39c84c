"""Incremental builds: a document whose content did not change is not parsed again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import rdflib
import rdflib.compare
from corpus_truth import HIP, LUNG

from loaders.parse_cache import ParseCache

BASE = "https://w3id.org/gkg/"


def gkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def progress(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [
        line.removeprefix("gkg build: ").split(" (")[0]
        for line in result.stderr.splitlines()
        if line.startswith(("gkg build: parsed", "gkg build: reusing"))
    ]


def data_graph(root: Path) -> rdflib.Graph:
    store = pyoxigraph.Store.read_only(str((root / "current").resolve()))
    data = store.dump(
        format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(f"{BASE}graph/data")
    )
    return rdflib.Graph().parse(data=data, format="nt")


def test_only_the_changed_document_is_parsed_again(tmp_path: Path) -> None:
    lung = tmp_path / "longkanker.txt"
    shutil.copy(LUNG, lung)
    store = tmp_path / "store"
    assert progress(gkg("build", str(HIP), str(lung), "--store", str(store))) == [
        f"parsed {HIP}",
        f"parsed {lung}",
    ]
    assert progress(gkg("build", str(HIP), str(lung), "--store", str(store))) == [
        f"reusing {HIP}",
        f"reusing {lung}",
    ]
    text = lung.read_text("utf-8")
    changed = text.replace("elke drie maanden een CT", "elke zes maanden een CT")
    assert changed != text
    lung.write_text(changed, "utf-8")
    assert progress(gkg("build", str(HIP), str(lung), "--store", str(store))) == [
        f"reusing {HIP}",
        f"parsed {lung}",
    ]
    incremental = data_graph(store)
    statement = rdflib.URIRef(f"{BASE}recommendation/longkanker/6.1-2/statement/1")
    assert str(incremental.value(statement, rdflib.URIRef(f"{BASE}ontology#text"))) == (
        "Maak in het eerste jaar na de behandeling elke zes maanden een CT van thorax en abdomen."
    )
    fresh_store = tmp_path / "fresh"
    fresh = gkg("build", str(HIP), str(lung), "--store", str(fresh_store), "--reparse")
    assert progress(fresh) == [f"parsed {HIP}", f"parsed {lung}"]
    assert rdflib.compare.isomorphic(incremental, data_graph(fresh_store))


def test_a_moved_file_is_reused_under_its_new_path(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    first, reused = cache.load(HIP)
    assert not reused
    moved = tmp_path / "elders.txt"
    shutil.copy(HIP, moved)
    again, reused = cache.load(moved)
    assert reused and again.source.path == str(moved)
    assert again.source.sha256 == first.source.sha256
    assert [m.key for m in again.modules] == [m.key for m in first.modules]


def test_documents_parsed_by_other_parsers_are_not_reused_and_are_pruned(tmp_path: Path) -> None:
    old = ParseCache(tmp_path / "cache", version="0000000000000000")
    old.load(HIP)
    current = ParseCache(tmp_path / "cache")
    _, reused = current.load(HIP)
    assert not reused
    assert current.prune() == 1
    assert [entry.name.rsplit("-", 1)[1] for entry in (tmp_path / "cache").iterdir()] == [
        f"{current.version}.pickle"
    ]
