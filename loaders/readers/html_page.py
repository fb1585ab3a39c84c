"""A module page of the guideline site (Richtlijnendatabase), saved as HTML.

One page is one module: its title (`h1`), the guideline it belongs to (the breadcrumb
trail, else the page title 'Module - Guideline - Site'), and sections under `h2`
headings: 'Uitgangsvraag', 'Aanbeveling', 'Overwegingen', 'Onderbouwing' (with
'Achtergrond', 'Conclusies', 'Samenvatting literatuur', 'Zoeken en selecteren'),
'Referenties' and 'Verantwoording' (initiative, panel, declarations of interest).
The page becomes text blocks (`html_blocks`), the sections the same `Section`s a text
export has, and the same parsers read them: the records are the same whatever the format.
Each record's lines are lines of the HTML file; `Document.locations` gives the element.

    >>> from pathlib import Path
    >>> page = read(Path("tests/data/corpus/osteoporose-html/screening-na-fractuur.html"))
    >>> page.source.format, [module.key for module in page.modules]
    ('html-page', ['osteoporose-en-fractuurpreventie/screening-op-osteoporose-na-een-fractuur'])
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from loaders.completeness import as_problems, check_modules, refuse
from loaders.errors import SourceError
from loaders.layout import Layout, Region, text_layout
from loaders.memo import forget
from loaders.parsers.accountability import parse_accountability
from loaders.parsers.document import document_language
from loaders.parsers.module_body import parse_module_body
from loaders.parsers.people import PeopleRegistry
from loaders.parsers.sections import Section
from loaders.parsers.text import Line, strip_markup
from loaders.readers.html_blocks import Block, Page, read_blocks
from loaders.records import Document, Guideline, Module, Problem, SourceInfo, Span
from loaders.slugs import module_slug, slugify

_ACCOUNTABILITY = re.compile(r"^(?:Verantwoording|Accountability|Justification)$", re.I)
_NUMBERED_TITLE = re.compile(r"^(?:Module\s+)?(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
_LIST_NUMBER = re.compile(r"^\d+\.\s+")
_HOME = frozenset({"home", "richtlijnendatabase", "start"})


def recognises(head: bytes) -> bool:
    """An HTML document: it starts (after white space) with a doctype or an <html> tag."""
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start


def read(path: Path, *, allow_partial: bool = False) -> Document:
    """The module of one saved page; `SourceError` when the page holds no module.

    A module missing a part every module has is refused (`IncompleteSource`) unless
    `allow_partial`, which records the findings as data-quality problems.
    """
    forget()  # memos of the document read before
    data = _bytes(path)
    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(str(path), line, "the page is not UTF-8 text") from None
    page = read_blocks(html.removeprefix("\ufeff"))
    blocks = [block for block in page.blocks for _ in (0, 1)]  # each block, then a blank line
    lines = [_line(block) if i % 2 == 0 else _blank(block) for i, block in enumerate(blocks)]
    content = [line for line, block in zip(lines, blocks, strict=True) if block.region == "content"]
    titles = [
        line
        for line, block in zip(lines, blocks, strict=True)
        if block.heading == 1 and block.region == "content" and line.text
    ]
    heading = titles[0] if titles else None
    if heading is None:
        raise SourceError(str(path), 1, "the page has no title (h1), so it holds no module")
    module_section, accountability = _sections(content, heading, page)
    if not any(line.text for line in module_section.lines[1:]):
        raise SourceError(str(path), heading.number, "the page has no module text under its title")
    guideline = _guideline(page, lines[::2], path)
    module = Module(
        number=module_section.number,
        title=module_section.title,
        guideline_key=guideline.key,
        span=module_section.span,
        slug="" if module_section.number else module_slug(module_section.title),
    )
    guideline.module_keys.append(module.key)
    registry = PeopleRegistry()
    problems: list[Problem] = []
    if accountability is not None:
        module.accountability_span = accountability.span
        problems.extend(parse_accountability(accountability, module, registry))
    problems.extend(parse_module_body(module_section, module))
    gaps = check_modules([module])
    if not allow_partial:
        refuse(str(path), gaps)
    problems.extend(as_problems(gaps))
    problems.extend(registry.problems())
    source = SourceInfo(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        line_count=page.line_count,
        title=page.title,
        format="html-page",
        address=page.canonical,
    )
    sections = [module_section] + ([accountability] if accountability else [])
    return Document(
        source=source,
        cluster=None,
        guidelines=[guideline],
        modules=[module],
        people=registry.people(),
        organisations=registry.organisations(),
        memberships=[],
        problems=problems,
        language=page.language or document_language(content),
        locations=_locations(page.blocks),
        layout=_layout(lines, blocks, sections),
    )


def _bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(str(path), 0, f"cannot read the file: {error.strerror}") from None
    if not data.strip():
        raise SourceError(str(path), 1, "the file is empty")
    return data


def _blank(block: Block) -> Line:
    """The end of a block: a blank line, so that two blocks never read as one paragraph."""
    return Line(block.line, "", "")


def _line(block: Block) -> Line:
    text = block.text
    if block.region == "breadcrumb":
        text = _LIST_NUMBER.sub("", text)
    if "\t" in text:
        return Line(block.line, text, strip_markup(text.replace("\t", " ")))
    return Line(block.line, text, strip_markup(text), bullet=block.bullet)


def _sections(content: list[Line], heading: Line, page: Page) -> tuple[Section, Section | None]:
    """The module text (from the title) and its 'Verantwoording' (from that heading)."""
    start = content.index(heading)
    body = content[start + 1 :]
    at = next((i for i, line in enumerate(body) if _ACCOUNTABILITY.match(line.text)), None)
    module_lines = [heading, *(body if at is None else body[:at])]
    numbered = _NUMBERED_TITLE.match(heading.text)
    number, title = (numbered["number"], numbered["title"]) if numbered else ("", heading.text)
    module = Section("module", module_lines, number, title)
    if at is None:
        return module, None
    return module, Section("accountability", body[at:], number, title)


def _guideline(page: Page, lines: list[Line], path: Path) -> Guideline:
    """The guideline named by the breadcrumb trail (the item before the page's own), else by
    the page title ('Module - Guideline - Site'), else by the file's folder."""
    trail = [
        (line, block)
        for line, block in zip(lines, page.blocks, strict=True)
        if block.region == "breadcrumb" and line.text.lower() not in _HOME
    ]
    if len(trail) >= 2:
        line = trail[-2][0]
        return Guideline(slugify(line.text), line.text, Span(line.number, line.number))
    parts = [part.strip() for part in re.split(r"\s+[-|–]\s+", page.title) if part.strip()]
    title = parts[1] if len(parts) >= 3 else path.parent.name
    return Guideline(slugify(title), title, Span(1, 1))


def _locations(blocks: list[Block]) -> dict[int, str]:
    """The element of the first block on each line of the file."""
    found: dict[int, str] = {}
    for block in blocks:
        found.setdefault(block.line, block.selector)
    return found


def _layout(lines: list[Line], blocks: list[Block], sections: list[Section]) -> Layout:
    """The text layout of the module's sections, the rest of the page as chrome."""
    layout = text_layout(lines, sections)
    in_sections = {id(line) for section in sections for line in section.lines}
    for index, block in enumerate(blocks):
        if block.region != "content":
            layout.regions[index] = Region(block.region)
        elif id(lines[index]) not in in_sections:
            layout.regions[index] = Region("front")
    layout.unit = "block"
    return layout
