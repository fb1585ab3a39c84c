"""Limits that keep one client from taking the service down.

- Concurrent queries: :class:`ConcurrencyLimiter` hands out ``slots`` lock files;
  a request waits briefly for one (GKG_SLOT_WAIT seconds, default 10) and is then
  refused (503 + ``Retry-After``), so bursts queue but overload is refused. The
  slots are ``flock`` locks in a directory shared by all server worker processes,
  so the cap holds across them, and a crashed process frees its slot with its
  file descriptors. Waiting queries are served cheapest-expected first, within bounds
  (:class:`ConcurrencyLimiter`).
- Request body: Flask's ``MAX_CONTENT_LENGTH`` (413); :func:`check_query_string`
  applies the same cap to GET query strings.
- Result rows: backends cut results at the row cap; :func:`mark_truncated` makes
  the cut visible. Every truncated response has the header
  ``X-GKG-Truncated: true`` (and ``X-GKG-Row-Cap: N``); SPARQL JSON results also
  get a top-level ``"truncated": {"rowCap": N}`` member beside ``head`` and
  ``results``, which standard clients ignore.
"""

from __future__ import annotations

import fcntl
import heapq
import itertools
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from service.sparql.slot_costs import SlotCosts
from service.store.backends import SPARQL_JSON

TRUNCATED_HEADER = "X-GKG-Truncated"
ROW_CAP_HEADER = "X-GKG-Row-Cap"
RETRY_AFTER_SECONDS = 1
MAX_PAUSE = 0.005  # seconds between tries for a slot another process may free
QUICK_SECONDS = 0.05  # queries expected to hold a slot shorter than this may take the last one
HEAD_START_PER_SECOND = 10.0  # a query expected to take 0.02 s waits behind cheaper ones ...
MAX_HEAD_START = 1.0  # ... arriving up to 0.2 s after it, never more than 1 s


def _remove_own_dir(directory: Path, maker: int) -> None:
    """Remove `directory` if this is the process that made it (not a forked worker)."""
    if os.getpid() == maker:
        shutil.rmtree(directory, ignore_errors=True)


def _close_all(descriptors: dict[int, int]) -> None:
    """Close the slot files' descriptors and forget them."""
    for descriptor in descriptors.values():
        os.close(descriptor)
    descriptors.clear()


class TooBusy(RuntimeError):
    """Every query slot is taken (503)."""


