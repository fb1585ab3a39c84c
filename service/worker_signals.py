"""Stop signals for granian's workers while they load the app (``gkg serve``).

granian installs a worker's stop handler only once the app is loaded (the app, the store
backend, its query processes). A SIGTERM or SIGINT arriving before that (the server stopped
right after it started) went to the handler inherited from granian's main process, which
does nothing in a worker: the worker served on until granian killed it
``WORKER_STOP_SECONDS`` later. Now :func:`block_around_forks`, called in the main process,
blocks both signals around each fork, so a new worker starts with them blocked (a signal
sent meanwhile waits), and :func:`end_on_stop` (:mod:`service.granian_app`, before the app
is loaded) makes them end the worker at once and unblocks them, until granian's own
handler replaces that one.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def block_around_forks() -> None:
    """In this (granian's main) process: block the stop signals across each fork, so the
    child starts with them blocked; this process unblocks them right after the fork. Only
    for a process whose forks are granian's workers (they unblock them, :func:`end_on_stop`):
    any other child of a fork would keep them blocked."""
    main = os.getpid()

    def block() -> None:
        if os.getpid() == main:
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)

    def unblock() -> None:
        if os.getpid() == main:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    os.register_at_fork(before=block, after_in_parent=unblock)


def end_on_stop() -> None:
    """In a new worker: a stop signal, one sent before this call included, ends it."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, _end)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _end(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # the query processes end with the worker (they are daemons)
