"""Parse each document once: parsed documents kept by content hash, for incremental builds.

A build of several documents re-parses only those whose content changed since an earlier
build: a parsed `Document` is kept under the SHA-256 of the file's bytes and the version of
the parsers (a hash of the loaders' own source), so that a changed parser parses again.

    cache = ParseCache(store_root / "cache" / "documents")
    document, reused = cache.load(path)      # reused: True when nothing was parsed

The cache holds pickles written by this program into the store it builds; it trusts them
as it trusts the store itself (never point it at files from elsewhere).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import replace
from functools import cache
from pathlib import Path

from loaders.errors import SourceError
from loaders.readers import load
from loaders.records import Document

LOADERS = Path(__file__).resolve().parent


@cache
def parser_version() -> str:
    """A hash of every loader module: parsed documents of another version are not reused."""
    digest = hashlib.sha256()
    for path in sorted(LOADERS.rglob("*.py")):
        digest.update(path.relative_to(LOADERS).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ParseCache:
    """Parsed documents under `folder`, one file per content hash and parser version."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.folder = folder
        self.version = version or parser_version()

    def load(self, path: Path, *, allow_partial: bool = False) -> tuple[Document, bool]:
        """The parsed document at `path`, and whether it came from the cache.

        Documents parsed with `allow_partial` are kept apart: a later build without it
        checks the document's completeness again.
        """
        entry = self._entry(path, allow_partial)
        cached = self._read(entry)
        if cached is not None:
            return _at(cached, path), True
        document = load(path, allow_partial=allow_partial)
        self._write(entry, document)
        return document, False

    def load_fresh(self, path: Path, *, allow_partial: bool = False) -> Document:
        """Parse `path` whatever the cache holds, and keep the result."""
        document = load(path, allow_partial=allow_partial)
        self._write(self._entry(path, allow_partial), document)
        return document

    def _entry(self, path: Path, allow_partial: bool = False) -> Path:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise SourceError(str(path), 0, f"cannot read the file: {error.strerror}") from None
        partial = "-partial" if allow_partial else ""
        return self.folder / f"{hashlib.sha256(data).hexdigest()}{partial}-{self.version}.pickle"

    def prune(self) -> int:
        """Remove documents parsed by another version of the parsers; how many were removed."""
        removed = 0
        for entry in self.folder.glob("*.pickle"):
            if not entry.stem.endswith(f"-{self.version}"):
                entry.unlink(missing_ok=True)
                removed += 1
        return removed

    @staticmethod
    def _read(entry: Path) -> Document | None:
        try:
            with entry.open("rb") as handle:
                document = pickle.load(handle)  # noqa: S301 - written by this program
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return document if isinstance(document, Document) else None

    def _write(self, entry: Path, document: Document) -> None:
        """Write atomically (a half-written entry is never read); a full disk only slows."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = entry.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(entry)
        except OSError:
            pass


def _at(document: Document, path: Path) -> Document:
    """A cached document as read from `path` now (the same content may have moved)."""
    document.source = replace(document.source, path=str(path))
    return document
