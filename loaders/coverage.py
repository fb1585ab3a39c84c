"""Loss is never silent: every line of a document accounted for, and what is missing said.

A document's coverage sorts each line (or, for an HTML page, each text block) into one of:

- parsed: inside a record (a question, a recommendation, a reference, a panel member, ...);
- reported: a data-quality finding names it (a table row that belongs to another module);
- heading: a section, part or table heading the parsers used to find their way;
- blank: empty, or only page furniture (margin numbers, table rules);
- skipped: in a part the graph does not model, with the reason (the table of contents,
  a guideline's 'Voor wie is deze richtlijn bedoeld?', a module's search strategy);
- left over: anything else: text the parsers did not read where they should have.

Left-over lines are listed in runs with their section, part and first words; warnings say
which parts every module has (question, recommendation, panel, references) came out empty.

    >>> from pathlib import Path
    >>> from loaders import load
    >>> report = coverage_of(load(Path("tests/data/corpus/heupfractuur-2019.txt")))
    >>> report.counts["left over"], report.warnings
    (0, [])
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from loaders.layout import Layout, Region
from loaders.parsers.declarations import is_declaration_header
from loaders.parsers.module_body import _SUB_INTRO
from loaders.parsers.text import Line
from loaders.records import Document, Span

STATUSES = ("parsed", "reported", "heading", "blank", "skipped", "left over")
SKIPPED_SECTIONS = {
    "front": "front matter (title page, colophon): only the cluster, cycle and funding are read",
    "toc": "table of contents",
    "chrome": "page navigation, header and footer",
    "breadcrumb": "breadcrumb trail: only the guideline is read from it",
}
SKIPPED_PARTS = {
    ("guideline", ""): "guideline start page: introduction",
    ("guideline", "audience"): "guideline start page: audience (not modelled)",
    ("guideline", "patients"): "guideline start page: information for patients (not modelled)",
    ("guideline", "apply"): "guideline start page: how to apply it (not modelled)",
    ("guideline", "history"): "guideline start page: history (not modelled)",
    ("guideline", "maintenance"): "guideline start page: maintenance (not modelled)",
    ("composition", ""): "introduction of the cluster composition",
    ("module", ""): "module page details before its first part (dates)",
    ("module", "background"): "background of the module (not modelled)",
    ("module", "evidence"): "introduction of the evidence ('Onderbouwing', not modelled)",
    ("module", "search"): "search and selection of the literature (not modelled)",
    ("module", "summary"): "literature summary: read for figures and citations, text not kept",
    ("module", "conclusions"): "text between the conclusions",
    ("accountability", ""): "introduction of the accountability section",
    ("accountability", "initiative"): "initiative heading",
    ("accountability", "composition"): "introduction of the panel list",
    ("accountability", "declarations"): "introduction of the declarations of interest",
    ("accountability", "wkkgz"): "introduction of the Wkkgz assessment",
    ("accountability", "other"): "accountability details (dates, methods; not modelled)",
}
# parts every module has: warn when nothing was read from them
REQUIRED_PARTS = (
    ("question", "no clinical question", lambda m: m.questions),
    ("recommendations", "no recommendation", lambda m: m.recommendations),
    ("panel", "no panel member", lambda m: m.memberships),
    ("references", "no reference", lambda m: m.references),
)
_UNREPORTED_PROBLEMS = re.compile(r"^(?:missing|empty)-")


@dataclass
class Run:
    """Consecutive lines with the same status and reason, in one section."""

    status: str
    reason: str
    section: str
    first: int
    last: int
    lines: int
    text: str  # the first words of the run

    def where(self) -> str:
        return (
            f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"
        )


@dataclass
class SectionCoverage:
    section: str
    first: int
    last: int
    counts: dict[str, int]


@dataclass
class Coverage:
    """The coverage report of one document."""

    path: str
    format: str
    unit: str  # line | block
    total: int
    counts: dict[str, int]
    records: dict[str, int]
    sections: list[SectionCoverage] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # skipped, reported and left over
    warnings: list[str] = field(default_factory=list)

    @property
    def leftovers(self) -> list[Run]:
        return [run for run in self.runs if run.status == "left over"]

    def to_json(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One line: what share was read, what is left over, how many warnings."""
        name = PurePath(self.path).name
        parts = ", ".join(f"{self.counts[s]} {s}" for s in STATUSES if self.counts.get(s))
        records = ", ".join(f"{n} {kind}" for kind, n in self.records.items() if n)
        warning = f"; {len(self.warnings)} warning(s)" if self.warnings else ""
        return f"{name}: {self.total} {self.unit}s ({parts}); {records}{warning}"

    def to_text(self) -> str:
        """The full report: sections, runs not parsed (with their reason) and warnings."""
        lines = [self.summary(), ""]
        for section in self.sections:
            counts = ", ".join(
                f"{section.counts[s]} {s}" for s in STATUSES if section.counts.get(s)
            )
            lines.append(f"  {section.section} (lines {section.first}-{section.last}): {counts}")
        for status in ("left over", "reported", "skipped"):
            runs = [run for run in self.runs if run.status == status]
            if runs:
                lines.append(f"\n  {status}:")
                lines += [f"    {r.where()} [{r.section}] {r.reason}: {r.text}" for r in runs]
        if self.warnings:
            lines.append("\n  warnings:")
            lines += [f"    {warning}" for warning in self.warnings]
        return "\n".join(lines)


