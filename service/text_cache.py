"""A thread-safe least-recently-used memo keyed by query text, within a budget of characters.

The web process keeps its checked queries in one (:mod:`service.sparql.query_check`), each
query process its engine-side guard's verdicts (:mod:`service.sparql.engine_guard`). A budget
of characters rather than of entries bounds the memory whatever the texts' lengths, and holds
every text of a mix of many short ones (the benchmark's 844 texts are about 1 MiB)::

    >>> memo = TextCache(max_chars=10, max_entry_chars=6)
    >>> memo.put("ASK {}", "ok", 6)
    >>> memo.get("ASK {}"), memo.get("ASK { }", MISSING) is MISSING
    ('ok', True)
    >>> memo.put("SELECT", None, 6)  # over budget: the least recently used one goes
    >>> memo.get("ASK {}", MISSING) is MISSING, memo.get("SELECT", MISSING), memo.size_chars
    (True, None, 6)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

MISSING: Any = object()
"""What :meth:`TextCache.get` returns for a key it does not hold, when asked to."""


class TextCache:
    """Values by key, least recently used first out, within ``max_chars`` characters of text;
    an entry longer than ``max_entry_chars`` is not kept."""

    def __init__(self, max_chars: int, max_entry_chars: int) -> None:
        self.max_chars = max_chars
        self.max_entry_chars = max_entry_chars
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value kept for ``key`` (now the most recently used), or ``default``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return default
            self._entries.move_to_end(key)
            return entry[0]

    def remembered(self, key: Hashable, chars: int, compute: Callable[[], Any]) -> Any:
        """The value kept for ``key``, else ``compute()`` kept for it (``chars`` long) and
        returned; an exception from ``compute`` is raised, nothing kept.

        >>> memo = TextCache(max_chars=10, max_entry_chars=10)
        >>> memo.remembered("k", 1, lambda: "computed"), memo.remembered("k", 1, lambda: "again")
        ('computed', 'computed')
        """
        value = self.get(key, MISSING)
        if value is MISSING:
            value = compute()
            self.put(key, value, chars)
        return value

    def put(self, key: Hashable, value: Any, chars: int) -> None:
        """Keep ``value`` for ``key``, whose text is ``chars`` characters long."""
        if chars > self.max_entry_chars:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (value, chars)
            self._chars += chars
            while self._chars > self.max_chars:
                _, (_, freed) = self._entries.popitem(last=False)
                self._chars -= freed

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_chars(self) -> int:
        """Characters of text the kept entries stand for."""
        return self._chars
