"""Memos of pure text functions, kept for one document at a time.

A long document asks the same small questions many times (the slug of a study key, the
organisations named in a declaration repeated in every module).  `per_document` remembers
the answers; `forget()`, called as each document is read, starts afresh, so that what one
document costs does not depend on the documents read before it in the same process.

    @per_document
    def slugify(text: str) -> str: ...
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

ANSWERS_PER_FUNCTION = 1 << 14
Function = TypeVar("Function", bound=Callable)
_MEMOS: list = []


def per_document(function: Function) -> Function:
    """`function` (pure, hashable arguments, an answer nobody changes) remembered."""
    memo = lru_cache(maxsize=ANSWERS_PER_FUNCTION)(function)
    _MEMOS.append(memo)
    return memo  # type: ignore[return-value]


def forget() -> None:
    """Drop every remembered answer (a new document is being read)."""
    for memo in _MEMOS:
        memo.cache_clear()
