"""The SHACL engine against pySHACL on the bundled document, every shape (run by hand).

    .venv/bin/python bench/shacl_agreement.py [SOURCE ...]

pySHACL runs each SPARQL constraint once per focus node through rdflib's engine, which
takes minutes on the bundled document; the test suite compares the two on every shape's
fixtures and on the bundled document's Core constraints.  This script does the whole
document: it prints both engines' times and result counts, and every result only one of
them reports (exit status 1 when there is any).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders import load, paths  # noqa: E402
from loaders.corpus import build_corpus_graph  # noqa: E402
from service.gate.validation import load_ontology, load_shapes, validate  # noqa: E402


def main(sources: list[Path]) -> int:
    data = build_corpus_graph([load(source) for source in sources])
    ontology, shapes = load_ontology(), load_shapes()
    timed = {}
    for engine in ("oxigraph", "pyshacl"):
        started = time.perf_counter()
        result = validate(data, ontology=ontology, shapes=shapes, engine=engine)
        timed[engine] = (time.perf_counter() - started, set(result.results))
        print(f"{engine}: {len(result.results)} results in {timed[engine][0]:.1f} s", flush=True)
    ours, theirs = timed["oxigraph"][1], timed["pyshacl"][1]
    for label, only in (("only the engine", ours - theirs), ("only pySHACL", theirs - ours)):
        for record in sorted(only, key=str):
            print(f"{label}: {record}")
    print("the same results" if ours == theirs else "the results differ")
    return 0 if ours == theirs else 1


if __name__ == "__main__":
    sys.exit(main([Path(arg) for arg in sys.argv[1:]] or [paths.BUNDLED_SOURCE]))
