"""`gkg build` on the bundled document cut short or repeated: refused, the store kept.

Cut points land in different parts of the document (its table of contents, an
accountability section, a module's text, the last literature list, its last line); the
repeated documents hold it 2, 3 and 50 times.  Each is refused in one paragraph naming
the file and line, before any RDF is built, and the served release stays as it was.
`--allow-partial` publishes a cut document with its completeness findings recorded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.pipeline.build import BUNDLED_SOURCE
from service.store.releases import current_release, open_read_only, read_release_info

GKG = [sys.executable, "-m", "service.cli"]
DATA = BUNDLED_SOURCE.read_bytes()
DATA_TRIPLES = 12_376  # the bundled document's own triples (the data graph)
DATA_GRAPH = "https://w3id.org/gkg/graph/data"


def gkg_build(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GKG, "build", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def offset(marker: str, fraction: float = 0.0, until: str | None = None) -> int:
    """A byte offset `fraction` of the way from `marker` to `until` (or the end)."""
    start = DATA.index(marker.encode())
    end = DATA.index(until.encode(), start + 1) if until else len(DATA)
    return start + int((end - start) * fraction)


def last_line(data: bytes) -> int:
    """The number of the file's last line (a final line break ends it, starts none)."""
    return len(data.split(b"\n")) - data.endswith(b"\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("completeness-store")
    result = gkg_build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_complete_document_builds_with_all_its_triples(store: Path) -> None:
    info = read_release_info(current_release(store))
    assert info.graphs[DATA_GRAPH] == DATA_TRIPLES
    assert info.completeness == []
    findings = open_read_only(current_release(store)).query(
        "ASK { ?f <https://w3id.org/gkg/ontology#problemKind> ?kind "
        'FILTER (?kind IN ("missing-section", "missing-part", "repeated-section", '
        '"repeated-document", "cut-mid-sentence")) }',
        use_default_graph_as_union=True,
    )
    assert not findings


CUTS = {
    "inside the table of contents": (
        offset("\n5 Inhoudsopgave", 0.4, "\n5 Samenstelling"),
        "the file ends at line {line}, before the 4 sections its table of contents (line 68) "
        "lists next: 'Samenstelling van het cluster', 'Startpagina richtlijn Borstkanker', "
        "'Verantwoording module 10.1.1 Beeldvormende diagnostiek bij oligometas…' and 1 more; "
        "it seems cut off",
    ),
    "in accountability 9.2.3": (
        offset("**Verantwoording module 9.2.3", 0.6, "\n5 Module 9.2.3"),
        "the file ends at line {line}, before the 4 sections its table of contents (line 68) "
        "lists next: 'Module 9.2.3 Lokale behandeling regionale recidieven', 'Startpagina "
        "richtlijn Borstreconstructie', 'Verantwoording module 6.1 Autologe "
        "Vettransplantatie' and 1 more; it seems cut off",
    ),
    "mid module 10.1.1": (
        offset("**Module 10.1.1", 0.5, "**Verantwoording module 9.2.3"),
        "the file ends at line {line}, before the 5 sections its table of contents (line 68) "
        "lists next: 'Verantwoording module 9.2.3 Lokale behandeling regionale recidieven'",
    ),
    "after module 9.2.3, at a line's end": (
        offset("\n5 Startpagina richtlijn Borstreconstructie") + 1,
        "the file ends at line {line}, before the 3 sections its table of contents (line 68) "
        "lists next: 'Startpagina richtlijn Borstreconstructie'",
    ),
    "mid module 6.1": (
        offset("**Module 6.1", 0.5),
        "the document stops in the middle of a sentence ('… keuze sterk samenhangt met "
        "persoonlijke'): it seems cut off",
    ),
    "in the last literature list": (
        len(DATA) - 300,
        "the document stops in the middle of a sentence ('…r for breast reconstruction in "
        "breast ca'): it seems cut off",
    ),
    "just before the end": (
        len(DATA) - 30,
        "the document stops in the middle of a sentence "
        "('…l/documenten/2023/01/01/standpunt-aft-na'): it seems cut off",
    ),
}


@pytest.mark.parametrize("where", list(CUTS))
def test_a_cut_document_is_refused_and_the_store_kept(
    store: Path, tmp_path: Path, where: str
) -> None:
    cut_at, expected = CUTS[where]
    data = DATA[:cut_at]
    source = tmp_path / "cut.txt"
    source.write_bytes(data)
    before = current_release(store)
    result = gkg_build(store, str(source))
    assert result.returncode == 2, result.stderr
    error = result.stderr.splitlines()[-1]
    line = last_line(data)
    assert error.startswith(f"gkg build: error: {source}, line {line}: ")
    assert expected.format(line=line) in error
    assert error.endswith(
        "Nothing was published; 'gkg build --allow-partial' publishes it anyway with these "
        "findings recorded"
    )
    assert "Traceback" not in result.stderr
    assert "building RDF" not in result.stderr  # refused before the costly work
    assert current_release(store) == before
    assert read_release_info(before).graphs[DATA_GRAPH] == DATA_TRIPLES


@pytest.mark.parametrize("copies", [2, 3, 50])
def test_a_repeated_document_is_refused_early_and_the_store_kept(
    store: Path, tmp_path: Path, copies: int
) -> None:
    source = tmp_path / f"repeated-{copies}.txt"
    source.write_bytes(b"\n".join([DATA] * copies))
    before = current_release(store)
    result = gkg_build(store, str(source))
    assert result.returncode == 2, result.stderr
    error = result.stderr.splitlines()[-1]
    second = DATA.count(b"\n") + 1 + 68  # the second table of contents
    lines = f"68, {second}" + (f", {2 * second - 68}" if copies > 2 else "")
    lines += ", …" if copies > 3 else ""
    assert error == (
        f"gkg build: error: {source}, line {second}: the document repeats itself: its table "
        f"of contents appears {copies} times (lines {lines}), so the file holds the same "
        "document more than once (and 9 more findings). Nothing was published; "
        "'gkg build --allow-partial' publishes it anyway with these findings recorded"
    )
    assert "building RDF" not in result.stderr
    assert current_release(store) == before


def test_allow_partial_publishes_with_the_findings_recorded(tmp_path: Path) -> None:
    cut_at, _ = CUTS["mid module 10.1.1"]
    source = tmp_path / "cut.txt"
    source.write_bytes(DATA[:cut_at])
    line = last_line(DATA[:cut_at])
    result = gkg_build(tmp_path / "store", str(source), "--allow-partial")
    assert result.returncode == 0, result.stderr
    assert "3 completeness finding(s)" in result.stdout
    assert f"warning: {source}, line {line}: the file ends at line {line}" in result.stderr
    release = current_release(tmp_path / "store")
    recorded = json.loads((release / "release.json").read_text("utf-8"))["completeness"]
    assert [(finding["kind"], finding["line"]) for finding in recorded] == [
        ("missing-section", str(line)),
        ("cut-mid-sentence", str(line)),
        ("missing-part", str(line)),
    ]
    assert recorded[2]["message"] == (
        "module 10.1.1 has no literature list ('Literatuur'): it seems cut off"
    )
    kinds = {
        str(row[0].value)
        for row in open_read_only(release).query(
            "SELECT ?kind WHERE { GRAPH <https://w3id.org/gkg/graph/data> { "
            "?f a <https://w3id.org/gkg/ontology#DataQualityFinding> ; "
            "<https://w3id.org/gkg/ontology#problemKind> ?kind } }"
        )
    }
    assert {"missing-section", "cut-mid-sentence", "missing-part"} <= kinds
    report = (release / "validation.txt").read_text("utf-8")
    assert "Source problem (missing-section): the file ends at line" in report
