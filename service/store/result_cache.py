"""Answers cached per data version: a release is immutable, so an answer stays right until
the next release is published.

`CachingBackend` wraps any `Backend`.  It keys each answer by the data version, the query
text, the media type, the row cap and the bindings, keeps the most recently used ones up
to a byte budget (answers and query texts both count), and forgets everything when the
data version changes.  The version is
asked of the wrapped backend at most once per `version_ttl` seconds (a readlink for the
local store, a query for a remote one), so a new release is seen within that time.

    backend = CachingBackend(LocalBackend(root), max_bytes=64 * 1024 * 1024)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from service.sparql.query_check import CheckedQuery
from service.store.backends import Backend, BackendResult


class CachingBackend:
    """A `Backend` that remembers answers of the current data version."""

    def __init__(
        self,
        backend: Backend,
        *,
        max_bytes: int = 64 * 1024 * 1024,
        max_entry_bytes: int | None = None,
        version_ttl: float = 1.0,
    ) -> None:
        self.backend = backend
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_bytes // 8 if max_entry_bytes is None else max_entry_bytes
        self.version_ttl = version_ttl
        self._answers: OrderedDict[tuple, BackendResult] = OrderedDict()
        self._bytes = 0
        self._version = ""
        self._version_checked = float("-inf")
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.backend, name)  # e.g. update(), warm_up() of the wrapped backend

    def execute(
        self,
        query: CheckedQuery,
        media_type: str,
        *,
        timeout: float,
        row_cap: int,
        substitutions: dict[str, str] | None = None,
    ) -> BackendResult:
        version = self.data_version()
        key = (
            version,
            query.text,
            media_type,
            row_cap,
            tuple(sorted((substitutions or {}).items())),
        )
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        result = self.backend.execute(
            query, media_type, timeout=timeout, row_cap=row_cap, substitutions=substitutions
        )
        if version and _size(key, result) <= self.max_entry_bytes:
            self._remember(key, result)
        return result

    def data_version(self) -> str:
        now = time.monotonic()
        if now - self._version_checked >= self.version_ttl:
            version = self.backend.data_version()
            with self._lock:
                if version != self._version:
                    self._answers.clear()
                    self._bytes = 0
                    self._version = version
                self._version_checked = now
        return self._version

    def close(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bytes = 0
        self.backend.close()

    def _remember(self, key: tuple, result: BackendResult) -> None:
        with self._lock:
            if key[0] != self._version or key in self._answers:
                return
            self._answers[key] = result
            self._bytes += _size(key, result)
            while self._bytes > self.max_bytes and self._answers:
                oldest_key, oldest = self._answers.popitem(last=False)
                self._bytes -= _size(oldest_key, oldest)


def _size(key: tuple, result: BackendResult) -> int:
    """What an entry holds: the answer and the query text that keys it."""
    return len(result.body) + len(key[1])
