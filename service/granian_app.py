"""The app as ``gkg serve`` hands it to granian's workers: :mod:`service.wsgi`, loaded once
a stop signal ends the worker at once (:mod:`service.worker_signals`)."""

from __future__ import annotations

from service.worker_signals import end_on_stop

end_on_stop()

from service.wsgi import app  # noqa: E402 - loaded once a stop signal ends the worker

__all__ = ["app"]
