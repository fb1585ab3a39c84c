"""The app as ``gkg serve`` hands it to granian's workers: :mod:`service.wsgi`, loaded while
stop signals are noted (:mod:`service.worker_signals`); a worker asked to stop meanwhile
closes the backend, lets the query process being started finish starting (ended mid-start,
it printed a traceback) and ends."""

from __future__ import annotations

import time

from service.worker_signals import hand_over_later, hold_stop_signals, stop_requested

WARM_UP_WAIT_SECONDS = 30.0

hold_stop_signals()

from service.wsgi import app, backend  # noqa: E402 - loaded while stop signals are noted

if stop_requested():
    backend.close()  # its warm-up stops after the query process it is starting
    give_up = time.monotonic() + WARM_UP_WAIT_SECONDS
    while getattr(backend, "warming", lambda: False)() and time.monotonic() < give_up:
        time.sleep(0.01)
    raise SystemExit(0)
hand_over_later()

__all__ = ["app"]