def coverage_of(document: Document) -> Coverage:
    """The coverage report of a parsed document (see the module docstring)."""
    layout: Layout = _real_lines(document.layout)
    parsed = _parsed_lines(document)
    reported = _reported_lines(document)
    statuses = [
        _status(index, line, region, layout, parsed, reported)
        for index, (line, region) in enumerate(zip(layout.lines, layout.regions, strict=True))
    ]
    counts = Counter(status for status, _ in statuses)
    return Coverage(
        path=document.source.path,
        format=document.source.format,
        unit=layout.unit,
        total=len(layout.lines),
        counts={status: counts.get(status, 0) for status in STATUSES},
        records=record_counts(document),
        sections=_sections(layout, statuses),
        runs=_runs(layout, statuses),
        warnings=_warnings(document),
    )


def _real_lines(layout: Layout) -> Layout:
    """A page's blocks without the blank lines the reader put between them."""
    if layout.unit == "line":
        return layout
    kept = [i for i, line in enumerate(layout.lines) if line.raw]
    renumbered = {old: new for new, old in enumerate(kept)}
    return Layout(
        [layout.lines[i] for i in kept],
        [layout.regions[i] for i in kept],
        {renumbered[i] for i in layout.headings if i in renumbered},
        layout.unit,
    )


def record_counts(document: Document) -> dict[str, int]:
    """How many records of each kind the document gave."""
    modules = document.modules
    return {
        "modules": len(modules),
        "questions": sum(len(m.questions) for m in modules),
        "recommendations": sum(len(m.recommendations) for m in modules),
        "statements": sum(len(r.statements) for m in modules for r in m.recommendations),
        "tables": sum(len(r.tables) for m in modules for r in m.recommendations),
        "considerations": sum(len(m.considerations) for m in modules),
        "conclusions": sum(len(m.conclusions) for m in modules),
        "references": sum(len(m.references) for m in modules),
        "citations": sum(len(m.citations) for m in modules),
        "findings": sum(len(m.findings) for m in modules),
        "people": len(document.people),
        "memberships": len(document.memberships) + sum(len(m.memberships) for m in modules),
        "declarations": sum(len(m.declarations) for m in modules),
        "problems": len(document.problems),
    }


