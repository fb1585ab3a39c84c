"""A synthetic corpus of N guidelines shaped like the bundled one, for scale benchmarks.

    python bench/synthetic.py --copies 100 --out /tmp/synthetic-100.nq

Builds the bundled document's graph once, then writes N renamed copies of every
data IRI (`…/module/borstkanker/10.1.1` becomes `…/s17/module/borstkanker/10.1.1` in copy 17;
copy 0 keeps the
original IRIs) into the
data graph, plus the ontology, concept scheme and shapes graphs unchanged, as
N-Quads.  Concept IRIs are shared by all copies, as they would be across
real guidelines; literal values are copied as they are.

    python bench/synthetic.py --copies 100 --store /tmp/store-100

loads the result into a store root in the project's release layout instead.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import pyoxigraph
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders.iris import DEFAULT_BASE_IRI  # noqa: E402
from loaders.parsers.document import parse_document  # noqa: E402
from loaders.rdf.builder import build_graph  # noqa: E402
from service.pipeline.build import BUNDLED_SOURCE  # noqa: E402
from service.store import releases as stores  # noqa: E402
from service.store.graphs import graph_iri, load_ontology_graphs  # noqa: E402

_DATA_IRI = re.compile(r"<" + re.escape(DEFAULT_BASE_IRI) + r"(?!concept/|ontology#)")
_BLANK = re.compile(r"(?<![<\w])_:(\w+)")


def copy_lines(ntriples: list[str], copies: int, graph: str) -> object:
    """Yield N-Quads lines: every data IRI renamed per copy, in the data graph."""
    for index in range(copies):
        prefix = f"<{DEFAULT_BASE_IRI}s{index}/"
        for line in ntriples:
            renamed = line[:-2].rstrip()
            if index:  # copy 0 keeps the bundled IRIs, so point look-ups find something
                renamed = _DATA_IRI.sub(prefix, renamed)
            renamed = _BLANK.sub(rf"_:c{index}x\1", renamed)  # blank nodes are per copy too
            yield f"{renamed} <{graph}> .\n"


def write_corpus(copies: int, out: Path) -> int:
    """Write the synthetic corpus as N-Quads; return the number of quads."""
    data = build_graph(parse_document(BUNDLED_SOURCE))
    lines = data.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines(True)
    lines = [line for line in lines if line.strip()]
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for quad in copy_lines(lines, copies, graph_iri(DEFAULT_BASE_IRI, "data")):
            handle.write(quad)
            count += 1
        for name, graph in load_ontology_graphs().items():
            dataset = rdflib.Dataset()
            named = dataset.graph(rdflib.URIRef(graph_iri(DEFAULT_BASE_IRI, name)))
            named += graph
            text = dataset.serialize(format="nquads", encoding="utf-8").decode("utf-8")
            handle.write(text)
            count += len(graph)
    return count


def load_store(corpus: Path, root: Path) -> Path:
    """Load an N-Quads corpus into a new published release under `root`."""
    release = stores.new_release_dir(root, f"synthetic-{int(time.time())}")
    store = pyoxigraph.Store(str(release))
    store.bulk_load(path=str(corpus), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store
    stores.publish_release(root, release)
    return release


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--out", type=Path, help="N-Quads file to write")
    parser.add_argument("--store", type=Path, help="also load into this store root")
    args = parser.parse_args()
    out = args.out or Path(f"/tmp/gkg-synthetic-{args.copies}.nq")
    started = time.perf_counter()
    quads = write_corpus(args.copies, out)
    print(f"wrote {quads} quads to {out} in {time.perf_counter() - started:.1f} s")
    if args.store:
        started = time.perf_counter()
        release = load_store(out, args.store)
        print(f"loaded into {release} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