class ConcurrencyLimiter:
    """At most ``slots`` queries at once, across every process sharing ``lock_dir``.

    Queries waiting for a slot in one process are served in order of their *turn*: the time
    they arrived plus HEAD_START_PER_SECOND times the seconds their shape is expected to hold
    a slot (:mod:`service.sparql.slot_costs`), at most MAX_HEAD_START. A query expected to
    take 20 ms thus lets cheaper ones arriving up to 0.2 s after it go first, and no query is
    overtaken by queries arriving more than MAX_HEAD_START after it. With two slots or more,
    the last one is kept for quick queries (expected under QUICK_SECONDS, new shapes
    included): look-ups do not wait for analytics to finish.

    Each waiting thread sleeps on a condition of its own: a freed slot or a thread leaving
    the line wakes only the threads that may take a slot now (the first in line and the
    first quick query in line), not every waiting thread.
    """

    def __init__(self, slots: int, lock_dir: Path | None = None):
        self.slots = max(1, int(slots))
        if lock_dir:
            self.lock_dir = Path(lock_dir)
            self.lock_dir.mkdir(parents=True, exist_ok=True)
        else:  # its own directory, removed with it by the process that made it
            self.lock_dir = Path(tempfile.mkdtemp(prefix="gkg-slots-"))
            weakref.finalize(self, _remove_own_dir, self.lock_dir, os.getpid())
        self._slot_files = [str(self.lock_dir / f"slot-{number}") for number in range(self.slots)]
        self._numbers = list(range(self.slots))
        self._express = self._numbers[-1:] if self.slots > 1 else []
        self._shared = self._numbers[: self.slots - len(self._express)]
        self.costs = SlotCosts()
        self._lock = threading.Lock()  # guards the line and the slots held here
        self._line: list[_Place] = []  # heap of the waiting threads of this process
        self._tickets = itertools.count()
        # each slot file stays open (one descriptor a process); a thread of this process
        # holding a slot is noted here, as the lock on a shared descriptor cannot tell threads
        self._descriptors: dict[int, int] = {}
        self._held_here: set[int] = set()
        self._opened_by = os.getpid()
        weakref.finalize(self, _close_all, self._descriptors)

    @contextmanager
    def slot(self, wait: float = 0.0, shape: object = None) -> Iterator[int]:
        """Hold a free slot for the ``with`` block; ``shape`` (see
        :func:`service.sparql.slot_costs.query_shape`) places a waiting query in line and
        learns how long the block held the slot.

        Waits up to ``wait`` seconds for one to come free, then raises :class:`TooBusy`.
        Only the first in line tries every slot it may take, and the first quick query in
        line the quick queries' slot: at once when a slot is freed in this process, every few
        milliseconds (at most MAX_PAUSE) for one freed by another process. The others sleep
        until the line changes, so 16 waiting clients cost no more than two.
        """
        arrived = time.monotonic()
        expected = self.costs.expected(shape) if shape is not None else 0.0
        quick = expected < QUICK_SECONDS
        with self._lock:
            number = None if self._line else self._try_slots(self._allowed(quick))
        if number is None:
            turn = arrived + min(expected * HEAD_START_PER_SECOND, MAX_HEAD_START)
            place = _Place(turn, next(self._tickets), quick, threading.Condition(self._lock))
            number = self._wait_in_line(place, arrived + wait)
        taken, holder = time.monotonic(), os.getpid()
        try:
            yield number
        finally:
            if shape is not None:
                self.costs.record(shape, time.monotonic() - taken)
            if os.getpid() == holder:  # a copy forked meanwhile leaves its parent's lock be
                with self._lock:
                    fcntl.flock(self._descriptors[number], fcntl.LOCK_UN)
                    self._held_here.discard(number)
                    self._wake_front()

    def _allowed(self, quick: bool) -> list[int]:
        return self._numbers if quick else self._shared

    def _wait_in_line(self, place: _Place, give_up: float) -> int:
        pause = 0.001
        with self._lock:
            # a newcomer wakes no one: a place it pushed back finds out when its pause ends
            heapq.heappush(self._line, place)
            try:
                while True:
                    candidates = self._candidates(place)
                    if candidates:
                        number = self._try_slots(candidates)
                        if number is not None:
                            return number
                    left = give_up - time.monotonic()
                    if left <= 0:
                        raise TooBusy(f"All {self.slots} query slots are busy; retry shortly")
                    if candidates:
                        place.wake.wait(min(pause, left))
                        pause = min(pause * 2, MAX_PAUSE)
                    else:
                        place.wake.wait(left)
            finally:
                self._line.remove(place)
                heapq.heapify(self._line)
                self._wake_front()  # the next in line tries

    def _wake_front(self) -> None:
        """Wake the first in line and the first quick query in line (the caller holds
        ``self._lock``)."""
        if not self._line:
            return
        first, first_quick = self._line[0], self._first_quick()
        first.wake.notify()
        if first_quick is not None and first_quick is not first:
            first_quick.wake.notify()

    def _first_quick(self) -> _Place | None:
        """The first quick query in line, if any (the caller holds ``self._lock``)."""
        return min((place for place in self._line if place.quick), default=None)

    def _candidates(self, place: _Place) -> list[int]:
        """The slots ``place`` may try now: all it may take when first in line, the
        quick queries' slot when first of the quick queries in line, else none."""
        if self._line[0] is place:
            return self._allowed(place.quick)
        if place.quick and self._first_quick() is place:
            return self._express
        return []

    def _try_slots(self, numbers: list[int]) -> int | None:
        """Lock the first of the slots ``numbers`` that no thread here or process elsewhere
        holds and return its number, or None (the caller holds ``self._lock``)."""
        if self._opened_by != os.getpid():  # a forked copy: the inherited locks are not its own
            _close_all(self._descriptors)
            self._held_here.clear()
            self._opened_by = os.getpid()
        for number in numbers:
            if number in self._held_here:
                continue
            descriptor = self._descriptors.get(number)
            if descriptor is None:
                flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC
                descriptor = self._descriptors[number] = os.open(
                    self._slot_files[number], flags, 0o600
                )
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            self._held_here.add(number)
            return number
        return None


@dataclass(order=True)
class _Place:
    """A waiting thread's place in line (ordered by turn, then ticket) and the condition it
    sleeps on."""

    turn: float
    ticket: int
    quick: bool = field(compare=False)
    wake: threading.Condition = field(compare=False, repr=False)


def check_query_string(query_string: bytes, max_bytes: int) -> None:
    """Refuse a GET query string longer than the body cap (as Flask does for bodies)."""
    if len(query_string) > max_bytes:
        from werkzeug.exceptions import RequestEntityTooLarge

        raise RequestEntityTooLarge(f"The query string is longer than {max_bytes} bytes")


def truncation_headers(row_cap: int) -> dict[str, str]:
    """The headers that mark a response cut at ``row_cap`` rows."""
    return {TRUNCATED_HEADER: "true", ROW_CAP_HEADER: str(row_cap)}


def mark_truncated(body: bytes, media_type: str, row_cap: int) -> bytes:
    """Add the in-body marker to a truncated SPARQL JSON result (other formats: unchanged)."""
    if media_type != SPARQL_JSON:
        return body
    start = body.index(b"{") + 1
    member = b'"truncated":{"rowCap":%d},' % row_cap
    return body[:start] + member + body[start:]
