"""Timed build stages, logged as structured events on the `gkg.build` logger.

with stage("validate") as fields:
    report = validate(...)
    fields["violations"] = len(report.violations)
# -> event "build stage finished" stage=validate seconds=... violations=0
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LOG = logging.getLogger("gkg.build")


@contextmanager
def stage(name: str, **fields: Any) -> Iterator[dict[str, Any]]:
    """Time the enclosed work; the caller may add fields to the yielded dict."""
    started = time.perf_counter()
    try:
        yield fields
    except BaseException as error:
        seconds = round(time.perf_counter() - started, 3)
        failed = {"stage": name, "seconds": seconds, "error": type(error).__name__, **fields}
        LOG.warning("build stage failed", extra={"fields": failed})
        raise
    seconds = round(time.perf_counter() - started, 3)
    LOG.info(
        "build stage finished", extra={"fields": {"stage": name, "seconds": seconds, **fields}}
    )
