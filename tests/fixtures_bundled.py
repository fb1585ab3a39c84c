"""Session fixtures over the bundled document: a built store and an app serving it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from service.app import create_app
from service.build import BUNDLED_SOURCE, build_release


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store root whose current release is the bundled document, built once per session."""
    root = tmp_path_factory.mktemp("bundled-store")
    build_release([BUNDLED_SOURCE], root)
    return root


@pytest.fixture(scope="session")
def bundled_app(bundled_store: Path) -> Iterator[Flask]:
    """The service over the bundled store, in process."""
    app = create_app({"GKG_STORE": bundled_store, "TESTING": True})
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()
