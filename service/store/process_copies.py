"""What the web process holds of the query processes that are copies of another
(:mod:`service.store.local_backend`): a handle to kill and wait for one, and the hand-over of
a copy to a request waiting while another request loads a release.

A copy is forked by a query process, so it is not a child of the web process: it is killed and
waited for through a pidfd (``os.pidfd_open``), which keeps standing for that process even once
it has ended, where a bare pid could be reused by another.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from contextlib import suppress
from typing import Generic, Protocol, TypeVar


class Copy(Protocol):
    """A query process as the hand-over sees it."""

    def kill(self) -> None: ...


CopyT = TypeVar("CopyT", bound=Copy)


class SiblingProcess:
    """A query process forked by another query process (so not a child of this one): killed
    and waited for through a pidfd, which no other process can come to stand for."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._pidfd = os.pidfd_open(pid)

    def kill(self) -> None:
        with suppress(OSError):
            signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        """Wait up to ``timeout`` seconds for the process to end."""
        with suppress(OSError):
            select.select([self._pidfd], [], [], timeout)

    def is_alive(self) -> bool:
        return not select.select([self._pidfd], [], [], 0)[0]

    def close(self) -> None:
        with suppress(OSError):
            os.close(self._pidfd)


class Handoff(Generic[CopyT]):
    """A request waiting for a copy of the process that is loading the release it asks about."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._given = threading.Event()
        self._abandoned = False
        self._copy: CopyT | None = None

    def give(self, copy: CopyT | None) -> None:
        """Hand over ``copy`` (None: the load failed); killed if the request gave up waiting."""
        with self._lock:
            if self._abandoned and copy is not None:
                copy.kill()
                copy = None
            self._copy = copy
            self._given.set()

    def wait(self, timeout: float) -> CopyT | None:
        """The copy, or None when the load failed or did not end within ``timeout``."""
        self._given.wait(timeout)
        with self._lock:
            self._abandoned = not self._given.is_set()
            return self._copy
