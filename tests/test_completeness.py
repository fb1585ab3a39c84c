"""Completeness checks (loaders.completeness) on documents laid out unlike the bundled one.

The fixture `plain-contents.txt` has a contents page of plain lines with dot leaders and
page numbers, no margin numbers, no emphasis, two guidelines and a module per guideline.
Cut, repeated and damaged variants are made from it line by line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.completeness import KINDS, Gap, IncompleteSource, check_modules, check_outline
from loaders.parsers.document import parse_document
from loaders.parsers.sections import split_sections
from loaders.parsers.text import clean_lines
from loaders.records import Module, Span

FIXTURE = Path(__file__).parent / "data" / "completeness" / "plain-contents.txt"
LINES = FIXTURE.read_text("utf-8").splitlines()


def outline(lines: list[str]) -> list[Gap]:
    return check_outline(split_sections(clean_lines(lines)), len(lines))


def line_of(text: str, lines: list[str] = LINES) -> int:
    """1-based number of the first line that is exactly `text`."""
    return lines.index(text) + 1


def test_the_complete_fixture_has_no_gaps_and_parses_whole(tmp_path: Path) -> None:
    assert outline(LINES) == []
    document = parse_document(FIXTURE)
    assert [module.number for module in document.modules] == ["2.1", "4.2"]
    assert check_modules(document.modules) == []


def test_a_cut_after_the_first_module_names_what_the_contents_page_still_lists() -> None:
    cut = LINES[: line_of("Startpagina richtlijn Longembolie") - 1]
    gaps = outline(cut)
    assert [(gap.kind, gap.line) for gap in gaps] == [("missing-section", len(cut))]
    assert gaps[0].message == (
        f"the file ends at line {len(cut)}, before the 3 sections its table of contents "
        "(line 4) lists next: 'Startpagina richtlijn Longembolie', 'Verantwoording module 4.2 "
        "Trombolyse', 'Module 4.2 Trombolyse bij longembolie'; it seems cut off"
    )


def test_a_section_missing_in_the_middle_is_named_at_its_contents_line() -> None:
    first = line_of("Startpagina richtlijn Longembolie")
    hole = LINES[: first - 1] + LINES[first + 2 :]  # its start page and two lines of it
    gaps = outline(hole)
    assert [(gap.kind, gap.line) for gap in gaps] == [("missing-section", 9)]
    assert "lists 'Startpagina richtlijn Longembolie' but the document has no" in gaps[0].message


def test_a_cut_inside_the_contents_page_is_a_cut() -> None:
    cut = LINES[:6]
    gaps = outline(cut)
    assert [(gap.kind, gap.line) for gap in gaps] == [("missing-section", 6)]
    assert "before the 2 sections" in gaps[0].message


def test_the_document_twice_is_a_repeated_document() -> None:
    gaps = outline(LINES + LINES)
    assert gaps[0] == Gap(
        "repeated-document",
        len(LINES) + 4,
        f"the document repeats itself: its table of contents appears 2 times (lines 4, "
        f"{len(LINES) + 4}), so the file holds the same document more than once",
    )
    repeated = {gap.message.split("'")[1] for gap in gaps if gap.kind == "repeated-section"}
    assert repeated == {
        "Samenstelling van het cluster",
        "Startpagina richtlijn Longkanker",
        "Verantwoording module 2.1 Screening met lage-dosis CT",
        "Module 2.1 Screening met lage-dosis CT",
        "Startpagina richtlijn Longembolie",
        "Verantwoording module 4.2 Trombolyse",
        "Module 4.2 Trombolyse bij longembolie",
    }


def test_one_module_pasted_twice_is_a_repeated_section() -> None:
    start = line_of("Module 4.2 Trombolyse bij longembolie")
    module = LINES[start - 1 :]
    gaps = outline(LINES + module)
    assert [(gap.kind, gap.line, gap.module) for gap in gaps] == [
        ("repeated-section", len(LINES) + 1, "4.2")
    ]
    assert gaps[0].message == (
        f"the section 'Module 4.2 Trombolyse bij longembolie' appears 2 times (lines {start}, "
        f"{len(LINES) + 1}): part of the document is repeated"
    )


def test_the_same_module_number_under_two_guidelines_is_not_a_repeat() -> None:
    renumbered = [line.replace("4.2", "2.1") for line in LINES]
    assert outline(renumbered) == []


@pytest.mark.parametrize(
    ("last", "cut"),
    [
        ("Trombolyse verlaagt de sterfte (Pieters, 2021).", False),
        ("Pieters B. Trombolyse bij longembolie. BMJ. 2021;372:n1-n9.", False),
        ("Pieters B. Trombolyse. Te raadplegen via <https://example.org/trombolyse>", False),
        ("Pieters B. Trombolyse. Te raadplegen via https://example.org/trombolyse", False),
        ("Pieters B. Trombolyse. BMJ. 2021;372", False),
        ("Pieters 2021\tRCT\t120 patiënten\tsterfte lager", False),
        ("Pieters B. Trombolyse bij longem", True),
        ("Pieters B. Trombolyse. Te raadplegen via <https://example.org/tromb", True),
        ("Trombolyse verlaagt de sterfte (Pieters,", True),
    ],
)
def test_a_last_line_that_stops_mid_sentence_is_a_cut(last: str, cut: bool) -> None:
    lines = [*LINES[:-1], last]
    gaps = outline(lines)
    assert [(gap.kind, gap.line, gap.module) for gap in gaps] == (
        [("cut-mid-sentence", len(lines), "4.2")] if cut else []
    )


def test_a_document_without_contents_page_is_checked_for_its_end_only() -> None:
    body = LINES[line_of("Samenstelling van het cluster") - 1 :]
    assert outline(body) == []
    assert [gap.kind for gap in outline(body[:-3])] == ["cut-mid-sentence"]


def test_modules_missing_their_parts() -> None:
    document = parse_document(FIXTURE)
    first, second = document.modules
    second.references = []
    second.considerations = []
    first.declarations = []
    gaps = check_modules(document.modules)
    assert gaps == [
        Gap(
            "missing-part",
            first.span.last,
            "module 2.1 has no declarations of interest ('Belangenverklaringen'): it seems cut off",
            "2.1",
        ),
        Gap(
            "missing-part",
            second.span.last,
            "module 4.2 has no considerations ('Overwegingen') and literature list "
            "('Literatuur'): it seems cut off",
            "4.2",
        ),
    ]


def test_accountability_is_expected_only_where_the_document_gives_it_per_module() -> None:
    document = parse_document(FIXTURE)
    first, second = document.modules
    second.accountability_span = None
    second.memberships, second.declarations = [], []
    (gap,) = check_modules(document.modules)
    assert (gap.module, gap.message) == (
        "4.2",
        "module 4.2 has no accountability ('Verantwoording module N'), panel ('Samenstelling') "
        "and declarations of interest ('Belangenverklaringen'): it seems cut off",
    )
    first.accountability_span = None
    first.memberships, first.declarations = [], []
    assert check_modules(document.modules) == []


def test_a_module_with_only_its_accountability_has_no_text() -> None:
    span = Span(10, 20)
    module = Module("3.1", "Iets", "", span, accountability_span=span)
    (gap,) = check_modules([module])
    assert gap == Gap(
        "missing-part",
        20,
        "module 3.1 has its accountability section (from line 10) but no module text "
        "'Module 3.1 ...': the file seems cut off",
        "3.1",
    )


def test_parse_document_refuses_in_one_paragraph_or_records_with_allow_partial(
    tmp_path: Path,
) -> None:
    end = len(LINES) - 1  # the last module's literature list is cut off after its heading
    assert LINES[end - 1] == "Literatuur"
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(LINES[:end]) + "\n", "utf-8")
    with pytest.raises(IncompleteSource) as refused:
        parse_document(cut)
    assert str(refused.value) == (
        f"{cut}, line {end}: the document stops in the middle of a sentence ('…Literatuur'): "
        "it seems cut off. Nothing was published; 'gkg build --allow-partial' publishes it "
        "anyway with these findings recorded"
    )
    # refused on its outline, before the modules are parsed
    assert [gap.kind for gap in refused.value.gaps] == ["cut-mid-sentence"]
    document = parse_document(cut, allow_partial=True)
    recorded = [(p.kind, p.subject_key, p.span.first) for p in document.problems]
    assert [row for row in recorded if row[0] in KINDS] == [
        ("cut-mid-sentence", "4.2", end),
        ("missing-part", "4.2", end),
    ]
    assert document.problems[-1].message == (
        "module 4.2 has no literature list ('Literatuur'): it seems cut off"
    )
