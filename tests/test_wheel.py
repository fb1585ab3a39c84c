"""The wheel stands alone: installed into a fresh environment outside the checkout, it builds
the bundled document and serves it (templates, static files, ontology, queries included).

The fresh environment gets the wheel only (``--no-deps --no-index``); its dependencies come
from this test run's own site-packages, added as a plain path (no ``.pth`` of that folder
runs, so the checkout's editable install stays out of the way).
"""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fixtures_server import free_port, readiness_after_warm_up, wait_until_ready

CHECKOUT = Path(__file__).resolve().parents[1]
WHEEL_SOURCES = ("pyproject.toml", "README.md", "loaders", "service", "ontology", "queries", "data")
IGNORE = {"ignore": shutil.ignore_patterns("__pycache__", "*.pyc")}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh environment, an empty working folder outside the checkout)."""
    work = tmp_path_factory.mktemp("wheel")
    (work / "source").mkdir()
    wheels = work / "dist"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    source = work / "source"  # a copy: setuptools' build/ folder stays out of the checkout
    for name in WHEEL_SOURCES:
        copy = shutil.copytree if (CHECKOUT / name).is_dir() else shutil.copy2
        copy(CHECKOUT / name, source / name, **IGNORE if (CHECKOUT / name).is_dir() else {})
    run([*pip_wheel, "-w", str(wheels), str(source)], cwd=work)
    environment = work / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    wheel = next(wheels.glob("gkg-*.whl"))
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], work)
    purelib = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work
    )
    dependencies = [path for path in site.getsitepackages() if "site-packages" in path]
    (Path(purelib.stdout.strip()) / "gkg-test-dependencies.pth").write_text(
        "\n".join(dependencies) + "\n"
    )
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    return environment, elsewhere


def test_installed_packages_come_from_the_wheel(installed: tuple[Path, Path]) -> None:
    environment, elsewhere = installed
    where = run(
        [
            str(environment / "bin" / "python"),
            "-c",
            "import service, loaders.paths as p; print(service.__file__); print(p.PROJECT_FILES)",
        ],
        elsewhere,
    ).stdout.split()
    assert where[0].startswith(str(environment)) and where[1] == str(environment / "share" / "gkg")


@pytest.fixture(scope="module")
def served(installed: tuple[Path, Path]) -> Iterator[tuple[str, int]]:
    environment, elsewhere = installed
    gkg = str(environment / "bin" / "gkg")
    built = run([gkg, "build"], elsewhere)
    published = re.search(r"published \S+: (\d+) triples", built.stdout + built.stderr)
    assert published, built.stdout + built.stderr
    port = free_port()
    log = elsewhere / "serve.log"
    env = {key: value for key, value in os.environ.items() if not key.startswith("GKG_")}
    with open(log, "w") as output:
        server = subprocess.Popen(
            [gkg, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            cwd=elsewhere,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(url, server, log)
            yield url, int(published.group(1))
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_the_wheel_builds_and_serves_the_bundled_document(served: tuple[str, int]) -> None:
    served, triples = served
    ready = readiness_after_warm_up(served)
    assert ready["status"] == "ready"
    count = requests.get(
        f"{served}/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == triples > 14_000
    module = requests.get(f"{served}/module/6.1", headers={"Accept": "text/html"}, timeout=30)
    assert module.status_code == 200 and "Autologe vettransplantatie" in module.text
    assert requests.get(f"{served}/static/gkg.css", timeout=30).status_code == 200
    rows = requests.get(
        f"{served}/api/queries/recommendations-by-strength.csv",
        params={"direction": "against"},
        timeout=30,
    ).text.splitlines()
    assert rows[1].split(",")[4] == "Aanbeveling-2 overige PET-tracers"
