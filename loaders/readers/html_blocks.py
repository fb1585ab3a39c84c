"""A saved HTML page as text blocks: headings, paragraphs, list items and table rows.

Each block becomes a `text.Line` (a table row keeps its cells tab-separated, a list item
is a bullet, an item of a numbered list gets its number), numbered by the line of the
HTML file its element starts on, with a CSS selector that finds the element again.
Scripts and styles carry no text; the page's navigation, header, footer and its list of
tabs are kept apart as `chrome`, the breadcrumb trail as `breadcrumb`.  Only the standard
library's `html.parser` is used; nothing is fetched.

    >>> page = read_blocks('<html><body><main id="m"><h1>Titel</h1><ol><li>Eerste</li>'
    ...                    '<li>Tweede</li></ol><table><tr><td>a</td><td>b<br>c</td></tr>'
    ...                    '</table></main></body></html>')
    >>> [block.text for block in page.blocks]
    ['Titel', '1. Eerste', '2. Tweede', 'a\\tb c']
    >>> page.blocks[2].selector
    '#m > ol:nth-of-type(1) > li:nth-of-type(2)'
    >>> page.blocks[3].selector
    '#m > table:nth-of-type(1) > tr:nth-of-type(1)'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCKS = frozenset("h1 h2 h3 h4 h5 h6 p li dt dd blockquote caption pre figcaption".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
SILENT = frozenset("script style noscript template svg button form select head".split())
CHROME = frozenset("nav header footer aside".split())
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_SPACE = re.compile(r"\s+")


@dataclass
class Block:
    """One block of text: its tag, text (cells tab-separated), HTML line and element."""

    tag: str
    text: str
    line: int
    selector: str
    region: str = "content"  # content | chrome | breadcrumb
    heading: int = 0  # 1..6 for h1..h6
    bullet: bool = False


@dataclass
class Page:
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    canonical: str = ""
    language: str = ""
    line_count: int = 0


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    selector: str
    children: dict[str, int] = field(default_factory=dict)  # tag -> how many seen
    items: int = 0  # list items seen (numbered lists)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[_Element] = []
        self.text: list[str] = []
        self.open: tuple[str, int, str, bool] | None = None  # tag, line, selector, bullet
        self.prefix = ""
        self.row: list[str] | None = None
        self.row_start: tuple[int, str] = (0, "")
        self.cell: list[str] | None = None
        self.in_title = False
        self.skip_depth = 0

    # --- where we are ---------------------------------------------------------------
    def _region(self) -> str:
        for element in self.stack:
            classes = element.attrs.get("class", "").lower()
            label = element.attrs.get("aria-label", "").lower()
            if "breadcrumb" in classes or "kruimel" in label or "breadcrumb" in label:
                return "breadcrumb"
        if any(element.tag in CHROME or _is_tab_list(element) for element in self.stack):
            return "chrome"
        return "content"

    def _selector_for(self, tag: str, attrs: dict[str, str]) -> str:
        if attrs.get("id"):
            return f"#{attrs['id']}"
        if tag in ("html", "body", "main"):
            return "" if tag == "html" else tag
        parent = self.stack[-1] if self.stack else None
        count = parent.children.get(tag, 0) + 1 if parent else 1
        if parent:
            parent.children[tag] = count
        step = f"{tag}:nth-of-type({count})"
        return f"{parent.selector} > {step}" if parent and parent.selector else step

    # --- parser callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attr_list}
        if tag == "html":
            self.page.language = attrs.get("lang", "").split("-")[0].lower()
        if tag == "link" and "canonical" in attrs.get("rel", "").lower().split():
            self.page.canonical = attrs.get("href", "")
        if tag == "title":
            self.in_title = True
        if self.skip_depth or tag in SILENT:
            if tag not in VOID:
                self.skip_depth += 1
            return
        if tag == "br":
            self._append(" ")
            return
        if tag in VOID:
            return
        selector = self._selector_for(tag, attrs)
        element = _Element(tag, attrs, selector)
        if tag == "li" and self.stack and self.stack[-1].tag == "ol":
            self.stack[-1].items += 1
        self.stack.append(element)
        if tag == "tr":
            self._flush()
            self.row, self.row_start = [], (self.getpos()[0], selector)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in BLOCKS and self.cell is None:
            self._flush()
            numbered = tag == "li" and len(self.stack) > 1 and self.stack[-2].tag == "ol"
            self.prefix = f"{self.stack[-2].items}. " if numbered else ""
            self.open = (tag, self.getpos()[0], selector, tag == "li")
        elif tag in BLOCKS or tag in ("div", "section", "ul", "ol", "table"):
            if self.cell is None:
                self._flush()
            else:
                self._append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skip_depth:
            if tag not in VOID:
                self.skip_depth -= 1
            return
        if tag in VOID or not any(element.tag == tag for element in self.stack):
            return
        while self.stack:
            element = self.stack.pop()
            self._close(element.tag)
            if element.tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(_clean("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                line, selector = self.row_start
                self._emit("tr", "\t".join(self.row), line, selector, False)
            self.row = None
        elif tag in BLOCKS and self.cell is None:
            self._flush()
        elif tag in BLOCKS:
            self._append(" ")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
            return
        if self.skip_depth:
            return
        self._append(data)

    # --- text -------------------------------------------------------------------------
    def _append(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        elif self.open is not None or text.strip():
            if self.open is None:  # loose text directly in a container: its own block
                parent = self.stack[-1] if self.stack else _Element("div", {}, "")
                self.open = (parent.tag, self.getpos()[0], parent.selector, False)
            self.text.append(text)

    def _flush(self) -> None:
        if self.open is None:
            return
        tag, line, selector, bullet = self.open
        text = _clean("".join(self.text))
        if text:
            self._emit(tag, self.prefix + text, line, selector, bullet)
        self.open, self.text, self.prefix = None, [], ""

    def _emit(self, tag: str, text: str, line: int, selector: str, bullet: bool) -> None:
        heading = int(tag[1]) if tag in HEADINGS else 0
        self.page.blocks.append(Block(tag, text, line, selector, self._region(), heading, bullet))


def _is_tab_list(element: _Element) -> bool:
    """A list of the page's own tabs (links to its sections): navigation, not content."""
    classes = element.attrs.get("class", "").lower().split()
    tabs = element.attrs.get("role", "") == "tablist" or any(
        c in ("tabs", "nav-tabs") for c in classes
    )
    return element.tag in ("ul", "ol") and tabs


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def read_blocks(html: str) -> Page:
    """The blocks of an HTML page, in document order."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._flush()
    reader.page.title = _clean(reader.page.title)
    reader.page.line_count = html.count("\n") + (0 if html.endswith("\n") else 1)
    return reader.page
