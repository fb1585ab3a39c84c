"""Session fixtures over the bundled document: a built store and an app serving it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from loaders.parsers.module_body import parse_module_body
from loaders.parsers.sections import split_sections
from loaders.parsers.text import read_source
from loaders.records import Module, Problem
from service.app import create_app
from service.pipeline.build import BUNDLED_SOURCE, build_release


@pytest.fixture(scope="session")
def module_bodies() -> dict[str, tuple[Module, list[Problem]]]:
    """Each module section of the bundled document parsed on its own: (module, problems)."""
    parsed = {}
    for section in split_sections(read_source(BUNDLED_SOURCE)[1]):
        if section.kind == "module":
            module = Module(section.number, section.title, "", section.span)
            parsed[section.number] = (module, parse_module_body(section, module))
    return parsed


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
