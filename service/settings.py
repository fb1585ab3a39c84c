"""The service's settings: defaults, then `GKG_*` environment variables, then explicit values.

Read once per process and used by every command and the app, so `gkg query` obeys the
same allow-list, row cap and queries folder as `/sparql`:

    >>> settings = load_settings({"GKG_ROW_CAP": 5}, environ={"GKG_QUERY_TIMEOUT": "2.5"})
    >>> settings["GKG_ROW_CAP"], settings["GKG_QUERY_TIMEOUT"]
    (5, 2.5)
    >>> load_settings(environ={"GKG_SERVICE_ALLOWLIST": "http://a/ http://b/"})[
    ...     "GKG_SERVICE_ALLOWLIST"]
    ['http://a/', 'http://b/']

Every setting is documented in the README's "Settings" table (a test checks it).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from loaders.iris import DEFAULT_BASE_IRI
from service.store.allocator import CHOICES as ALLOCATORS
from service.store.releases import store_root


def _words(value: str) -> list[str]:
    return [item for item in value.split() if item]


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes"}


def _allocator(value: str) -> str:
    choice = value.strip().lower()
    if choice not in ALLOCATORS:
        raise ValueError(value)
    return choice


def _niceness(value: str) -> int:
    niceness = int(value)
    if not 0 <= niceness <= 19:
        raise ValueError(value)
    return niceness


DEFAULTS: dict[str, Any] = {
    "GKG_STORE": None,  # None: $GKG_STORE or var/store (service.store.releases.store_root)
    "GKG_BASE_IRI": DEFAULT_BASE_IRI,
    "GKG_QUERY_TIMEOUT": 30.0,
    "GKG_ROW_CAP": 10_000,
    "GKG_MAX_BODY": 1024 * 1024,
    "GKG_MAX_QUERY_BYTES": 256 * 1024,
    "GKG_MAX_QUERY_DEPTH": 64,
    "GKG_MAX_CONCURRENT": 4,
    "GKG_SERVICE_ALLOWLIST": [],
    "GKG_UPDATE_TOKEN": None,
    "GKG_BACKEND_URL": None,
    "GKG_BACKEND_USER": None,
    "GKG_BACKEND_PASSWORD": None,
    "GKG_SLOT_WAIT": 10.0,
    "GKG_CACHE_BYTES": 64 * 1024 * 1024,
    "GKG_QUERIES_DIR": None,
    "GKG_PUBLIC_URL": None,
    "GKG_DATA_LICENSE": None,
    "GKG_STORE_IN_MEMORY": False,
    "GKG_MEMORY_QUADS": 100_000,
    "GKG_QUERY_ALLOCATOR": "auto",  # service.store.allocator
    "GKG_QUERY_NICE": 5,  # query processes yield the CPU to the web processes
    "GKG_LOG_FORMAT": "text",  # read by service.logs.configure_logging, once per process
    "GKG_LOG_LEVEL": "WARNING",
}

ENVIRONMENT: dict[str, Callable[[str], Any]] = {
    "GKG_STORE": str,
    "GKG_BASE_IRI": str,
    "GKG_QUERY_TIMEOUT": float,
    "GKG_ROW_CAP": int,
    "GKG_MAX_BODY": int,
    "GKG_MAX_QUERY_BYTES": int,
    "GKG_MAX_QUERY_DEPTH": int,
    "GKG_MAX_CONCURRENT": int,
    "GKG_SERVICE_ALLOWLIST": _words,
    "GKG_UPDATE_TOKEN": str,
    "GKG_BACKEND_URL": str,
    "GKG_BACKEND_USER": str,
    "GKG_BACKEND_PASSWORD": str,
    "GKG_SLOT_WAIT": float,
    "GKG_CACHE_BYTES": int,
    "GKG_QUERIES_DIR": str,
    "GKG_PUBLIC_URL": str,
    "GKG_DATA_LICENSE": str,
    "GKG_STORE_IN_MEMORY": _flag,
    "GKG_MEMORY_QUADS": int,
    "GKG_QUERY_ALLOCATOR": _allocator,
    "GKG_QUERY_NICE": _niceness,
    "GKG_LOG_FORMAT": str,
    "GKG_LOG_LEVEL": str,
}


class SettingError(ValueError):
    """A `GKG_*` environment variable that cannot be read as its type."""


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Defaults, then the non-empty `GKG_*` variables of `environ`, then `overrides`."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    for key, convert in ENVIRONMENT.items():
        if environ.get(key):
            try:
                settings[key] = convert(environ[key])
            except ValueError:
                raise SettingError(f"{key}={environ[key]!r} is not a valid value") from None
    settings.update(overrides or {})
    settings["GKG_STORE"] = Path(settings["GKG_STORE"]) if settings["GKG_STORE"] else store_root()
    return settings
