"""Stop signals for granian's workers while they load the app (``gkg serve``).

granian installs a worker's stop handler only once the app is loaded (the app, the store
backend, its query processes). A SIGTERM or SIGINT arriving before that (the server stopped
right after it started) went to the handler inherited from granian's main process, which
does nothing in a worker: the worker served on until granian killed it
``WORKER_STOP_SECONDS`` later. Now :func:`block_around_forks`, called in the main process,
blocks both signals around each fork, so a new worker starts with them blocked (a signal
sent meanwhile waits); :func:`hold_stop_signals` (:mod:`service.granian_app`, before the
app is loaded) notes them from then on; once the app is loaded, :mod:`service.granian_app`
ends the worker if one came (:func:`stop_requested`), else :func:`hand_over_later` passes
one that comes before granian's handler is in place on to that handler. The handler only
notes the signal: an exception raised from a signal handler can land where Python ignores
it (a weakref callback, say) and be lost.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
HANDOVER_SECONDS = 30.0  # how long a loaded worker waits for granian's handler
_received: list[int] = []


def block_around_forks() -> None:
    """In this (granian's main) process: block the stop signals across each fork, so the
    child starts with them blocked; this process unblocks them right after the fork. Only
    for a process whose forks are granian's workers (they unblock them,
    :func:`hold_stop_signals`): any other child of a fork would keep them blocked."""
    main = os.getpid()

    def block() -> None:
        if os.getpid() == main:
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)

    def unblock() -> None:
        if os.getpid() == main:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    os.register_at_fork(before=block, after_in_parent=unblock)


def hold_stop_signals() -> None:
    """In a new worker, before it loads the app: note stop signals, one sent before included."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, _note)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def stop_requested() -> bool:
    """Whether a stop signal came since :func:`hold_stop_signals`."""
    return bool(_received)


def hand_over_later() -> None:
    """Once the app is loaded and the worker goes on: pass a stop signal that comes before
    granian's handler replaces the one of :func:`hold_stop_signals` on to granian's."""
    threading.Thread(target=_hand_over, name="stop-signal-handover", daemon=True).start()


def _note(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)


def _hand_over() -> None:
    give_up = time.monotonic() + HANDOVER_SECONDS
    while time.monotonic() < give_up:
        if all(signal.getsignal(stop) is not _note for stop in STOP_SIGNALS):
            if _received:
                os.kill(os.getpid(), _received[0])
            return
        time.sleep(0.005)
