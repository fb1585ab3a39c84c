"""`gkg validate`: inputs (RDF files, source documents, stores), formats and exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from service.cli import main
from service.store import releases as stores

SHAPES = Path(__file__).parent / "data" / "shapes"
VALID = SHAPES / "recommendation-valid.ttl"
BROKEN = SHAPES / "recommendation-without-strength.ttl"
DATA_GRAPH = "https://w3id.org/gkg/graph/data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["validate", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_conforming_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(VALID))
    assert status == 0
    assert out.startswith("Validation: conforms")


def test_violation_exits_one_and_names_shape_focus_and_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, str(BROKEN))
    assert status == 1
    assert "does NOT conform" in out
    assert "[Violation] gkgsh:RecommendationShape" in out
    assert "    - en: " in out and "      nl: " in out


def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "json", str(BROKEN))
    report = json.loads(out)
    assert status == 1
    assert report["conforms"] is False
    assert report["counts"]["violations"] == len(
        [r for r in report["results"] if r["severity"] == "Violation"]
    )
    assert {r["constraintComponent"] for r in report["results"]} == {
        str(SH.MinCountConstraintComponent)
    }
    assert all(r["message"]["en"] and r["message"]["nl"] for r in report["results"])


def test_ttl_format_is_a_shacl_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "ttl", str(BROKEN))
    report = Graph().parse(data=out, format="turtle")
    assert status == 1
    assert len(list(report.subjects(SH.resultSeverity, SH.Violation))) >= 1


def test_nquads_file_uses_its_data_graph(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    quads = tmp_path / "dump.nq"
    broken = Graph().parse(BROKEN).serialize(format="nt")
    valid = Graph().parse(VALID).serialize(format="nt")
    lines = [f"{line[:-1]} <{DATA_GRAPH}> ." for line in valid.splitlines() if line.strip()]
    lines += [f"{line[:-1]} <https://w3id.org/gkg/graph/other> ." for line in broken.splitlines()]
    quads.write_text("\n".join(line for line in lines if line.strip()) + "\n", "utf-8")
    status, _, _ = run(capsys, str(quads))
    assert status == 0


def test_store_is_read_from_its_current_release(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    release = stores.new_release_dir(tmp_path, "r1")
    store = pyoxigraph.Store(str(release))
    store.bulk_load(
        Graph().parse(BROKEN).serialize(format="nt", encoding="utf-8"),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        to_graph=pyoxigraph.NamedNode(DATA_GRAPH),
    )
    store.flush()
    del store
    stores.publish_release(tmp_path, release)
    status, out, _ = run(capsys, "--store", str(tmp_path))
    assert status == 1
    assert "gkgsh:RecommendationShape" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/nonexistent/graph.ttl"], "no such file"),
        (["--store", "/nonexistent/store"], "no such store directory"),
        (["README.unknown"], "no such file"),
    ],
)
def test_input_errors_exit_two_with_a_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_unknown_extension_and_bad_turtle_exit_two(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    unknown = tmp_path / "graph.xyz"
    unknown.write_text("", "utf-8")
    bad = tmp_path / "graph.ttl"
    bad.write_text("this is not turtle", "utf-8")
    assert run(capsys, str(unknown))[0] == 2
    status, _, err = run(capsys, str(bad))
    assert status == 2
    assert "not valid turtle" in err


def test_empty_store_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "--store", str(tmp_path))
    assert status == 2
    assert "no published release" in err
