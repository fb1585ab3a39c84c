"""The fuzzy organisation index answers what comparing a name with every known name answers.

`FuzzyIndex` skips names that cannot reach the threshold; these tests compare it with the
plain comparison (`SequenceMatcher` against each name, the first of the highest ratio) on the
gazetteer's names written with letters dropped, doubled, changed and appended.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from loaders.parsers.fuzzy_index import FuzzyIndex
from loaders.parsers.organisations import SIMILAR_NAME, lookup

NAMES = [
    ("nederlandseverenigingvoorheelkunde", "nvvh"),
    ("nederlandseverenigingvoorradiologie", "nvvr"),
    ("nederlandseverenigingvoorradiotherapieonkologie", "nvro"),
    ("borstkankeronderzoekgroep", "boog"),
    ("borstkankeronderzoeksgroep", "boog"),
    ("integraalkankerkentrumnederland", "iknl"),
    ("kwfkankerbestrijding", "kwf"),
]


def plain_best(text: str, threshold: float) -> str | None:
    """The answer of comparing `text` with every name, as the index's answer must be."""
    score, value = max(
        ((SequenceMatcher(None, text, name).ratio(), value) for name, value in NAMES),
        key=lambda pair: pair[0],
    )
    return value if score >= threshold else None


def variants(name: str) -> list[str]:
    """The name with one letter dropped, doubled or changed, and with letters appended."""
    found = [name + "nl", name[:-3], name + name[:4]]
    for i in range(len(name)):
        found += [name[:i] + name[i + 1 :], name[:i] + name[i] + name[i:], name[:i] + "x"]
    return found


def test_index_answers_as_the_plain_comparison() -> None:
    texts = [text for name, _ in NAMES for text in variants(name)]
    texts += ["nederlandseverenigingvoorchirurgie", "stichtingborstkanker", "kankerbestrijder"]
    for threshold in (SIMILAR_NAME, 0.7, 0.95):
        index = FuzzyIndex(NAMES, threshold)
        assert [index.best(t) for t in texts] == [plain_best(t, threshold) for t in texts]


def test_ties_go_to_the_first_name() -> None:
    index = FuzzyIndex([("nvro", "first"), ("nvvr", "second")], 0.7)
    assert index.best("nvrx") == "first"  # 0.75 for both


def test_lookup_finds_a_misspelt_known_organisation() -> None:
    # bundled document line 285: 'Borstkanker onderzoekgroep' (an alias); misspelt here
    known, exact = lookup("Borstkanker Onderzoeksgroepp")
    assert (known.key if known else None, exact) == ("boog", False)
    assert lookup("Stichting Onbekend Fonds") == (None, False)
