"""Recall per kind of fact on the corpus fixtures (tests/data/corpus/), by hand-written truth.

    python bench/corpus_recall.py                 # the loaders of this checkout
    python bench/corpus_recall.py --holdout       # the hold-out fixtures (tests/data/holdout/)
    python bench/corpus_recall.py --loaders DIR   # another version's `loaders` package (DIR
                                                  # holds it), e.g. one exported with
                                                  # `git archive <commit> loaders | tar -x -C DIR`

For every fixture and kind (modules, questions, ..., declarations) it compares the facts
the parser finds with those in tests/corpus_truth.py and prints found/expected (recall)
and the facts found that are not in the truth (extra).  Older loaders, which name modules
by number only and have no `loaders.load`, are compared on module numbers and read with
their `loaders.parsers.document.parse_document` (a format they cannot read counts as nothing found).
Figures go in notes, never in tests.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loaders", type=Path, help="folder holding another `loaders` package")
    parser.add_argument(
        "--holdout", action="store_true", help="the hold-out fixtures (see tests/holdout_truth.py)"
    )
    args = parser.parse_args()
    if args.loaders:
        sys.path.insert(0, str(args.loaders.resolve()))
    sys.path.insert(1 if args.loaders else 0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    truth = importlib.import_module("corpus_truth")
    expected_facts = truth.EXPECTED
    if args.holdout:
        expected_facts = importlib.import_module("holdout_truth").EXPECTED
    read = _reader()
    found_total: Counter[str] = Counter()
    expected_total: Counter[str] = Counter()
    extra_total: Counter[str] = Counter()
    print(f"{'fixture':38} " + " ".join(f"{kind[:6]:>6}" for kind in truth.KINDS))
    for path, expected in expected_facts.items():
        document = read(path)
        facts = _facts(truth, document) if document is not None else {}
        cells = []
        for kind in truth.KINDS:
            want = {_relaxed(fact) for fact in expected[kind]}
            got = {_relaxed(fact) for fact in facts.get(kind, set())}
            found_total[kind] += len(want & got)
            expected_total[kind] += len(want)
            extra_total[kind] += len(got - want)
            cells.append(f"{len(want & got)}/{len(want)}" if want else "-")
        print(f"{path.name:38} " + " ".join(f"{cell:>6}" for cell in cells))
    print()
    print(f"{'kind':16} {'found':>6} {'of':>4} {'recall':>7} {'extra':>6}")
    for kind in truth.KINDS:
        share = found_total[kind] / expected_total[kind] if expected_total[kind] else 1.0
        print(
            f"{kind:16} {found_total[kind]:>6} {expected_total[kind]:>4} {share:>7.0%} "
            f"{extra_total[kind]:>6}"
        )
    return 0


def _reader():  # noqa: ANN202 - a callable Path -> Document | None
    loaders = importlib.import_module("loaders")
    if hasattr(loaders, "load"):
        return _guarded(loaders.load)
    document = importlib.import_module("loaders.parsers.document")
    return _guarded(document.parse_document)


def _guarded(read):  # noqa: ANN001, ANN202
    errors = importlib.import_module("loaders.errors")

    def guarded(path: Path):  # noqa: ANN202
        if path.suffix == ".html" and read.__name__ == "parse_document":
            return None  # the text-export parser cannot read a page
        try:
            return read(path)
        except errors.SourceError as error:
            print(f"  {path.name}: refused: {error.message}", file=sys.stderr)
            return None

    return guarded


def _facts(truth, document) -> dict[str, set[tuple]]:  # noqa: ANN001
    """The truth's own extractor, on records of any version (missing fields count as empty)."""
    for module in document.modules:
        for name, default in (("conclusions", []), ("slug", ""), ("initiative_span", None)):
            if not hasattr(module, name):
                setattr(module, name, default)
        if not hasattr(type(module), "key"):
            module.key = module.number  # older records: a module is known by its number
        for recommendation in module.recommendations:
            if not hasattr(recommendation, "tables"):
                recommendation.tables = []
        for reference in module.references:
            if not hasattr(reference, "label"):
                reference.label = ""
    return truth.facts(document)


def _relaxed(fact: tuple) -> tuple:
    """A fact with module keys reduced to the module number or slug ('3.1', '3.1-1'), so that
    loaders that do not scope modules by guideline are compared on what they do read."""
    return tuple(
        re.sub(r"^[a-z0-9-]+/(?=[\w.-]+$)", "", value) if isinstance(value, str) else value
        for value in fact
    )


if __name__ == "__main__":
    sys.exit(main())
