"""Building a release: parse, build RDF, validate, write a new store, swap it in.

    result = build_release([Path("doc.txt")], store_root(), base_iri=DEFAULT_BASE_IRI)

Each step reports to a `progress` callback.  Nothing touches the published
release until the new one is complete and valid: a failure at any step leaves
the served store as it was and removes the half-built one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph
import rdflib

from loaders.corpus import build_corpus_graph
from loaders.coverage import Coverage, coverage_of
from loaders.iris import DEFAULT_BASE_IRI
from loaders.parse_cache import ParseCache
from loaders.readers import expand

from . import store as stores
from .coverage_report import write_coverage
from .graphs import GRAPH_NAMES, graph_iri, load_ontology_graphs

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
    coverage: list[Coverage] = field(default_factory=list)


def build_release(
    sources: list[Path],
    root: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Progress = lambda message: None,
    reuse_parsed: bool = True,
) -> BuildResult:
    """Parse `sources` (files and folders), validate, and publish them as the new current
    release of `root`.  A document parsed by an earlier build of `root` is not parsed again
    unless its content or the parsers changed (`reuse_parsed=False`: parse everything)."""
    started = time.perf_counter()
    documents = []
    cache = ParseCache(root / "cache" / "documents")
    for source in expand(sources):
        if reuse_parsed:
            document, reused = cache.load(source)
        else:
            document, reused = cache.load_fresh(source), False
        progress(f"reusing {source} (parsed before, unchanged)" if reused else f"parsed {source}")
        documents.append(document)
    cache.prune()
    coverage = [coverage_of(document) for document in documents]
    progress(f"building RDF for {sum(len(d.modules) for d in documents)} module(s)")
    data = build_corpus_graph(documents, base_iri)
    progress(f"built {len(data)} data triples; validating with SHACL")
    graphs = load_ontology_graphs()
    graphs["data"] = data
    report = _validate(graphs)
    if not report.conforms:
        raise BuildRefused(report.to_text(), len(report.violations))
    graphs["validation"] = report.report_graph

    release_id = _release_id(documents)
    release = stores.new_release_dir(root, release_id)
    try:
        progress(f"writing store {release}")
        counts = _write_store(release, graphs, base_iri)
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
        write_coverage(release, coverage)
        stores.publish_release(root, release)
    except BaseException:
        stores.discard_release(release)
        raise
    progress(f"published release {release_id} ({sum(counts.values())} triples)")
    seconds = time.perf_counter() - started
    return BuildResult(release, info, seconds, report.to_text(), coverage)


def _validate(graphs: dict[str, rdflib.Graph]):  # noqa: ANN202 - ValidationResult
    from .validation import validate

    return validate(
        graphs["data"], ontology=graphs["ontology"] + graphs["concepts"], shapes=graphs["shapes"]
    )


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
