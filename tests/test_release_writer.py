"""The build writes straight into the release store: the same triples as the builder's graph,
the engine's validation report, documents parsed in parallel processes, no scratch left."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic
from test_shapes import BUNDLED

from loaders.errors import SourceError
from service.gate.validation import validate
from service.pipeline.build import build_release
from service.pipeline.release_writer import BUILD_WORKERS, build_documents, parse_and_build
from service.store.graphs import graph_iri
from service.store.releases import current_release, open_read_only

BASE = "https://w3id.org/gkg/"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("store")
    build_release([BUNDLED], root)
    return root


def named_graph(root: Path, name: str) -> rdflib.Graph:
    store = open_read_only(current_release(root))
    graph = pyoxigraph.NamedNode(graph_iri(BASE, name))
    dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
    return rdflib.Graph().parse(data=dump.decode("utf-8"), format="nt")


def as_oxigraph_stores_it(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph after a round trip through Oxigraph (which keeps literals in canonical form,
    e.g. 0.80 as 0.8): what the build wrote before it loaded triples straight into the store."""
    store = pyoxigraph.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return rdflib.Graph().parse(data=dump.decode("utf-8"), format="nt")


def test_the_data_graph_holds_exactly_the_built_triples(release: Path) -> None:
    from loaders.parsers.document import parse_document
    from loaders.rdf.builder import build_graph

    built = build_graph(parse_document(BUNDLED))
    stored = named_graph(release, "data")
    assert len(stored) == len(built) == 12376
    assert isomorphic(stored, as_oxigraph_stores_it(built))


def test_the_validation_graph_is_the_report_of_the_data(release: Path) -> None:
    from loaders.parsers.document import parse_document
    from loaders.rdf.builder import build_graph

    report = validate(build_graph(parse_document(BUNDLED))).report_graph
    assert isomorphic(named_graph(release, "validation"), report)
    assert (
        (release / "current" / "validation.txt")
        .read_text("utf-8")
        .startswith("Validation: conforms (0 violations, 82 warnings, 0 infos)")
    )


STORE_ROOT = [".build.lock", "cache", "current", "releases"]  # lock, parse cache, releases


def test_no_scratch_files_are_left_in_the_store_root(release: Path) -> None:
    assert sorted(path.name for path in release.iterdir()) == STORE_ROOT


def test_documents_are_parsed_in_parallel_processes_and_kept_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(BUILD_WORKERS, "2")
    spool = io.BytesIO()
    arguments = [(BUNDLED, "https://example.org/a/"), (BUNDLED, "https://example.org/b/")]
    documents, triples = build_documents(
        [BUNDLED, BUNDLED], "", spool, lambda m: None, build=built_where, arguments=arguments
    )
    assert triples == 2 * 12376
    assert [d.source.sha256[:8] for d in documents] == ["cd1d8d85", "cd1d8d85"]
    text = spool.getvalue().decode("utf-8")
    assert text.index("<https://example.org/a/") < text.index("<https://example.org/b/")
    pids = {int(line.split()[2].strip('"')) for line in text.splitlines() if "urn:pid" in line}
    assert len(pids) == 2 and os.getpid() not in pids


def test_a_bad_document_parsed_in_another_process_names_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUILD_WORKERS, "2")
    bad = tmp_path / "prose.txt"
    bad.write_bytes(b"Een brief.\nGeen module.\n")
    with pytest.raises(SourceError, match=r"prose\.txt, line 2: no guideline module found"):
        build_documents([BUNDLED, bad], BASE, io.BytesIO(), lambda m: None)


def test_a_refused_build_leaves_no_release_and_no_scratch(release: Path, tmp_path: Path) -> None:
    bad = tmp_path / "prose.txt"
    bad.write_bytes(b"Een brief.\nGeen module.\n")
    before = current_release(release)
    with pytest.raises(SourceError):
        build_release([bad], release)
    assert current_release(release) == before
    assert sorted(path.name for path in release.iterdir()) == STORE_ROOT


def test_a_build_refused_by_shacl_leaves_no_release_and_no_scratch(
    release: Path, tmp_path: Path
) -> None:
    from service.pipeline.build import BuildRefused

    broken = tmp_path / "broken.txt"
    text = BUNDLED.read_text("utf-8")
    broken.write_text(text.replace("(95%BI: 92–98%)", "(95%BI: 98–92%)", 1), "utf-8")
    before = current_release(release)
    with pytest.raises(BuildRefused, match="1 SHACL violation"):
        build_release([broken], release)
    assert current_release(release) == before
    assert sorted(path.name for path in release.iterdir()) == STORE_ROOT


def built_where(source: Path, base_iri: str) -> tuple[object, bytes, int]:
    """`parse_and_build`, plus a triple naming the process that did it."""
    document, text, count = parse_and_build(source, base_iri)
    return document, text + f'<urn:pid> <urn:pid> "{os.getpid()}" .\n'.encode(), count


def test_current_release_follows_each_new_link_and_a_removed_release(tmp_path) -> None:  # noqa: ANN001
    root = tmp_path / "store"
    first, second = root / "releases" / "r1", root / "releases" / "r2"
    first.mkdir(parents=True)
    second.mkdir()
    (root / "current").symlink_to(Path("releases") / "r1")
    assert current_release(root) == first.resolve()
    assert current_release(root) == first.resolve()  # the remembered resolution
    os.replace(_link_to(root, "r2"), root / "current")
    assert current_release(root) == second.resolve()
    shutil.rmtree(second)
    assert current_release(root) is None
    (root / "current").unlink()
    assert current_release(root) is None
    first.rename(root / "current")  # a directory in the link's place
    assert current_release(root) == (root / "current").resolve()


def _link_to(root: Path, name: str) -> Path:
    temporary = root / ".current.new"
    temporary.symlink_to(Path("releases") / name)
    return temporary
