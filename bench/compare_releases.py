"""Compare the published releases of two store roots, graph by graph.

    python bench/compare_releases.py STORE_A STORE_B [--bnode-limit 200000]

For each named graph: the number of triples in each, and whether they are the same triples.
Triples without blank nodes are compared as sets of N-Triples lines (exact: the same terms,
byte for byte); graphs with blank nodes are also compared with rdflib's isomorphism (blank
node labels differ between loads), up to `--bnode-limit` triples, beyond which only the number
of triples with blank nodes is compared.  Exit status 1 when any differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.store.releases import current_release, open_read_only  # noqa: E402


def graph_lines(store: pyoxigraph.Store, graph: pyoxigraph.NamedNode) -> list[str]:
    dump = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph)
    return [line for line in dump.decode("utf-8").splitlines() if line.strip()]


def compare(a: Path, b: Path, bnode_limit: int) -> bool:
    first, second = open_read_only(current_release(a)), open_read_only(current_release(b))
    names = {g.value for g in first.named_graphs()} | {g.value for g in second.named_graphs()}
    same = True
    for name in sorted(names):
        graph = pyoxigraph.NamedNode(name)
        left, right = graph_lines(first, graph), graph_lines(second, graph)
        plain = [{line for line in lines if "_:" not in line} for lines in (left, right)]
        blank = [len(lines) - len(named) for lines, named in zip((left, right), plain, strict=True)]
        if plain[0] != plain[1]:
            verdict, how = False, f"{len(plain[0] ^ plain[1])} lines without blank nodes differ"
        elif not any(blank):
            verdict, how = True, "same N-Triples lines"
        elif max(len(left), len(right)) > bnode_limit:
            verdict = blank[0] == blank[1]
            how = f"same lines without blank nodes; {blank[0]} / {blank[1]} with blank nodes"
        else:
            g1 = rdflib.Graph().parse(data="\n".join(left), format="nt")
            g2 = rdflib.Graph().parse(data="\n".join(right), format="nt")
            verdict = isomorphic(g1, g2)
            how = "isomorphic" if verdict else "not isomorphic"
            if not verdict:
                _, only1, only2 = graph_diff(to_isomorphic(g1), to_isomorphic(g2))
                for triple in sorted(only1)[:5]:
                    print(f"    only in A: {triple}")
                for triple in sorted(only2)[:5]:
                    print(f"    only in B: {triple}")
        print(f"{name}: {len(left)} / {len(right)} triples, {how}")
        same = same and verdict
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--bnode-limit", type=int, default=200_000)
    args = parser.parse_args()
    return 0 if compare(args.a, args.b, args.bnode_limit) else 1


if __name__ == "__main__":
    sys.exit(main())
