"""Building a release: parse, build RDF, validate, write a new store, swap it in.

    result = build_release([Path("doc.txt")], store_root(), base_iri=DEFAULT_BASE_IRI)

Each step reports to a `progress` callback.  Nothing touches the published
release until the new one is complete and valid: a failure at any step leaves
the served store as it was and removes the half-built one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
import rdflib

from loaders.iris import DEFAULT_BASE_IRI

from . import store as stores
from .graphs import GRAPH_NAMES, graph_iri, load_ontology_graphs
from .release_writer import Spool, build_documents, validate_spool, write_release

Progress = Callable[[str], None]
BUNDLED_SOURCE = stores.PROJECT_ROOT / "data" / "source" / "borstkanker-cluster-3a-2026.txt"


class BuildRefused(Exception):
    """The built graph did not pass validation; `report` says why."""

    def __init__(self, report: str, violations: int) -> None:
        super().__init__(f"the graph has {violations} SHACL violation(s); nothing was published")
        self.report = report
        self.violations = violations


@dataclass
class BuildResult:
    release: Path
    info: stores.ReleaseInfo
    seconds: float
    validation_text: str


def build_release(
    sources: list[Path],
    root: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Progress = lambda message: None,
) -> BuildResult:
    """Parse `sources`, validate, and publish them as the new current release of `root`."""
    started = time.perf_counter()
    spool = Spool(root)
    documents, triples = build_documents(sources, base_iri, spool, progress)
    progress(f"built {len(documents)} document(s), {triples} triples; validating with SHACL")
    graphs = load_ontology_graphs()
    report = validate_spool(spool, graphs)
    if not report.conforms:
        spool.remove()
        raise BuildRefused(report.to_text(), len(report.violations))

    release_id = _release_id(documents)
    release = stores.new_release_dir(root, release_id)
    try:
        progress(f"writing store {release}")
        counts = write_release(release, spool, graphs, report, base_iri)
        info = stores.ReleaseInfo(
            release_id=release_id,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            base_iri=base_iri,
            sources=[
                {
                    "path": d.source.path,
                    "sha256": d.source.sha256,
                    "lines": str(d.source.line_count),
                }
                for d in documents
            ],
            graphs=counts,
            conforms=report.conforms,
            violations=len(report.violations),
            warnings=len(report.warnings),
            infos=len(report.infos),
        )
        stores.write_release_info(release, info)
        (release / "validation.txt").write_text(report.to_text(), "utf-8")
        stores.publish_release(root, release)
    except BaseException:
        stores.discard_release(release)
        raise
    progress(f"published release {release_id} ({sum(counts.values())} triples)")
    return BuildResult(release, info, time.perf_counter() - started, report.to_text())


def _write_store(release: Path, graphs: dict[str, rdflib.Graph], base_iri: str) -> dict[str, int]:
    store = pyoxigraph.Store(str(release))
    counts: dict[str, int] = {}
    for name in GRAPH_NAMES:
        graph = graphs.get(name)
        if graph is None:
            continue
        iri = graph_iri(base_iri, name)
        store.bulk_load(
            graph.serialize(format="nt", encoding="utf-8"),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
            to_graph=pyoxigraph.NamedNode(iri),
        )
        counts[iri] = len(graph)
    store.flush()
    store.optimize()
    del store
    return counts


def _release_id(documents: list) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    digest = "".join(document.source.sha256[:8] for document in documents)[:24]
    return f"{stamp}-{digest}"
