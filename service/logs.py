"""Structured logging: one event per line, as text or JSON, with the event's fields.

    log = logging.getLogger("gkg.query")
    log.info("query answered", extra={"fields": {"form": "SELECT", "ms": 12.5, "status": 200}})

Loggers: ``gkg.build`` (stages of a build), ``gkg.loaders`` (each document parsed),
``gkg.query`` (each query answered, with its time) and ``gkg.refusal`` (each query or
request refused, with the reason). `configure_logging` is called once per process by
``gkg`` and the WSGI entry point; GKG_LOG_FORMAT (``text`` or ``json``) and GKG_LOG_LEVEL
choose the output:

    >>> record = logging.makeLogRecord({"name": "gkg.query", "levelname": "INFO",
    ...     "msg": "query answered", "fields": {"form": "ASK", "ms": 1.5}})
    >>> JsonFormatter().format(record)  # doctest: +ELLIPSIS
    '{"time": "...", "level": "INFO", "logger": "gkg.query", "event": "query answered", ...}'
    >>> TextFormatter().format(record)  # doctest: +ELLIPSIS
    '... INFO gkg.query: query answered form=ASK ms=1.5'
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

FORMATS = ("text", "json")


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    return dict(getattr(record, "fields", None) or {})


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per event: time, level, logger, event and the event's fields."""

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
            **fields_of(record),
        }
        return json.dumps(event, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time LEVEL logger: event key=value ...`, for people reading a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        pairs = " ".join(f"{key}={value}" for key, value in fields_of(record).items())
        line = f"{_time(record)} {record.levelname} {record.name}: {record.getMessage()}"
        return f"{line} {pairs}" if pairs else line


def configure_logging(
    log_format: str | None = None, level: str | None = None, stream: Any = None
) -> None:
    """Send the `gkg.*` loggers to `stream` (standard error) in the chosen format, once."""
    log_format = (log_format or os.environ.get("GKG_LOG_FORMAT") or "text").lower()
    level = (level or os.environ.get("GKG_LOG_LEVEL") or "WARNING").upper()
    if log_format not in FORMATS:
        raise ValueError(f"GKG_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    logger = logging.getLogger("gkg")
    for handler in list(logger.handlers):
        if getattr(handler, "gkg_handler", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.gkg_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
