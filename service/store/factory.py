"""Make the backend an app answers from: the local release or an external store.

backend = make_backend(app.config)   # once per process, by get_backend()
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.store.backends import Backend
from service.store.result_cache import CachingBackend


def make_backend(config: Mapping[str, Any]) -> Backend:
    """The remote store if GKG_BACKEND_URL is set, else the local release; cached if enabled."""
    remote = bool(config.get("GKG_BACKEND_URL"))
    if remote:
        from service.store.remote_backend import RemoteBackend as backend_class
    else:
        from service.store.local_backend import LocalBackend as backend_class
    backend: Backend = backend_class.from_config(config)
    if config["GKG_CACHE_BYTES"] > 0:
        # Releases are immutable: answers are reused until the data version changes.
        # The local version is a readlink (checked every time), a remote one a query.
        ttl = 1.0 if remote else 0.0
        backend = CachingBackend(backend, max_bytes=config["GKG_CACHE_BYTES"], version_ttl=ttl)
    return backend
