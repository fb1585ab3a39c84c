"""The format seam: one `load(path)` for every source format, each read by its own reader.

    >>> from pathlib import Path
    >>> document = load(Path("data/source/borstkanker-cluster-3a-2026.txt"))
    >>> document.source.format, [module.key for module in document.modules][:1]
    ('text-export', ['borstkanker/10.1.1'])

A reader turns one file into a `records.Document`: the same neutral records whatever the
format, every record with its location (lines of a text export; lines of an HTML page plus
the element, `Document.locations`).  `expand` turns the paths a user gives (files and
folders) into the files to read, in a stable order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError
from loaders.readers import html_page, text_export
from loaders.records import Document

SNIFF_BYTES = 2048
LOG = logging.getLogger("gkg.loaders")


@dataclass(frozen=True)
class Reader:
    """A source format: its name, the file suffixes it claims, how to recognise and read it."""

    name: str
    suffixes: tuple[str, ...]
    recognises: Callable[[bytes], bool]
    read: Callable[..., Document]  # read(path, *, allow_partial=False)


READERS: list[Reader] = [
    Reader("text-export", (".txt", ".text"), text_export.recognises, text_export.read),
    Reader("html-page", (".html", ".htm"), html_page.recognises, html_page.read),
]


def reader_for(path: Path) -> Reader:
    """The reader of a file: by its first bytes, else by its suffix, else the text export."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise SourceError(str(path), 0, f"cannot read the file: {error.strerror}") from None
    for reader in READERS:
        if reader.recognises(head):
            return reader
    for reader in READERS:
        if path.suffix.lower() in reader.suffixes:
            return reader
    return READERS[0]


def load(path: Path, *, allow_partial: bool = False) -> Document:
    """Read one source file, whatever its format.

    A document that is plainly cut or repeated is refused unless `allow_partial`
    (see `loaders.completeness`).
    """
    reader = reader_for(path)
    started = time.perf_counter()
    document = reader.read(path, allow_partial=allow_partial)
    fields = {
        "path": str(path),
        "reader": reader.name,
        "lines": document.source.line_count,
        "modules": len(document.modules),
        "problems": len(document.problems),
        "seconds": round(time.perf_counter() - started, 3),
    }
    LOG.info("document read", extra={"fields": fields})
    return document


def expand(paths: Iterable[Path]) -> list[Path]:
    """The files to read: files as given, a folder's files with a known suffix by name.

    A file named twice (directly and through its folder) is read once.
    """
    known = {suffix for reader in READERS for suffix in reader.suffixes}
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                child
                for child in path.rglob("*")
                if child.is_file()
                and child.suffix.lower() in known
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            )
            if not found:
                suffixes = ", ".join(sorted(known))
                raise SourceError(str(path), 0, f"the folder holds no source file ({suffixes})")
        else:
            found = [path]
        for file in found:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(file)
    return files
