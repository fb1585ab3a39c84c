"""Compare two N-Quads exports of the bundled document's store, old IRIs rewritten to new.

    python scripts/compare_bundled.py BEFORE.nq AFTER.nq

The bundled document's IRIs changed once, on purpose, when module IRIs were scoped by
guideline (issue 13); `LEGACY_RULES` in `service.web.legacy_iris` rewrites the old ones.  The
script prints, per named graph, whether the rewritten BEFORE is isomorphic to AFTER, and the
triples only one side has.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import rdflib
import rdflib.compare

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.web.legacy_iris import rewrite_legacy  # noqa: E402

BUNDLED = {
    "modules": {"10.1.1": "borstkanker", "9.2.3": "borstkanker", "6.1": "borstreconstructie"},
    "source": "cd1d8d8584518336",
    "cluster": "borstkanker",
}


_EMBEDDED = re.compile(r"https://w3id\.org/gkg/[^\s'\"<>()]+")


def graphs(path: Path, rewrite: bool) -> dict[str, rdflib.Graph]:
    found: dict[str, rdflib.Graph] = defaultdict(rdflib.Graph)
    for quad in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.N_QUADS):
        terms = []
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, pyoxigraph.NamedNode):
                value = rewrite_legacy(term.value, BUNDLED) if rewrite else term.value
                terms.append(rdflib.URIRef(value))
            elif isinstance(term, pyoxigraph.BlankNode):
                terms.append(rdflib.BNode(term.value))
            else:
                datatype = rdflib.URIRef(term.datatype.value) if not term.language else None
                text = _EMBEDDED.sub(lambda m: rewrite_legacy(m.group(), BUNDLED), term.value)
                value = text if rewrite else term.value
                terms.append(rdflib.Literal(value, lang=term.language, datatype=datatype))
        found[quad.graph_name.value].add(tuple(terms))
    return found


def main(before: Path, after: Path) -> int:
    old, new = graphs(before, True), graphs(after, False)
    same = True
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, rdflib.Graph()), new.get(name, rdflib.Graph())
        iso = rdflib.compare.isomorphic(a, b)
        same &= iso
        print(f"{name}: {len(a)} / {len(b)} triples, isomorphic: {iso}")
        if not iso:
            _, only_a, only_b = rdflib.compare.graph_diff(
                rdflib.compare.to_isomorphic(a), rdflib.compare.to_isomorphic(b)
            )
            for label, graph in (("only before", only_a), ("only after", only_b)):
                lines = sorted(graph.serialize(format="nt").splitlines())
                print(f"  {label}: {len(lines)}")
                for line in lines[:15]:
                    print("    " + line[:220])
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
