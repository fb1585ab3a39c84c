"""Loss is never silent: the coverage report of each document, in `gkg build` and /validation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_truth import CORPUS, EXPECTED, HIP, SCREENING
from flask import Flask

from loaders import load
from loaders.coverage import coverage_of
from service.app import create_app
from service.pipeline.build import BUNDLED_SOURCE
from service.store.releases import current_release


def test_the_bundled_document_has_no_unexplained_line() -> None:
    report = coverage_of(load(BUNDLED_SOURCE))
    assert report.total == 1183 and report.unit == "line"
    assert report.counts == {
        "parsed": 516,
        "reported": 2,
        "heading": 104,
        "blank": 489,
        "skipped": 72,
        "left over": 0,
    }
    assert report.leftovers == [] and report.warnings == []
    runs = {(run.status, run.first, run.last, run.reason) for run in report.runs}
    assert ("skipped", 68, 79, "table of contents") in runs
    assert ("reported", 316, 317, "named by a data-quality finding") in runs  # other modules' rows
    assert (
        "skipped",
        170,
        181,
        "guideline start page: information for patients (not modelled)",
    ) in runs
    sections = {section.section: section.counts for section in report.sections}
    assert sections["module 6.1 Autologe vettransplantatie bij borstreconstructie na ablatio"] == {
        "heading": 15,
        "blank": 46,
        "parsed": 38,
    }


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda path: path.name)
def test_no_fixture_leaves_a_line_unexplained(path: Path) -> None:
    report = coverage_of(load(path))
    assert report.leftovers == [] and report.warnings == []
    assert sum(report.counts.values()) == report.total


def test_an_html_page_is_counted_in_blocks_with_its_chrome_skipped() -> None:
    report = coverage_of(load(SCREENING))
    assert (report.unit, report.total) == ("block", 66)
    skipped = [(run.first, run.reason) for run in report.runs if run.status == "skipped"]
    assert skipped[:5] == [
        (12, "page navigation, header and footer"),
        (17, "breadcrumb trail: only the guideline is read from it"),
        (19, "breadcrumb trail: only the guideline is read from it"),
        (25, "module page details before its first part (dates)"),
        (29, "page navigation, header and footer"),
    ]


def test_text_the_parsers_do_not_read_is_left_over_with_its_lines(tmp_path: Path) -> None:
    text = HIP.read_text("utf-8")
    question = "worden geopereerd?\n"
    assert text.count(question) == 1 and text.count("\nLiteratuur\n1. Huisman") == 1
    lossy = text.replace(
        question, question + "\nKennislacune\nOver patiënten met antistolling is weinig bekend.\n"
    )
    lossy = lossy[: lossy.index("\nLiteratuur\n1. Huisman")] + "\n"  # no reference list
    path = tmp_path / "lossy.txt"
    path.write_text(lossy, "utf-8")
    report = coverage_of(load(path, allow_partial=True))  # it has no reference list
    assert [(r.first, r.last, r.section, r.text) for r in report.leftovers] == [
        (53, 54, "module 3.1 Tijdstip van de operatie", "Kennislacune")
    ]
    assert report.warnings == [
        "module proximale-femurfracturen/vroege-mobilisatie: no reference was read"
    ]


def gkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("coverage-store")
    result = gkg("build", str(BUNDLED_SOURCE), str(CORPUS), "--store", str(root), "--quiet")
    assert result.returncode == 0, result.stderr
    return root, result.stdout


def test_gkg_build_prints_a_one_screen_summary(corpus_store: tuple[Path, str]) -> None:
    root, stdout = corpus_store
    lines = stdout.splitlines()
    assert len(lines) <= 24
    assert lines[0] == (
        "borstkanker-cluster-3a-2026.txt: 1183 lines (516 parsed, 2 reported, 104 heading, "
        "489 blank, 72 skipped); 3 modules, 5 questions, 4 recommendations, 17 statements, "
        "30 considerations, 36 references, 47 citations, 86 findings, 48 people, "
        "109 memberships, 49 declarations, 57 problems"
    )
    assert (
        f"coverage: 6 document(s), 0 of 1644 lines or blocks left over; details in "
        f"{root / 'current' / 'coverage.txt'}"
    ) in lines
    release = current_release(root)
    reports = json.loads((release / "coverage.json").read_text("utf-8"))["documents"]
    assert [Path(r["path"]).name for r in reports] == [
        "borstkanker-cluster-3a-2026.txt",
        "colorectal-cancer-en.txt",
        "heupfractuur-2019.txt",
        "longkanker-cluster-2025.txt",
        "duur-behandeling-bisfosfonaten.html",
        "screening-na-fractuur.html",
    ]
    assert "lines 68-79 [toc] table of contents: Inhoudsopgave" in (
        release / "coverage.txt"
    ).read_text("utf-8")


def test_the_validation_page_shows_the_coverage(corpus_store: tuple[Path, str]) -> None:
    app: Flask = create_app({"GKG_STORE": corpus_store[0], "TESTING": True})
    try:
        html = app.test_client().get("/validation?lang=en").get_data(as_text=True)
    finally:
        backend = app.extensions.get("gkg.backend")
        if backend is not None:
            backend.close()
    assert '<h2 id="coverage-h">Coverage of the sources</h2>' in html
    assert (
        '<td>screening-na-fractuur.html <span class="muted">(html-page)</span></td>'
        "<td>66 blocks</td><td>25</td><td>0</td><td>23</td><td>0</td><td>18</td><td>0</td>"
    ) in html
    assert "[toc] table of contents: <q>Inhoudsopgave</q>" in html
