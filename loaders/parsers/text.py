"""Reading a PDF-to-text export: lines without the export's noise.

The export puts margin line numbers (5, 10, ... 55) in front of some lines,
restarts them on every page, turns bullets into "- " or "• ", and wraps
table cells in HTML fragments.  `read_lines` returns one `Line` per source
line with that noise taken off, keeping the original line number and text.

    >>> lines = clean_lines(["5 **Colofon**", "- 15 • Screening en vroegdetectie", "25"])
    >>> [(line.number, line.text, line.bullet, line.margin) for line in lines]
    [(1, 'Colofon', False, 5), (2, 'Screening en vroegdetectie', True, 15), (3, '', False, 25)]
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import SourceInfo

MARGIN_NUMBERS = frozenset(range(5, 60, 5))
_MARGIN = re.compile(r"^(?:-\s+)?(\d{1,2})(?=\s|$)\s*")
_BULLET = re.compile(r"^(?:[-•▪◦*]\s+)+")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
_TAG = re.compile(r"</?(?:p|br|b|i|em|strong|span|div|td|tr|ul|li|sup|sub)\b[^>]*>", re.I)
_TABLE_RULE = re.compile(r"^[\s|\-–—\t:]*-{3,}[\s|\-–—\t:]*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")  # a table written '| cell | cell |'


@dataclass(frozen=True)
class Line:
    """One source line: its 1-based number, the raw text and the cleaned text."""

    number: int
    raw: str
    text: str
    bullet: bool = False
    margin: int | None = None
    page: int = 1

    @property
    def cells(self) -> list[str]:
        """Cells of a table row (tab-separated, or '| a | b |'), with HTML fragments removed."""
        if "\t" not in self.raw and _PIPE_ROW.match(self.raw):
            return [strip_markup(cell) for cell in self.raw.strip()[1:-1].split("|")]
        return [strip_markup(cell) for cell in self.raw.split("\t")]

    @property
    def is_table_row(self) -> bool:
        tabular = "\t" in self.raw or bool(_PIPE_ROW.match(self.raw))
        return tabular and not _TABLE_RULE.match(self.raw)

    @property
    def is_table_rule(self) -> bool:
        return bool(_TABLE_RULE.match(self.raw))


def strip_markup(text: str) -> str:
    """Remove HTML fragments and Markdown emphasis; fold white space."""
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _EMPHASIS.sub(r"\1", text)
    return " ".join(text.split())


def clean_lines(raw_lines: list[str]) -> list[Line]:
    """Clean raw lines: margin numbers, bullets, markup; count pages by margin resets."""
    lines: list[Line] = []
    page = 1
    last_margin = 0
    for index, raw in enumerate(raw_lines, start=1):
        body = raw.rstrip("\r\n")
        margin = None
        bullet = False
        stripped = body.lstrip()
        if stripped.startswith(("- ", "• ")):
            bullet = True
        match = _MARGIN.match(stripped)
        if match and int(match.group(1)) in MARGIN_NUMBERS and "\t" not in stripped[: match.end()]:
            margin = int(match.group(1))
            if margin <= last_margin:
                page += 1
            last_margin = margin
            stripped = stripped[match.end() :]
        if _BULLET.match(stripped):
            bullet = True
            stripped = _BULLET.sub("", stripped)
        text = "" if "\t" in body else strip_markup(stripped)
        if "\t" in body:
            text = strip_markup(body.replace("\t", " "))
        elif _PIPE_ROW.match(body):
            rule = _TABLE_RULE.match(body)
            text = "" if rule else strip_markup(body.strip()[1:-1].replace("|", " "))
        lines.append(Line(index, body, text, bullet, margin, page))
    return lines


def read_source(path: Path) -> tuple[SourceInfo, list[Line]]:
    """Read and clean a source document; refuse what cannot be one with a clear error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(str(path), 0, f"cannot read the file: {error.strerror}") from None
    if not data.strip():
        raise SourceError(str(path), 1, "the file is empty")
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(
            str(path), line, "the file is binary (it holds NUL bytes), not a text export"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            str(path), line, f"the file is not UTF-8 text (byte 0x{data[error.start]:02x})"
        ) from None
    text = text.removeprefix("\ufeff")
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    info = SourceInfo(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        line_count=len(raw_lines),
    )
    return info, clean_lines(raw_lines)
