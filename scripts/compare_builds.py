"""Compare the published releases of two stores, graph by graph, after canonical blank-node
labelling (Oxigraph gives blank nodes fresh labels on every load, so raw dumps never match).

    python scripts/compare_builds.py STORE_A STORE_B

Prints one line per named graph and exits 0 when every graph's canonical N-Triples are
byte-identical, 1 otherwise. Used to check that a refactoring leaves the build's output as it was.
"""

from __future__ import annotations

import sys
from pathlib import Path

import rdflib
from rdflib.compare import to_canonical_graph

from service.store.releases import current_release, open_read_only


def canonical_graphs(root: Path) -> dict[str, list[str]]:
    """Each named graph of the store's current release as sorted canonical N-Triples lines."""
    release = current_release(root)
    if release is None:
        raise SystemExit(f"{root}: no published release")
    store = open_read_only(release)
    graphs = {}
    for name in store.named_graphs():
        graph = rdflib.Graph()
        lines = "".join(
            f"{quad.subject} {quad.predicate} {quad.object} .\n"
            for quad in store.quads_for_pattern(None, None, None, name)
        )
        graph.parse(data=lines, format="nt")
        text = to_canonical_graph(graph).serialize(format="nt")
        graphs[name.value] = sorted(line for line in text.splitlines() if line)
    return graphs


def main(first: Path, second: Path) -> int:
    a, b = canonical_graphs(first), canonical_graphs(second)
    same = True
    for name in sorted(a.keys() | b.keys()):
        verdict = "identical" if a.get(name) == b.get(name) else "DIFFERENT"
        same &= verdict == "identical"
        print(f"{name}: {len(a.get(name, []))} / {len(b.get(name, []))} triples, {verdict}")
    return 0 if same else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
