"""The coverage reports of a release: written by `gkg build`, shown by it and on /validation.

Each release keeps `coverage.json` (one report per source document, see
`loaders.coverage`) and `coverage.txt` (the same, to read).  `summary` is what `gkg build`
prints: one line per document and every left-over run and warning, on one screen.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from loaders.coverage import Coverage

COVERAGE_JSON = "coverage.json"
COVERAGE_TEXT = "coverage.txt"
SHOWN_RUNS = 8  # left-over runs per document shown by `gkg build`


def write_coverage(release: Path, reports: list[Coverage]) -> None:
    """Write the reports of a release's documents beside its data."""
    data = {"documents": [report.to_json() for report in reports]}
    (release / COVERAGE_JSON).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    text = "\n\n".join(report.to_text() for report in reports)
    (release / COVERAGE_TEXT).write_text(text + "\n", "utf-8")


def read_coverage(release: Path | None) -> list[dict[str, Any]]:
    """The reports written for a release (none for an older release or a remote store)."""
    if release is None:
        return []
    try:
        data = json.loads((release / COVERAGE_JSON).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return list(data.get("documents", []))


def summary(reports: list[Coverage], details: Path | None = None) -> str:
    """One screen: per document its counts, then its left-over runs and warnings."""
    lines = []
    for report in reports:
        lines.append(report.summary())
        leftovers = report.leftovers
        for run in leftovers[:SHOWN_RUNS]:
            lines.append(f"  left over, {run.where()} [{run.section}]: {run.text}")
        if len(leftovers) > SHOWN_RUNS:
            lines.append(f"  ... and {len(leftovers) - SHOWN_RUNS} more left-over runs")
        lines += [f"  warning: {warning}" for warning in report.warnings]
    left = sum(report.counts.get("left over", 0) for report in reports)
    total = sum(report.total for report in reports)
    lines.append(
        f"coverage: {len(reports)} document(s), {left} of {total} lines or blocks left over"
        + (f"; details in {details}" if details else "")
    )
    return "\n".join(lines)
