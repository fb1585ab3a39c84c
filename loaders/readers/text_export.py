"""The Richtlijnendatabase PDF-to-text export (the bundled document's format).

Everything that is not recognised as another format is read as a text export; see
`loaders.parsers.document` for how it is parsed.
"""

from __future__ import annotations

from pathlib import Path

from loaders.parsers.document import parse_document
from loaders.records import Document


def recognises(head: bytes) -> bool:
    """Never claims a file by content: the text export is the fallback format."""
    return False


def read(path: Path, *, allow_partial: bool = False) -> Document:
    return parse_document(path, allow_partial=allow_partial)