def _spans(document: Document) -> list[Span]:
    spans: list[Span] = []
    if document.cluster:
        spans.append(document.cluster.span)
    for guideline in document.guidelines:
        if guideline.description_span:
            spans.append(guideline.description_span)
        if document.source.format != "text-export":
            spans.append(guideline.span)
    spans += [m.span for m in document.memberships]
    for module in document.modules:
        spans += [q.span for q in module.questions]
        spans += [r.span for r in module.recommendations]
        spans += [c.span for c in module.considerations]
        spans += [c.span for c in module.conclusions]
        spans += [r.span for r in module.references]
        spans += [m.span for m in module.memberships]
        spans += [d.span for d in module.declarations]
        if module.evidence_quality:
            spans.append(module.evidence_quality.span)
            spans += [d.span for d in module.evidence_quality.downgrades]
        if module.wkkgz:
            spans.append(module.wkkgz.span)
        if module.initiative_span:
            spans.append(module.initiative_span)
    return [span for span in spans if not span.source]


def _parsed_lines(document: Document) -> set[int]:
    return {n for span in _spans(document) for n in range(span.first, span.last + 1)}


def _reported_lines(document: Document) -> set[int]:
    return {
        n
        for problem in document.problems
        if not _UNREPORTED_PROBLEMS.match(problem.kind) and not problem.span.source
        for n in range(problem.span.first, problem.span.last + 1)
    }


def _status(
    index: int, line: Line, region: Region, layout: Layout, parsed: set[int], reported: set[int]
) -> tuple[str, str]:
    if not line.text or line.is_table_rule:
        return "blank", ""
    if region.section in SKIPPED_SECTIONS and line.number not in parsed:
        return "skipped", SKIPPED_SECTIONS[region.section]
    if index in layout.headings:
        return "heading", ""
    if line.number in parsed:
        return "parsed", ""
    if line.is_table_row and is_declaration_header(line.cells):
        return "heading", ""
    if line.number in reported:
        return "reported", "named by a data-quality finding"
    if region.part == "question" and _SUB_INTRO.search(line.text):
        return "heading", ""
    if region.section == "accountability" and region.part == "wkkgz" and line.is_table_row:
        return "heading", ""  # the Wkkgz table's own header row
    reason = SKIPPED_PARTS.get((region.section, region.part))
    if reason:
        return "skipped", reason
    return "left over", f"not read ({region.part or 'no part'})"


def _sections(layout: Layout, statuses: list[tuple[str, str]]) -> list[SectionCoverage]:
    sections: list[SectionCoverage] = []
    for line, region, (status, _) in zip(layout.lines, layout.regions, statuses, strict=True):
        name = " ".join(part for part in (region.section, region.title) if part)
        if not sections or sections[-1].section != name:
            sections.append(SectionCoverage(name, line.number, line.number, {}))
        section = sections[-1]
        section.last = line.number
        section.counts[status] = section.counts.get(status, 0) + 1
    return sections


def _runs(layout: Layout, statuses: list[tuple[str, str]]) -> list[Run]:
    runs: list[Run] = []
    previous = ("", "")
    for line, region, (status, reason) in zip(layout.lines, layout.regions, statuses, strict=True):
        if status == "blank":
            continue
        follows, previous = previous == (status, reason), (status, reason)
        if status not in ("skipped", "reported", "left over"):
            continue
        section = " ".join(part for part in (region.section, region.title) if part)
        last = runs[-1] if runs else None
        if (
            follows
            and last
            and (last.status, last.reason, last.section) == (status, reason, section)
        ):
            last.last, last.lines = line.number, last.lines + 1
            continue
        text = " ".join(line.text.split()[:8])
        runs.append(Run(status, reason, section, line.number, line.number, 1, text))
    return runs


def _warnings(document: Document) -> list[str]:
    warnings = []
    for module in document.modules:
        for _, what, records in REQUIRED_PARTS:
            if not records(module):
                warnings.append(f"module {module.key}: {what} was read")
    return warnings
