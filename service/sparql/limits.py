"""Limits that keep one client from taking the service down.

- Concurrent queries: :class:`ConcurrencyLimiter` hands out ``slots`` lock files;
  a request waits briefly for one (GKG_SLOT_WAIT seconds, default 10) and is then
  refused (503 + ``Retry-After``), so bursts queue but overload is refused. The
  slots are ``flock`` locks in a directory shared by all server worker processes,
  so the cap holds across them, and a crashed process frees its slot with its
  file descriptors.
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
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.store.backends import SPARQL_JSON

TRUNCATED_HEADER = "X-GKG-Truncated"
ROW_CAP_HEADER = "X-GKG-Row-Cap"
RETRY_AFTER_SECONDS = 1
MAX_PAUSE = 0.005  # seconds between tries for a slot another process may free


def _remove_own_dir(directory: Path, maker: int) -> None:
    """Remove `directory` if this is the process that made it (not a forked worker)."""
    if os.getpid() == maker:
        shutil.rmtree(directory, ignore_errors=True)


class TooBusy(RuntimeError):
    """Every query slot is taken (503)."""


class ConcurrencyLimiter:
    """At most ``slots`` queries at once, across every process sharing ``lock_dir``."""

    def __init__(self, slots: int, lock_dir: Path | None = None):
        self.slots = max(1, int(slots))
        if lock_dir:
            self.lock_dir = Path(lock_dir)
            self.lock_dir.mkdir(parents=True, exist_ok=True)
        else:  # its own directory, removed with it by the process that made it
            self.lock_dir = Path(tempfile.mkdtemp(prefix="gkg-slots-"))
            weakref.finalize(self, _remove_own_dir, self.lock_dir, os.getpid())
        self._slot_files = [str(self.lock_dir / f"slot-{number}") for number in range(self.slots)]
        self._freed = threading.Condition()  # a slot freed in this process wakes a waiter
        self._polling = False  # a waiting thread of this process retries every few ms

    @contextmanager
    def slot(self, wait: float = 0.0) -> Iterator[int]:
        """Hold a free slot for the ``with`` block.

        Waits up to ``wait`` seconds for one to come free, then raises :class:`TooBusy`.
        A slot freed by this process wakes a waiting thread at once; one freed by another
        process is found by one waiting thread of this process (the poller), which tries
        again every few milliseconds (at most MAX_PAUSE) and, once it holds a slot or gives
        up, hands that duty to the next. The other waiting threads sleep until woken, so
        16 waiting clients cost no more than one.
        """
        give_up = time.monotonic() + wait
        pause = 0.001
        poller = False
        try:
            while True:
                held = self._try_slots()
                if held is not None:
                    break
                left = give_up - time.monotonic()
                if left <= 0:
                    raise TooBusy(f"All {self.slots} query slots are busy; retry shortly")
                with self._freed:
                    if not self._polling:
                        poller = self._polling = True
                    self._freed.wait(min(pause, left) if poller else left)
                if poller:
                    pause = min(pause * 2, MAX_PAUSE)
        finally:
            if poller:
                with self._freed:
                    self._polling = False
                    self._freed.notify()  # the next waiting thread polls
        number, descriptor = held
        try:
            yield number
        finally:
            os.close(descriptor)  # closing releases the lock
            with self._freed:
                self._freed.notify()

    def _try_slots(self) -> tuple[int, int] | None:
        for number, slot_file in enumerate(self._slot_files):
            descriptor = os.open(slot_file, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            return number, descriptor
        return None


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
