"""`gkg build` and `gkg export`: the bundled document end to end, bad input, atomic swaps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import rdflib.compare

from service.pipeline.build import BUNDLED_SOURCE
from service.store.releases import current_release, open_read_only, read_release_info

GKG = [sys.executable, "-m", "service.cli"]
BASE = "https://w3id.org/gkg/"


def gkg(command: str, *args: str, store: Path) -> subprocess.CompletedProcess[str]:
    """Run `gkg COMMAND --store STORE ARGS...` as a user would."""
    return subprocess.run(
        [*GKG, command, "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store")
    result = gkg("build", store=root)
    assert result.returncode == 0, result.stderr
    return root


def test_build_publishes_a_release_with_every_named_graph(built_store: Path) -> None:
    release = current_release(built_store)
    assert release is not None and (built_store / "current").is_symlink()
    info = read_release_info(release)
    assert info is not None and info.conforms
    assert set(info.graphs) == {
        f"{BASE}graph/{name}" for name in ("data", "ontology", "concepts", "shapes", "validation")
    }
    assert info.sources[0]["sha256"] == (
        "cd1d8d8584518336f36d13af2a029442bace4ac16e5594c98d7a42a662d31d6e"
    )
    store = open_read_only(release)
    counts = {
        str(graph.value): sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
        for graph in store.named_graphs()
    }
    assert counts == info.graphs


def test_default_graph_is_the_union_of_the_named_graphs(built_store: Path) -> None:
    store = open_read_only(current_release(built_store))
    query = (
        "ASK { ?m <http://purl.org/dc/terms/title> ?t . "
        "?c a <http://www.w3.org/2004/02/skos/core#Concept> }"
    )
    assert store.query(query, use_default_graph_as_union=True)
    assert not store.query("ASK { ?s ?p ?o }")  # nothing in the store's own default graph


def test_build_is_deterministic(built_store: Path, tmp_path: Path) -> None:
    result = gkg("build", store=tmp_path)
    assert result.returncode == 0, result.stderr
    first = _data_graph(built_store)
    second = _data_graph(tmp_path)
    assert len(first) == len(second) > 1000
    assert rdflib.compare.isomorphic(first, second)
    assert _iris(first) == _iris(second)  # the same IRIs, not just the same shape


def _iris(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    return {node for node in graph.all_nodes() if isinstance(node, rdflib.URIRef)}


def _data_graph(root: Path) -> rdflib.Graph:
    store = open_read_only(current_release(root))
    data = store.dump(
        format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.NamedNode(f"{BASE}graph/data")
    )
    return rdflib.Graph().parse(data=data, format="nt")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty.txt, line 1: the file is empty"),
        ("binary.txt", b"Module 1.1 Iets\n\x00\x01\x02", "binary.txt, line 2: the file is binary"),
        (
            "latin1.txt",
            "Module 1.1 Diagnostiek\nCollée\n".encode("latin-1"),
            "latin1.txt, line 2: the file is not UTF-8 text (byte 0xe9)",
        ),
        (
            "prose.txt",
            b"Een brief.\nGeen module.\n",
            "prose.txt, line 2: no guideline module found",
        ),
    ],
)
def test_bad_input_is_refused_with_file_and_line_and_the_store_is_kept(
    built_store: Path, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    before = current_release(built_store)
    bad = tmp_path / name
    bad.write_bytes(content)
    result = gkg("build", str(bad), store=built_store)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert current_release(built_store) == before
    assert open_read_only(before).query("ASK { GRAPH ?g { ?s ?p ?o } }")


def test_truncated_document_is_refused(built_store: Path, tmp_path: Path) -> None:
    lines = BUNDLED_SOURCE.read_text("utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if line.startswith("5 **Module 10.1.1"))
    truncated = tmp_path / "cut.txt"
    truncated.write_text("".join(lines[:cut]), "utf-8")
    before = current_release(built_store)
    result = gkg("build", str(truncated), store=built_store)
    assert result.returncode == 2
    assert (
        f"cut.txt, line {cut}: the file ends at line {cut}, before the 6 sections its table of "
        "contents (line 68) lists next: 'Module 10.1.1 Beeldvormende diagnostiek"
    ) in result.stderr
    assert "it seems cut off" in result.stderr
    assert current_release(built_store) == before


def test_missing_file_is_refused(built_store: Path, tmp_path: Path) -> None:
    result = gkg("build", str(tmp_path / "nope.txt"), store=built_store)
    assert result.returncode == 2
    assert "nope.txt: cannot read the file" in result.stderr


def test_export_formats_round_trip(built_store: Path, tmp_path: Path) -> None:
    info = read_release_info(current_release(built_store))
    total = sum(info.graphs.values())
    nquads = gkg("export", "--format", "nq", "-o", str(tmp_path / "all.nq"), store=built_store)
    assert nquads.returncode == 0, nquads.stderr
    quads = list(pyoxigraph.parse(path=tmp_path / "all.nq", format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(quads) == total
    assert {quad.graph_name.value for quad in quads} == set(info.graphs)
    one = gkg("export", "--format", "ttl", "--graph", f"{BASE}graph/data", store=built_store)
    assert one.returncode == 0, one.stderr
    data = rdflib.Graph().parse(data=one.stdout, format="turtle")
    assert len(data) == info.graphs[f"{BASE}graph/data"]
    jsonld = gkg("export", "--format", "jsonld", store=built_store)
    assert jsonld.returncode == 0 and isinstance(json.loads(jsonld.stdout), list)


def test_a_broken_module_is_refused_with_the_report_and_the_store_is_kept(
    built_store: Path, tmp_path: Path
) -> None:
    """A confidence interval whose lower bound exceeds its upper one is a SHACL violation."""
    text = BUNDLED_SOURCE.read_text("utf-8")
    assert text.count("sensitiviteit van 96% (95%BI: 92–98%)") == 1
    broken = tmp_path / "broken.txt"
    broken.write_text(
        text.replace(
            "sensitiviteit van 96% (95%BI: 92–98%)", "sensitiviteit van 96% (95%BI: 98–92%)"
        ),
        "utf-8",
    )
    before = current_release(built_store)
    result = gkg("build", str(broken), store=built_store)
    assert result.returncode == 1
    assert "[Violation]" in result.stderr
    assert "(source lines 375)" in result.stderr
    assert "nothing was published; the published store is unchanged" in result.stderr
    assert current_release(built_store) == before
    assert len(list((built_store / "releases").iterdir())) == 1  # the refused one is gone
